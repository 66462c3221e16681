import { describe, expect, it } from "vitest";
import {
  describeError,
  mapCustomFields,
  mapInvalidField,
  mapQuantity,
  mapStock,
  storeCurrency,
  toCatalogProduct,
  toOrderStatus,
  toPlatformOrder,
} from "../../../src/server/platforms/sellsn/mapping";
import {
  type SellsnProduct,
  sellsnOrderSchema,
  sellsnProductSchema,
} from "../../../src/server/platforms/sellsn/schemas";
import { seedProducts, sellsnSecretValues } from "./fake-data";

/** The document's example product, parsed as the adapter parses it. */
function documentProduct(overrides: Record<string, unknown> = {}): SellsnProduct {
  return sellsnProductSchema.parse({
    id: "123e4567-e89b-12d3-a456-426614174000",
    dateCreated: "2025-05-21T13:52:12.674Z",
    name: "text",
    description: "text",
    cost: 1,
    amountSold: 1,
    files: [
      {
        id: "123e4567-e89b-12d3-a456-426614174000",
        dateCreated: "2025-05-21T13:52:12.674Z",
        friendlyName: "text",
      },
    ],
    tags: ["text"],
    webhookUrl: "text",
    visibility: 0,
    isPinned: true,
    isDynamic: true,
    imageNames: ["text"],
    ignoreOutOfStock: true,
    customValueKeys: ["text"],
    shouldBlockVirtualPrivateNetworks: true,
    deliveryMessage: "text",
    minimumQuantity: 1,
    maximumQuantity: 1,
    order: 1,
    likes: 1,
    isBestSeller: true,
    blacklistedPaymentGateways: ["text"],
    additionalFees: { ANY_ADDITIONAL_PROPERTY: "text" },
    metadata: "text",
    ...overrides,
  });
}

describe("SellSN product mapping", () => {
  it("parses the document's example and keeps none of its secret fields", () => {
    const parsed = documentProduct() as Record<string, unknown>;
    for (const key of ["webhookUrl", "additionalFees", "metadata", "blacklistedPaymentGateways"]) {
      expect(parsed).not.toHaveProperty(key);
    }
    // `files` survives only as a count: no file name or id.
    expect(parsed.files).toBe(1);
  });

  it("turns decimal costs into exact minor units of the store currency", () => {
    const plain = { isDynamic: false, ignoreOutOfStock: false };
    expect(toCatalogProduct(documentProduct({ ...plain, cost: 19.99 }), 3, "USD").price).toEqual({
      amount: 1999,
      currency: "USD",
    });
    expect(toCatalogProduct(documentProduct({ ...plain, cost: 0.1 }), 3, "EUR").price.amount).toBe(
      10,
    );
    expect(toCatalogProduct(documentProduct({ ...plain, cost: 1200 }), 3, "JPY").price).toEqual({
      amount: 1200,
      currency: "JPY",
    });
    expect(toCatalogProduct(documentProduct({ ...plain, cost: 1.234 }), 3, "KWD").price).toEqual({
      amount: 1234,
      currency: "KWD",
    });
  });

  it("reads the store's preferred currency, dollars when it names none, and guesses at no other words", () => {
    const store = { id: "s", name: "Pixel Keys" };
    expect(storeCurrency({ ...store, preferredCurrency: "eur" })).toBe("EUR");
    expect(storeCurrency({ ...store, preferredCurrency: " " })).toBe("USD");
    expect(storeCurrency(undefined)).toBe("USD");
    // Not dollars: a euro price shown as so many dollars.
    for (const words of ["€", "Euro", "text"]) {
      expect(storeCurrency({ ...store, preferredCurrency: words })).toBeUndefined();
    }
  });

  it("treats dynamic, ignore-out-of-stock and -1 stock as unlimited, an oversold count as none", () => {
    const limited = documentProduct({ isDynamic: false, ignoreOutOfStock: false });
    expect(mapStock(limited, 7)).toBe(7);
    expect(mapStock(limited, 0)).toBe(0);
    expect(mapStock(limited, -1)).toBeNull();
    expect(mapStock(limited, -2)).toBe(0);
    expect(mapStock(documentProduct({ isDynamic: true, ignoreOutOfStock: false }), 0)).toBeNull();
    expect(mapStock(documentProduct({ isDynamic: false, ignoreOutOfStock: true }), 0)).toBeNull();
    // Missing from the stock listing: not sellable until the next read says otherwise.
    expect(mapStock(limited, undefined)).toBe(0);
  });

  it("maps minimum/maximum quantity with -1 as no limit", () => {
    expect(mapQuantity(1, -1)).toEqual({ min: 1, max: null });
    expect(mapQuantity(2, 10)).toEqual({ min: 2, max: 10 });
    expect(mapQuantity(undefined, undefined)).toEqual({ min: 1, max: null });
    expect(mapQuantity(0, 5)).toEqual({ min: 1, max: 5 });
    expect(mapQuantity(5, 3)).toEqual({ min: 5, max: 5 });
  });

  it("turns customValueKeys into custom fields, none required since the document says none is", () => {
    expect(
      mapCustomFields(["Discord username", "Email for activation", " ", "Discord username"]),
    ).toEqual([
      { key: "Discord username", label: "Discord username", required: false, type: "text" },
      {
        key: "Email for activation",
        label: "Email for activation",
        required: false,
        type: "email",
      },
    ]);
    expect(mapCustomFields(null)).toEqual([]);
  });

  it("shows only visibility 0 and maps types and badges", () => {
    const shown = toCatalogProduct(documentProduct(), undefined, "USD");
    expect(shown.visible).toBe(true);
    expect(shown.type).toBe("dynamic");
    expect(shown.badges).toEqual(["best_seller"]);
    expect(toCatalogProduct(documentProduct({ visibility: 1 }), 1, "USD").visible).toBe(false);
    expect(toCatalogProduct(documentProduct({ visibility: 2 }), 1, "USD").visible).toBe(false);
    const file = documentProduct({ isDynamic: false });
    expect(toCatalogProduct(file, 1, "USD").type).toBe("download");
    const serial = documentProduct({ isDynamic: false, files: [] });
    expect(toCatalogProduct(serial, 1, "USD").type).toBe("license_key");
  });

  it("copies nothing secret from the fake's products into catalog products", () => {
    const text = JSON.stringify(
      seedProducts().map((product) =>
        toCatalogProduct(sellsnProductSchema.parse(product), product.items.length, "EUR"),
      ),
    );
    for (const secret of sellsnSecretValues) expect(text).not.toContain(secret);
  });
});

