import { describe, expect, it } from "vitest";
import { MoneyError } from "../../../src/core";
import { adapter } from "../../../src/server/platforms/astrosell";
import {
  describeError,
  isListed,
  isReachable,
  storeCurrency,
  toCatalogProduct,
  toOrderStatus,
  toPlatformOrder,
  toStock,
} from "../../../src/server/platforms/astrosell/mapping";
import {
  type AstrosellProduct,
  astrosellOrderSchema,
  astrosellProductListSchema,
} from "../../../src/server/platforms/astrosell/schemas";
import type { ProductQuery } from "../../../src/server/platforms/platform";
import { modeOfKey } from "../../../src/server/platforms/shared/key-mode";
import { searchLocally } from "../../../src/server/platforms/shared/search-locally";

// The document's list example, verbatim apart from the truncated id.
const documentProduct = {
  id: "66f0a1e4b2c3d4e5f6a7b890",
  title: "Netflix Premium 1 Month",
  slug: "netflix-premium-1-month",
  price: 4.99,
  currency: "USD",
  type: "serials",
  stock: 142,
  unlimitedStock: false,
  visibility: "public",
  salesCount: 318,
  createdAt: "2026-06-01T12:00:00.000Z",
};

function product(overrides: Record<string, unknown> = {}): AstrosellProduct {
  const [parsed] = astrosellProductListSchema.parse([{ ...documentProduct, ...overrides }]).read;
  if (!parsed) throw new Error("no product");
  return parsed;
}

