import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MoneyError } from "../../../src/core";
import {
  describeError,
  mapProductType,
  mapStock,
  pageCountOf,
  toCatalogProduct,
  toOrderStatus,
  toPlatformOrder,
} from "../../../src/server/platforms/sellvy/mapping";
import {
  type SellvyOrder,
  type SellvyProduct,
  sellvyOrderSchema,
  type sellvyOrderStatuses,
  type sellvyPaymentStatuses,
  sellvyProductSchema,
} from "../../../src/server/platforms/sellvy/schemas";

/** The document's example product, plus what a full read carries (including `file_url`). */
const iconPack = {
  id: "prod_abc123",
  title: "Premium Icon Pack",
  type: "digital_download",
  price: 29.99,
  currency: "USD",
  description: "500+ hand-crafted icons in SVG and PNG formats.",
  category_id: "cat_abc123",
  category: { id: "cat_abc123", name: "Templates" },
  is_visible: true,
  images: ["https://cdn.example/icons.png"],
  file_url: "https://files.sellvy.io/private/secret.zip",
  stock: -1,
};

function product(overrides: Record<string, unknown> = {}): SellvyProduct {
  return sellvyProductSchema.parse({ ...iconPack, ...overrides });
}

describe("Sellvy product mapping", () => {
  it("turns decimal prices into minor units of the product's currency", () => {
    expect(toCatalogProduct(product()).price).toEqual({ amount: 2999, currency: "USD" });
    expect(toCatalogProduct(product({ price: "14.99" })).price).toEqual({
      amount: 1499,
      currency: "USD",
    });
    expect(toCatalogProduct(product({ price: 1200, currency: "JPY" })).price).toEqual({
      amount: 1200,
      currency: "JPY",
    });
    expect(toCatalogProduct(product({ price: 1.234, currency: "kwd" })).price).toEqual({
      amount: 1234,
      currency: "KWD",
    });
  });

  it("refuses a price below zero, which the schema reads: such a line would take money off", () => {
    expect(() => toCatalogProduct(product({ price: "-5.00" }))).toThrow(MoneyError);
  });

  it("keeps every price exact, whatever the cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), (amount) => {
        const decimal = (amount / 100).toFixed(2);
        expect(toCatalogProduct(product({ price: decimal })).price.amount).toBe(amount);
        expect(toCatalogProduct(product({ price: Number(decimal) })).price.amount).toBe(amount);
      }),
    );
  });

  it("reads -1, null and a missing stock as unlimited, and an oversell as sold out", () => {
    expect(mapStock(-1)).toBeNull();
    expect(mapStock(null)).toBeNull();
    expect(mapStock(undefined)).toBeNull();
    expect(mapStock(0)).toBe(0);
    expect(mapStock(-3)).toBe(0);
    expect(mapStock(7)).toBe(7);
    expect(toCatalogProduct(product({ stock: 0 })).available).toBe(false);
    expect(toCatalogProduct(product({ stock: 4 }))).toMatchObject({ stock: 4, available: true });
  });

  it("copies only the contract's fields, with title as name and the category's name", () => {
    const mapped = toCatalogProduct(product());
    expect(Object.keys(mapped).sort()).toEqual(
      [
        "available",
        "category",
        "customFields",
        "description",
        "id",
        "images",
        "name",
        "price",
        "quantity",
        "stock",
        "type",
        "variants",
        "visible",
      ].sort(),
    );
    expect(mapped).toMatchObject({
      name: "Premium Icon Pack",
      category: "Templates",
      type: "download",
    });
    expect(JSON.stringify(mapped)).not.toContain("files.sellvy.io");
  });

  it("marks invisible products as hidden and not purchasable", () => {
    expect(toCatalogProduct(product({ is_visible: false }))).toMatchObject({
      visible: false,
      available: false,
    });
  });

  it("maps variants with their own prices and stock", () => {
    const mapped = toCatalogProduct(
      product({
        stock: null,
        variants: [
          { id: "var_a", title: "Personal", price: 49, stock: 0 },
          { id: 7, name: "Team", price: "129.50", stock: -1 },
        ],
      }),
    );
    expect(mapped.variants).toEqual([
      { id: "var_a", name: "Personal", price: { amount: 4900, currency: "USD" }, stock: 0 },
      { id: "7", name: "Team", price: { amount: 12950, currency: "USD" }, stock: null },
    ]);
    expect(mapped.available).toBe(true);
    const soldOut = toCatalogProduct(
      product({ variants: [{ id: "v", title: "Only", price: 1, stock: 0 }] }),
    );
    expect(soldOut.available).toBe(false);
  });

  it("maps Sellvy's types onto the contract's", () => {
    expect(mapProductType("digital_download")).toBe("download");
    expect(mapProductType("license_key")).toBe("license_key");
    expect(mapProductType("subscription")).toBe("subscription");
    expect(mapProductType("service")).toBe("service");
    expect(mapProductType("something_new")).toBe("digital");
  });

  it("refuses a product whose price is not a decimal", () => {
    expect(sellvyProductSchema.safeParse({ ...iconPack, price: "29,99" }).success).toBe(false);
    expect(sellvyProductSchema.safeParse({ ...iconPack, is_visible: "yes" }).success).toBe(false);
  });
});