describe("SellSN order mapping", () => {
  it.each([
    ["Pending", "pending"],
    ["AwaitingPayment", "awaiting_payment"],
    ["Awaiting Payment", "awaiting_payment"],
    ["PARTIALLY_PAID", "awaiting_payment"],
    ["Paid", "paid"],
    ["Processing", "delivering"],
    ["Completed", "completed"],
    ["Delivered", "completed"],
    ["Failed", "failed"],
    ["Refunded", "refunded"],
    ["Expired", "expired"],
    ["Cancelled", "cancelled"],
    ["Canceled", "cancelled"],
    ["Voided", "cancelled"],
  ])("maps status %s to %s", (upstream, expected) => {
    expect(toOrderStatus(upstream)).toBe(expected);
  });

  it("does not guess an unknown status", () => {
    expect(toOrderStatus("Teleported")).toBeUndefined();
  });

  const order = sellsnOrderSchema.parse({
    id: "123e4567-e89b-12d3-a456-426614174099",
    status: "Completed",
    cost: 39.98,
    currency: "EUR",
    products: [
      {
        product: {
          id: "p1",
          name: "Windows 11 Pro Retail Key",
          deliveryMessage: "Activate within 30 days.",
          webhookUrl: "https://merchant.example/hooks/secret",
        },
        quantity: 2,
      },
    ],
    deliveredItem: "W11-AAAA-1111\nhttps://cdn.example/file.zip\n",
    checkoutUrl: "https://sellsn.io/checkout/123",
    ipAddress: "203.0.113.77",
  });

  it("maps a completed order with its goods and delivery message", () => {
    expect(toPlatformOrder(order, "completed", "USD")).toEqual({
      id: "123e4567-e89b-12d3-a456-426614174099",
      status: "completed",
      total: { amount: 3998, currency: "EUR" },
      items: [{ productId: "p1", name: "Windows 11 Pro Retail Key", quantity: 2 }],
      checkoutUrl: "https://sellsn.io/checkout/123",
      deliveredItems: [
        { productId: "p1", kind: "key", value: "W11-AAAA-1111" },
        { productId: "p1", kind: "link", value: "https://cdn.example/file.zip" },
      ],
      deliveryMessage: "Activate within 30 days.",
    });
  });

  it("hands out no goods before the order is completed", () => {
    const mapped = toPlatformOrder(order, "paid", "USD");
    expect(mapped.deliveredItems).toBeUndefined();
    expect(mapped.deliveryMessage).toBeUndefined();
    expect(JSON.stringify(mapped)).not.toContain("203.0.113.77");
  });
});

describe("SellSN error shape", () => {
  const body = {
    success: false,
    message: "Quantity 99 exceeds stock for product secret-name",
    invalidFields: [
      "Products[1].Quantity",
      "EmailAddress",
      { field: "CustomValues.Discord username" },
      "Products[0].ProductId",
      "InternalLedger",
    ],
  };

  it("maps invalidFields to contract paths and never repeats the upstream message", () => {
    const described = describeError(400, body);
    expect(described.fields).toEqual({
      "items.1.quantity": "was refused by SellSN",
      email: "was refused by SellSN",
      "fields.Discord username": "was refused by SellSN",
      "items.0.productId": "was refused by SellSN",
    });
    expect(JSON.stringify(described)).not.toContain("secret-name");
    expect(JSON.stringify(described)).not.toContain("InternalLedger");
  });

  it("describes statuses in its own words, whatever the body", () => {
    expect(describeError(404, { success: false, message: "x" }).message).toMatch(/no such/);
    expect(describeError(500, "<html>boom</html>")).toEqual({
      message: "SellSN is unavailable",
    });
  });

  it("maps field names without regard to case", () => {
    expect(mapInvalidField("products[3].quantity")).toBe("items.3.quantity");
    expect(mapInvalidField("Gateway")).toBe("paymentMethod");
    expect(mapInvalidField("Quantity")).toBe("items");
    expect(mapInvalidField("customValues.<script>")).toBeUndefined();
  });
});
