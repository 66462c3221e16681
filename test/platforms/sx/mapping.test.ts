import { describe, expect, it } from "vitest";
import {
  contractFieldPath,
  deliveredByEmail,
  describeError,
  mapProductType,
  problemSlug,
  problemTraceId,
  toCatalogProduct,
  toOrderStatus,
  toPlatformOrder,
} from "../../../src/server/platforms/sx/mapping";
import {
  sxOrderSchema,
  sxOrderStatuses,
  sxProductListSchema,
  sxProductSchema,
} from "../../../src/server/platforms/sx/schemas";

/** The document's list example, verbatim. */
const documentList = {
  object: "list",
  has_more: false,
  next_cursor: null,
  data: [
    {
      id: "prod_01J2PVQR41",
      name: "Adobe Creative Cloud Key",
      type: "license_key",
      price_cents: 12900,
      currency: "USD",
      stock: 47,
      status: "active",
    },
    {
      id: "prod_01J2PVQS6X",
      name: "VIP Discord Role",
      type: "account",
      price_cents: 999,
      currency: "USD",
      stock: null,
      status: "active",
    },
  ],
};

/** The document's single order example, verbatim (with the ellipsis it shows). */
const documentOrder = {
  id: "ord_01J2PVP4XJ",
  status: "paid",
  total_cents: 4900,
  currency: "USD",
  customer_email: "buyer@example.com",
  paid_at: "2026-05-26T07:14:22Z",
  payment: { provider: "blockpn", chain: "tron", asset: "USDT", tx_hash: "0xae9c2\u2026" },
  items: [{ product: "Adobe Creative Cloud Key", qty: 1, subtotal_cents: 4900 }],
  delivery: { kind: "license_key", state: "delivered", delivered_at: "2026-05-26T07:14:24Z" },
};

