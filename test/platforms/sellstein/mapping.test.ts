import { describe, expect, it } from "vitest";
import { orderStatuses, productSchema } from "../../../src/core";
import {
  describeError,
  mapStock,
  toCatalogProduct,
  toContractField,
  toOrderRequest,
  toOrderStatus,
  toPlatformOrder,
} from "../../../src/server/platforms/sellstein/mapping";
import {
  sellsteinOrderSchema,
  sellsteinOrderStatuses,
  sellsteinProductSchema,
} from "../../../src/server/platforms/sellstein/schemas";
import { type FakeOrder, seedOrders, seedProducts, sellsteinErrorBody } from "./fake-data";

const docProduct = () => sellsteinProductSchema.parse(seedProducts()[0]);

function product(overrides: Record<string, unknown>) {
  return sellsteinProductSchema.parse({ ...seedProducts()[0], ...overrides });
}

describe("SellStein product mapping", () => {
  it("turns the document's decimal price into minor units", () => {
    expect(toCatalogProduct(docProduct()).price).toEqual({ amount: 2999, currency: "USD" });
    expect(toCatalogProduct(product({ price: 49.99 })).price).toEqual({
      amount: 4999,
      currency: "USD",
    });
    expect(toCatalogProduct(product({ price: 19 })).price).toEqual({
      amount: 1900,
      currency: "USD",
    });
  });

  it("uses each currency's own exponent", () => {
    expect(toCatalogProduct(product({ price: 1200, currency: "JPY" })).price).toEqual({
      amount: 1200,
      currency: "JPY",
    });
    expect(toCatalogProduct(product({ price: 3.125, currency: "kwd" })).price).toEqual({
      amount: 3125,
      currency: "KWD",
    });
  });

  it("reads -1 stock as unlimited, keeps counted stock, and an oversold count as none left", () => {
    expect(mapStock(-1)).toBeNull();
    expect(mapStock(0)).toBe(0);
    expect(mapStock(-2)).toBe(0);
    expect(toCatalogProduct(product({ stock: -1 })).stock).toBeNull();
    expect(toCatalogProduct(product({ stock: 142 })).stock).toBe(142);
  });

  it("rejects negative prices at the schema, and reads an oversold stock as none left", () => {
    const oversold = sellsteinProductSchema.parse({ ...seedProducts()[0], stock: -2 });
    expect(toCatalogProduct(oversold).stock).toBe(0);
    expect(sellsteinProductSchema.safeParse({ ...seedProducts()[0], price: -1 }).success).toBe(
      false,
    );
    expect(sellsteinProductSchema.safeParse({ ...seedProducts()[0], price: "29.99" }).success).toBe(
      false,
    );
  });

  it("shows only active products and sells only those in stock", () => {
    expect(toCatalogProduct(product({ status: "active" }))).toMatchObject({
      visible: true,
      available: true,
    });
    for (const status of ["draft", "archived"]) {
      expect(toCatalogProduct(product({ status }))).toMatchObject({
        visible: false,
        available: false,
      });
    }
    expect(toCatalogProduct(product({ stock: 0 })).available).toBe(false);
  });

  it("maps variants, naming them by name where SellStein gives no id", () => {
    const mapped = toCatalogProduct(sellsteinProductSchema.parse(seedProducts()[2]));
    expect(mapped.variants).toEqual([
      { id: "Personal", name: "Personal", price: { amount: 1900, currency: "USD" }, stock: null },
      { id: "Commercial", name: "Commercial", price: { amount: 5950, currency: "USD" }, stock: 12 },
    ]);
    const withIds = product({
      variants: [{ id: "var_1", name: "Solo", price: 5, stock: 0 }],
    });
    expect(toCatalogProduct(withIds).variants[0]?.id).toBe("var_1");
    expect(toCatalogProduct(withIds).available).toBe(false);
  });

  it("copies only the contract's fields, whatever else the upstream object holds", () => {
    const mapped = toCatalogProduct(sellsteinProductSchema.parse(seedProducts()[0]));
    const { description, visible, ...contractPart } = mapped;
    expect(productSchema.safeParse({ ...contractPart, descriptionHtml: description }).success).toBe(
      true,
    );
    expect(visible).toBe(true);
    expect(JSON.stringify(mapped)).not.toContain("Supplier cost");
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
        "slug",
        "stock",
        "type",
        "variants",
        "visible",
      ].sort(),
    );
  });

  it("maps each documented product type and fails loudly on a new one", () => {
    for (const type of ["digital", "physical", "subscription", "service"]) {
      expect(toCatalogProduct(product({ type })).type).toBe(type);
    }
    expect(sellsteinProductSchema.safeParse({ ...seedProducts()[0], type: "bundle" }).success).toBe(
      false,
    );
  });

  it("has no quantity limits or custom fields of its own", () => {
    expect(toCatalogProduct(docProduct())).toMatchObject({
      quantity: { min: 1, max: null },
      customFields: [],
      description: "",
    });
  });
});