describe("AstroSell products", () => {
  it("maps the document's example onto the contract, decimal price into minor units", () => {
    expect(toCatalogProduct(product())).toEqual({
      id: "66f0a1e4b2c3d4e5f6a7b890",
      name: "Netflix Premium 1 Month",
      slug: "netflix-premium-1-month",
      type: "license_key",
      description: "",
      images: [],
      price: { amount: 499, currency: "USD" },
      variants: [],
      stock: 142,
      available: true,
      quantity: { min: 1, max: null },
      customFields: [],
      visible: true,
    });
  });

  it.each([
    [18.5, "USD", 1850],
    [0.1, "usd", 10],
    [7, "EUR", 700],
    [1200, "JPY", 1200],
    [1.234, "KWD", 1234],
  ])("price %s %s is %i minor units", (price, currency, amount) => {
    expect(toCatalogProduct(product({ price, currency })).price).toEqual({
      amount,
      currency: currency.toUpperCase(),
    });
  });

  it("refuses a price with more places than its currency (19.999 GBP): it cannot be sold as priced", () => {
    expect(() => toCatalogProduct(product({ price: 19.999, currency: "GBP" }))).toThrow(MoneyError);
  });

  it("keeps serial keys and everything outside the contract out, whatever the upstream adds", () => {
    const mapped = toCatalogProduct(
      product({
        stockItems: ["NFLX-AAAA-BBBB"],
        purchaseNote: "internal",
        warehouseId: "66f0c3a1",
      }),
    );
    expect(JSON.stringify(mapped)).not.toMatch(/NFLX-AAAA|internal|66f0c3a1|318/);
  });

  it("reads unlimited stock from unlimitedStock and from the unlimited types", () => {
    expect(toStock(product({ unlimitedStock: true, stock: 0 }))).toBeNull();
    for (const type of ["service", "file", "dynamic"]) {
      expect(toStock(product({ type, stock: 0, unlimitedStock: false }))).toBeNull();
    }
    expect(toStock(product({ stock: 3 }))).toBe(3);
  });

  it("treats a serials product without a usable count as sold out", () => {
    for (const stock of [0, -1, null, undefined]) {
      const mapped = toCatalogProduct(product({ stock }));
      expect(mapped.stock).toBe(0);
      expect(mapped.available).toBe(false);
    }
  });

  it("maps every documented type", () => {
    expect(
      ["serials", "service", "file", "dynamic"].map(
        (type) => toCatalogProduct(product({ type })).type,
      ),
    ).toEqual(["license_key", "service", "download", "dynamic"]);
  });

  it("fails loudly on a type or visibility the document does not list", () => {
    expect(
      astrosellProductListSchema.safeParse([{ ...documentProduct, type: "bundle" }]).success,
    ).toBe(false);
    expect(
      astrosellProductListSchema.safeParse([{ ...documentProduct, visibility: "hidden" }]).success,
    ).toBe(false);
    const { visibility: _dropped, ...withoutVisibility } = documentProduct;
    expect(astrosellProductListSchema.safeParse([withoutVisibility]).success).toBe(false);
  });

  it("lists only public products; unlisted ones are reachable by id; private ones never", () => {
    const [pub, unlisted, priv] = ["public", "unlisted", "private"].map((visibility) =>
      product({ visibility }),
    ) as [AstrosellProduct, AstrosellProduct, AstrosellProduct];
    expect([isListed(pub), isListed(unlisted), isListed(priv)]).toEqual([true, false, false]);
    expect([isReachable(pub), isReachable(unlisted), isReachable(priv)]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe("AstroSell storefront pages over the bare product array", () => {
  // What the adapter's `listProducts` does with the one array AstroSell sends.
  const toProductPage = (products: readonly AstrosellProduct[], query: ProductQuery) =>
    searchLocally(products.filter(isListed).map(toCatalogProduct), query);
  const catalog = Array.from({ length: 23 }, (_, n) =>
    product({ id: `p${n}`, title: n % 2 ? `Steam ${n}` : `Netflix ${n}`, slug: `s-${n}` }),
  ).concat([
    product({ id: "hidden", visibility: "private" }),
    product({ id: "u", visibility: "unlisted" }),
  ]);

  it("pages through every listed product once, in upstream (newest first) order", () => {
    const seen: string[] = [];
    let page = 1;
    let pageCount = 1;
    while (page <= pageCount) {
      const result = toProductPage(catalog, { page, limit: 5 });
      pageCount = result.pageCount;
      seen.push(...result.data.map((p) => p.id));
      page += 1;
    }
    expect(pageCount).toBe(5);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, n) => `p${n}`));
  });

  it("searches titles and slugs, and finds nothing in a category (AstroSell has none)", () => {
    const steam = toProductPage(catalog, { page: 1, limit: 100, search: "STEAM" });
    expect(steam.data).toHaveLength(11);
    expect(
      toProductPage(catalog, { page: 1, limit: 100, search: "s-22" }).data.map((p) => p.id),
    ).toEqual(["p22"]);
    expect(toProductPage(catalog, { page: 1, limit: 100, category: "games" })).toEqual({
      data: [],
      page: 1,
      pageCount: 0,
    });
  });

  it("answers an empty page past the end", () => {
    expect(toProductPage(catalog, { page: 9, limit: 5 })).toEqual({
      data: [],
      page: 9,
      pageCount: 5,
    });
  });
});

describe("AstroSell orders", () => {
  const documentOrder = astrosellOrderSchema.parse({
    invoiceId: "AS-7KD2P9",
    productTitle: "Netflix Premium 1 Month",
    total: 4.99,
    currency: "USD",
    status: "completed",
    customerEmail: "buyer@example.com",
    deliveredItems: ["NFLX-AAAA-BBBB", "https://cdn.example/file.zip"],
  });

  it.each([
    ["pending", "awaiting_payment"],
    ["processing", "paid"],
    ["completed", "completed"],
    ["expired", "expired"],
    ["refunded", "refunded"],
    ["cancelled", "cancelled"],
    ["canceled", "cancelled"],
    ["failed", "failed"],
    ["COMPLETED", "completed"],
  ])("status %s is %s", (upstream, contract) => {
    expect(toOrderStatus(upstream)).toBe(contract);
  });

  it("leaves an unknown status unmapped, and the order reads as pending", () => {
    expect(toOrderStatus("on_hold")).toBeUndefined();
    expect(toPlatformOrder({ ...documentOrder, status: "on_hold" }).status).toBe("pending");
  });

  it("maps the document's order, with delivered items once completed and the remembered line", () => {
    expect(toPlatformOrder(documentOrder, { productId: "66f0a1", quantity: 1 })).toEqual({
      id: "AS-7KD2P9",
      status: "completed",
      total: { amount: 499, currency: "USD" },
      items: [{ productId: "66f0a1", name: "Netflix Premium 1 Month", quantity: 1 }],
      deliveredItems: [
        { productId: "66f0a1", kind: "key", value: "NFLX-AAAA-BBBB" },
        { productId: "66f0a1", kind: "link", value: "https://cdn.example/file.zip" },
      ],
    });
  });

  it("never passes delivered items of an order that is not completed", () => {
    for (const status of ["pending", "processing", "refunded", "expired"]) {
      expect(toPlatformOrder({ ...documentOrder, status }).deliveredItems).toBeUndefined();
    }
  });

  it("prefers the order's own product and quantity when AstroSell sends them", () => {
    const order = toPlatformOrder(
      { ...documentOrder, productId: "real", quantity: 3 },
      { productId: "memo", quantity: 1 },
      "https://pay.example/AS-7KD2P9",
    );
    expect(order.items).toEqual([
      { productId: "real", name: "Netflix Premium 1 Month", quantity: 3 },
    ]);
    expect(order.checkoutUrl).toBe("https://pay.example/AS-7KD2P9");
  });
});

describe("AstroSell errors and store", () => {
  it("turns {error} bodies into the proxy's own words and contract field paths", () => {
    const quantity = describeError(400, { error: "quantity must be a positive integer" });
    expect(quantity).toEqual({
      message: "AstroSell refused the request",
      fields: { "items.0.quantity": "was refused by the platform" },
    });
    expect(describeError(400, { error: "Product is out of stock" }).fields).toEqual({
      "items.0.quantity": "is more than is in stock",
    });
    expect(describeError(400, { error: "customerEmail is required" }).fields).toEqual({
      email: "was refused by the platform",
    });
    expect(describeError(400, { error: "Invalid coupon" }).fields).toEqual({
      coupon: "was refused by the platform",
    });
    expect(describeError(400, "<html>oops</html>")).toEqual({
      message: "AstroSell refused the request",
    });
    for (const [status, body] of [
      [404, { error: "Product not found" }],
      [500, { error: "db down at 10.0.0.3" }],
      [401, { error: "Invalid or revoked API key" }],
    ] as const) {
      const described = describeError(status, body);
      expect(JSON.stringify(described)).not.toContain(body.error);
    }
  });

  it("reads the mode from the key and the currency from the newest public product", () => {
    expect(modeOfKey("nsk_live_abc", adapter.keyFormat)).toBe("live");
    expect(modeOfKey("nsk_test_abc", adapter.keyFormat)).toBe("test");
    expect(
      storeCurrency([
        product({ visibility: "private", currency: "GBP" }),
        product({ currency: "eur" }),
      ]),
    ).toBe("EUR");
    expect(storeCurrency([])).toBe("USD");
  });
});