describe("sx product mapping", () => {
  it("reads the document's list example", () => {
    const list = sxProductListSchema.parse(documentList);
    const [key, role] = list.data.read.map(toCatalogProduct);
    expect(key).toMatchObject({
      id: "prod_01J2PVQR41",
      name: "Adobe Creative Cloud Key",
      type: "license_key",
      price: { amount: 12900, currency: "USD" },
      stock: 47,
      available: true,
      visible: true,
      variants: [],
      quantity: { min: 1, max: null },
      customFields: [],
    });
    expect(role).toMatchObject({ type: "account", price: { amount: 999 }, stock: null });
    expect(role?.available).toBe(true);
  });

  it("takes price_cents as minor units of the product's own currency", () => {
    const base = documentList.data[0];
    const yen = toCatalogProduct(
      sxProductSchema.parse({ ...base, price_cents: 1200, currency: "JPY" }),
    );
    const dinar = toCatalogProduct(
      sxProductSchema.parse({ ...base, price_cents: 12345, currency: "kwd" }),
    );
    expect(yen.price).toEqual({ amount: 1200, currency: "JPY" });
    expect(dinar.price).toEqual({ amount: 12345, currency: "KWD" });
  });

  it("refuses decimal or negative cents instead of guessing", () => {
    const base = documentList.data[0];
    expect(sxProductSchema.safeParse({ ...base, price_cents: 129.5 }).success).toBe(false);
    expect(sxProductSchema.safeParse({ ...base, price_cents: "12900" }).success).toBe(false);
    expect(sxProductSchema.safeParse({ ...base, price_cents: -1 }).success).toBe(false);
    expect(sxProductSchema.safeParse({ ...base, stock: -1 }).success).toBe(false);
  });

  it("hides drafts and archived products and marks sold-out ones unavailable", () => {
    const base = documentList.data[0];
    for (const status of ["draft", "archived"]) {
      const product = toCatalogProduct(sxProductSchema.parse({ ...base, status }));
      expect(product.visible).toBe(false);
      expect(product.available).toBe(false);
    }
    const soldOut = toCatalogProduct(sxProductSchema.parse({ ...base, stock: 0 }));
    expect(soldOut).toMatchObject({ visible: true, available: false, stock: 0 });
  });

  it("maps every documented product type onto the contract's", () => {
    expect(mapProductType("license_key")).toBe("license_key");
    expect(mapProductType("account")).toBe("account");
    expect(mapProductType("file_download")).toBe("download");
    expect(mapProductType("dynamic")).toBe("dynamic");
    expect(mapProductType("physical")).toBe("physical");
    expect(mapProductType("subscription")).toBe("subscription");
    const base = documentList.data[0];
    expect(sxProductSchema.safeParse({ ...base, type: "bundle" }).success).toBe(false);
  });

  it("copies only contract fields, whatever else the platform sends", () => {
    const parsed = sxProductSchema.parse({
      ...documentList.data[0],
      slug: "adobe-creative-cloud-key",
      description: "A **12-month** key.",
      created_at: "2026-05-26T07:18:03Z",
      stock_items: ["ADBE-SECRET-KEY-0001"],
      webhook_url: "https://hooks.example/secret",
      metadata: { cost: "supplier-cost-41" },
    });
    const product = toCatalogProduct(parsed);
    expect(Object.keys(product).sort()).toEqual(
      [
        "available",
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
    const text = JSON.stringify(product);
    for (const secret of ["ADBE-SECRET-KEY-0001", "hooks.example", "supplier-cost-41"]) {
      expect(text).not.toContain(secret);
    }
    expect(product.description).toBe("A **12-month** key.");
  });
});

describe("sx order mapping", () => {
  it("reads the document's order example (paid, delivered) as completed, without its payment details or email", () => {
    const order = toPlatformOrder(sxOrderSchema.parse(documentOrder), [
      { productId: "prod_01J2PVQR41" },
    ]);
    expect(order).toEqual({
      id: "ord_01J2PVP4XJ",
      status: "completed",
      total: { amount: 4900, currency: "USD" },
      items: [{ productId: "prod_01J2PVQR41", name: "Adobe Creative Cloud Key", quantity: 1 }],
      deliveryMessage: deliveredByEmail,
    });
    const text = JSON.stringify(order);
    expect(text).not.toContain("0xae9c2");
    expect(text).not.toContain("buyer@example.com");
    expect(text).not.toContain("tron");
  });

  it("says nothing about delivery before the platform has delivered", () => {
    const pending = toPlatformOrder(
      sxOrderSchema.parse({
        ...documentOrder,
        status: "awaiting_payment",
        delivery: { kind: "license_key", state: "pending", delivered_at: null },
      }),
    );
    expect(pending.deliveryMessage).toBeUndefined();
    expect(pending.deliveredItems).toBeUndefined();
  });

  it("keeps a refund a refund after delivery, and a paid order undelivered paid", () => {
    const delivered = documentOrder.delivery;
    const refunded = sxOrderSchema.parse({
      ...documentOrder,
      status: "refunded",
      delivery: delivered,
    });
    expect(toPlatformOrder(refunded).status).toBe("refunded");
    const undelivered = sxOrderSchema.parse({
      ...documentOrder,
      delivery: { ...delivered, state: "pending", delivered_at: null },
    });
    expect(toPlatformOrder(undelivered).status).toBe("paid");
  });

  it("prefers the platform's product_id when it sends one", () => {
    const order = toPlatformOrder(
      sxOrderSchema.parse({
        ...documentOrder,
        items: [{ product: "Adobe Creative Cloud Key", product_id: "prod_X", qty: 2 }],
      }),
      [{ productId: "prod_Y" }],
    );
    expect(order.items[0]?.productId).toBe("prod_X");
  });

  it("maps every documented order status, and refuses an unknown one", () => {
    for (const status of sxOrderStatuses) expect(toOrderStatus(status)).toBe(status);
    expect(sxOrderSchema.safeParse({ ...documentOrder, status: "settled" }).success).toBe(false);
  });

  it("passes on an http(s) checkout link but not another scheme", () => {
    const order = toPlatformOrder(
      sxOrderSchema.parse({ ...documentOrder, checkout_url: "https://pay.example/ord_1" }),
    );
    expect(order.checkoutUrl).toBe("https://pay.example/ord_1");
    expect(
      sxOrderSchema.safeParse({ ...documentOrder, checkout_url: "javascript:alert(1)" }).success,
    ).toBe(false);
  });
});

describe("sx error mapping", () => {
  it("chooses its own words by type slug, never the platform's", () => {
    const described = describeError(400, {
      type: "invalid_request",
      title: "Bad request",
      status: 400,
      detail: "Bad JSON near sx_live_leaked",
    });
    expect(described.message).toBe("sx refused the request as invalid");
    expect(JSON.stringify(described)).not.toContain("leaked");
  });

  it("reads slugs given as URLs, and falls back on the status", () => {
    expect(problemSlug("https://docs.sx.example/errors/forbidden_scope")).toBe("forbidden_scope");
    expect(problemSlug("about:blank")).toBeUndefined();
    expect(describeError(503, "<html>down</html>").message).toBe("sx had an internal error");
    expect(describeError(418, undefined)).toEqual({});
  });

  it("maps the per-field errors of a 422 onto contract paths with fixed messages", () => {
    const described = describeError(422, {
      type: "unprocessable",
      status: 422,
      errors: {
        customer_email: "must be an email, got x@",
        "items.0.qty": "only 3 left (pool ADBE-1234)",
        "items[1].product_id": "no such product",
        internal_ledger: "secret ledger text",
      },
    });
    expect(described.fields).toEqual({
      email: "is not accepted by the store",
      "items.0.quantity": "is not available in this quantity",
      "items.1.productId": "is not available",
    });
    expect(JSON.stringify(described)).not.toMatch(/ADBE|ledger|x@/);
  });

  it("knows which upstream names are contract fields", () => {
    expect(contractFieldPath("items")).toBe("items");
    expect(contractFieldPath("items.12.quantity")).toBe("items.12.quantity");
    expect(contractFieldPath("items.0.price_cents")).toBeUndefined();
    expect(contractFieldPath("cursor")).toBeUndefined();
  });

  it("keeps a server error's trace id only when it looks like one", () => {
    expect(problemTraceId({ type: "server_error", trace_id: "trc_01J2PW9ZQ4" })).toBe(
      "trc_01J2PW9ZQ4",
    );
    expect(problemTraceId({ type: "server_error", trace_id: "a b <script>" })).toBeUndefined();
    expect(problemTraceId("nope")).toBeUndefined();
  });
});