describe("SellStein order mapping", () => {
  const docOrder = seedOrders()[0] as FakeOrder;

  it("maps the document's order object without customer details or notes", () => {
    const mapped = toPlatformOrder(sellsteinOrderSchema.parse(docOrder));
    expect(mapped).toEqual({
      id: "ord_Qw7mNp3",
      // The receipt number the buyer sees, for a merchant's KIOSK_CHECKOUT_URL.
      reference: "1042",
      status: "completed",
      total: { amount: 4999, currency: "USD" },
      items: [{ productId: "prod_xK9mZq2", name: "Premium License Key", quantity: 1 }],
    });
  });

  it("hands over delivered goods of a completed order only", () => {
    const delivered = [
      { product_id: "prod_xK9mZq2", value: "PRLK-7F3A-99QX" },
      { value: "https://cdn.sellstein.com/dl/abc123/toolkit.zip" },
    ];
    expect(
      toPlatformOrder(sellsteinOrderSchema.parse({ ...docOrder, delivered_items: delivered })),
    ).toMatchObject({
      status: "completed",
      deliveredItems: [
        { productId: "prod_xK9mZq2", kind: "key", value: "PRLK-7F3A-99QX" },
        { kind: "link", value: "https://cdn.sellstein.com/dl/abc123/toolkit.zip" },
      ],
    });
    for (const status of ["pending", "refunded", "disputed", "shipped"]) {
      const order = sellsteinOrderSchema.parse({ ...docOrder, status, delivered_items: delivered });
      expect(toPlatformOrder(order).deliveredItems).toBeUndefined();
    }
  });

  it("maps every SellStein status onto a contract status", () => {
    const expected = {
      pending: "pending",
      completed: "completed",
      shipped: "delivering",
      refunded: "refunded",
      cancelled: "cancelled",
      // A chargeback opened is not money returned.
      disputed: "paid",
    } as const;
    for (const status of sellsteinOrderStatuses) {
      expect(toOrderStatus(status)).toBe(expected[status]);
      expect(orderStatuses).toContain(toOrderStatus(status));
    }
    expect(sellsteinOrderSchema.safeParse({ ...docOrder, status: "on_hold" }).success).toBe(false);
  });

  it("builds the SDK's orders.create body and sends no price", () => {
    const body = toOrderRequest({
      idempotencyKey: "attempt-123456",
      email: "buyer@example.com",
      items: [
        { productId: "prod_xK9mZq2", quantity: 1 },
        { productId: "prod_Vr8tLm2", variantId: "Commercial", quantity: 2 },
      ],
      fields: {},
      total: { amount: 14899, currency: "USD" },
    });
    expect(body).toEqual({
      customer_email: "buyer@example.com",
      items: [
        { product_id: "prod_xK9mZq2", quantity: 1 },
        { product_id: "prod_Vr8tLm2", quantity: 2, variant: "Commercial" },
      ],
    });
  });
});

describe("SellStein error mapping", () => {
  it("reads the document's error body into safe words and contract paths", () => {
    const body = sellsteinErrorBody(400, [
      { field: "items[1].quantity", issue: "Exceeds available stock of 3 (supplier ACME)" },
      { field: "customer_email", issue: "jane@example.com is blocked" },
      { field: "internal_note", issue: "Too long" },
    ]);
    const described = describeError(400, body);
    expect(described).toEqual({
      message: "SellStein refused the request as invalid",
      fields: {
        "items.1.quantity": "SellStein refused this value",
        email: "SellStein refused this value",
      },
    });
    expect(JSON.stringify(described)).not.toMatch(/ACME|blocked|jane|Too long/);
  });

  it("chooses the message by code, never the upstream text", () => {
    expect(describeError(404, sellsteinErrorBody(404))).toEqual({
      message: "SellStein has no such resource",
    });
    expect(describeError(500, sellsteinErrorBody(500)).message).toBe(
      "SellStein had an internal error",
    );
    expect(describeError(502, "<html>Bad gateway</html>")).toEqual({
      message: "SellStein answered 502",
    });
    expect(describeError(418, { error: { code: "TEAPOT", message: "secret sauce" } }).message).toBe(
      "SellStein answered 418",
    );
  });

  it("maps the field names SellStein uses for order items", () => {
    expect(toContractField("items[0].product_id")).toBe("items.0.productId");
    expect(toContractField("items.2.quantity")).toBe("items.2.quantity");
    expect(toContractField("items[3].variant")).toBe("items.3.variantId");
    expect(toContractField("items")).toBe("items");
    expect(toContractField("price")).toBeUndefined();
    expect(toContractField("items[0].unit_price")).toBeUndefined();
  });
});