describe("Sellvy order mapping", () => {
  const cases: [
    (typeof sellvyOrderStatuses)[number],
    (typeof sellvyPaymentStatuses)[number] | undefined,
    string,
  ][] = [
    ["pending", undefined, "pending"],
    ["pending", "pending", "awaiting_payment"],
    ["pending", "paid", "paid"],
    // A failed attempt leaves the order open to pay: not the final "failed".
    ["pending", "failed", "awaiting_payment"],
    ["processing", "failed", "awaiting_payment"],
    ["processing", "paid", "delivering"],
    ["processing", "pending", "awaiting_payment"],
    ["processing", undefined, "delivering"],
    ["processing", "refunded", "refunded"],
    ["completed", "paid", "completed"],
    ["cancelled", "pending", "cancelled"],
    ["refunded", "refunded", "refunded"],
  ];
  it.each(cases)("status %s with payment %s is %s", (status, payment, expected) => {
    expect(toOrderStatus(status, payment)).toBe(expected);
  });

  const order = (overrides: Record<string, unknown> = {}): SellvyOrder =>
    sellvyOrderSchema.parse({
      id: "ord_xyz789",
      order_number: "ORD-1234",
      customer_email: "buyer@example.com",
      total: 29.99,
      currency: "USD",
      payment_method: "stripe",
      product: { id: "prod_abc123", title: "Premium Icon Pack" },
      status: "pending",
      payment_status: "pending",
      fraud_score: 88,
      delivered_items: [{ type: "serial", value: "AAAA-BBBB" }],
      ...overrides,
    });

  it("reads the document's single-product order, without delivered goods before completion", () => {
    expect(toPlatformOrder(order())).toEqual({
      id: "ord_xyz789",
      status: "awaiting_payment",
      total: { amount: 2999, currency: "USD" },
      items: [{ productId: "prod_abc123", name: "Premium Icon Pack", quantity: 1 }],
      // The number the buyer and the merchant see, for KIOSK_CHECKOUT_URL's {orderNumber}.
      reference: "ORD-1234",
    });
  });

  it("hands over delivered goods once completed", () => {
    const mapped = toPlatformOrder(
      order({ status: "completed", payment_status: "paid", delivery_message: "Enjoy" }),
    );
    expect(mapped.deliveredItems).toEqual([{ kind: "key", value: "AAAA-BBBB" }]);
    expect(mapped.deliveryMessage).toBe("Enjoy");
  });

  it("keeps every line of a multi-line order", () => {
    const mapped = toPlatformOrder(
      order({
        items: [
          { product_id: "p1", title: "One", quantity: 2 },
          { product_id: "p2", variant_id: "v9", title: "Two", quantity: 1 },
        ],
      }),
    );
    expect(mapped.items).toEqual([
      { productId: "p1", name: "One", quantity: 2 },
      { productId: "p2", variantId: "v9", name: "Two", quantity: 1 },
    ]);
  });

  it("refuses an order status the document does not list", () => {
    expect(sellvyOrderSchema.safeParse({ ...order(), status: "shipped" }).success).toBe(false);
  });
});

describe("Sellvy errors and pages", () => {
  it("describes the documented error codes in its own words, never the upstream message", () => {
    const body = (code: string, status: number) => ({
      error: { code, message: "Product not found: prod_secret_42", status },
    });
    const notFound = describeError(404, body("not_found", 404));
    expect(notFound.message).toBe("Sellvy has no such resource");
    expect(describeError(422, body("validation_error", 422)).message).toBe(
      "Sellvy refused the request as invalid",
    );
    expect(describeError(500, body("internal_error", 500)).message).not.toContain("prod_secret_42");
    expect(describeError(502, "<html>bad gateway</html>")).toEqual({
      message: "Sellvy answered 502",
    });
    expect(describeError(418, body("teapot", 418))).toEqual({
      message: "Sellvy answered 418",
    });
  });

  it("counts pages from meta", () => {
    expect(pageCountOf({ per_page: 25, total: 142 })).toBe(6);
    expect(pageCountOf({ per_page: 25, total: 0 })).toBe(0);
    expect(pageCountOf({ per_page: 10, total: 10 })).toBe(1);
  });
});
