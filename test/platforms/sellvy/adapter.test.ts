import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SellerPlatform } from "../../../src/server/platforms/platform";
import { adapter } from "../../../src/server/platforms/sellvy";
import { AttemptUnclearError } from "../../../src/server/platforms/shared/attempt-unclear-error";
import { UpstreamError } from "../../../src/server/platforms/upstream/upstream-error";
import { silentLogger } from "../../../src/server/runtime/logger";
import { sellvySecrets } from "./fake-data";
import { type StartedSellvyHarness, sellvyTestSecrets, startSellvyHarness } from "./harness";

let harness: StartedSellvyHarness;
let platform: SellerPlatform;

beforeEach(async () => {
  harness = await startSellvyHarness();
  platform = harness.platform;
});
afterEach(async () => {
  await harness.close();
});

async function upstreamError(call: Promise<unknown>): Promise<UpstreamError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

function visibleIds(): string[] {
  return harness.fake.products.filter((p) => p.is_visible).map((p) => p.id);
}

describe("Sellvy catalog", () => {
  it("follows page and per_page through the whole visible catalog", async () => {
    const seen: string[] = [];
    const first = await platform.listProducts({ page: 1, limit: 3 });
    expect(first.pageCount).toBe(Math.ceil(visibleIds().length / 3));
    for (let page = 1; page <= first.pageCount; page += 1) {
      const result = await platform.listProducts({ page, limit: 3 });
      expect(result.page).toBe(page);
      seen.push(...result.data.map((product) => product.id));
    }
    expect(seen).toEqual(visibleIds());
    expect(seen).not.toContain("prod_hid001");
    const listCalls = harness.fake.requests.filter((r) => r.path === "/v1/products");
    expect(listCalls.every((r) => r.query.visible === "true" && r.query.per_page === "3")).toBe(
      true,
    );
  });

  it("never asks for more than the document's 100 per page", async () => {
    await platform.listProducts({ page: 1, limit: 500 });
    const listed = harness.fake.requests.filter((request) => request.path === "/v1/products");
    expect(listed.at(-1)?.query.per_page).toBe("100");
  });

  it("shows a listed product's stock and options as its own read gives them (the list has neither)", async () => {
    const [first] = harness.fake.products.filter((product) => product.is_visible);
    if (!first) throw new Error("the fake has no visible product");
    first.stock = 0;
    const page = await platform.listProducts({ page: 1, limit: 100 });
    const shown = page.data.find((product) => product.id === first.id);
    expect(shown).toMatchObject({ stock: 0, available: false });
    const [read] = await platform.getProducts([first.id]);
    expect(shown).toEqual(read);
  });

  it("searches by title and filters by category id or name", async () => {
    const found = await platform.listProducts({ page: 1, limit: 10, search: "icon" });
    expect(found.data.map((p) => p.name)).toEqual(["Premium Icon Pack"]);
    const byName = await platform.listProducts({ page: 1, limit: 10, category: "templates" });
    const byId = await platform.listProducts({ page: 1, limit: 10, category: "cat_abc123" });
    expect(byName.data.map((p) => p.id)).toEqual(["prod_abc123", "prod_def456"]);
    expect(byId.data).toEqual(byName.data);
  });

  it("reads a batch of ids one by one, skipping hidden and unknown ones", async () => {
    const products = await platform.getProducts([
      "prod_ghi789",
      "prod_hid001",
      "prod_nope",
      "prod_abc123",
    ]);
    expect(products.map((p) => p.id)).toEqual(["prod_ghi789", "prod_abc123"]);
    expect(products[0]).toMatchObject({
      name: "Windows 11 Pro Key",
      type: "license_key",
      price: { amount: 1499, currency: "USD" },
      stock: 5,
    });
    expect(products[1]).toMatchObject({ stock: null, available: true, category: "Templates" });
  });

  it("reads each id of a large batch on its own, since only that read carries the stock", async () => {
    const ids = [...visibleIds(), "prod_hid001"].reverse();
    expect(ids.length).toBeGreaterThan(5);
    const before = harness.requestCount();
    const products = await platform.getProducts(ids);
    expect(products.map((p) => p.id)).toEqual(visibleIds().reverse());
    expect(harness.requestCount() - before).toBe(ids.length);
    for (const product of products) {
      const upstream = harness.fake.products.find((p) => p.id === product.id);
      const stock = upstream?.stock;
      expect(product.stock).toBe(
        stock === undefined || stock === null || stock === -1 ? null : stock,
      );
    }
    expect(products.find((p) => p.id === "prod_jkl012")).toMatchObject({
      stock: 0,
      available: false,
    });
  });

  it("maps variants and sold-out products", async () => {
    const [bundle, review] = await platform.getProducts(["prod_def456", "prod_jkl012"]);
    expect(bundle?.variants).toEqual([
      {
        id: "var_personal",
        name: "Personal License",
        price: { amount: 4900, currency: "USD" },
        stock: null,
      },
      { id: "var_team", name: "Team License", price: { amount: 12950, currency: "USD" }, stock: 3 },
    ]);
    expect(review).toMatchObject({ stock: 0, available: false });
  });

  it("describes the store from the key and the catalog", async () => {
    expect(await platform.getStore()).toEqual({
      name: "Sellvy store",
      currency: "USD",
      mode: "test",
      paymentMethods: [],
    });
  });
});

describe("Sellvy coupons", () => {
  it("validates against the coupon list, cached briefly", async () => {
    const rule = await platform.findCoupon("icons10");
    expect(rule).toMatchObject({
      code: "ICONS10",
      kind: "percent",
      percent: "10",
      productIds: ["prod_abc123"],
    });
    const before = harness.requestCount();
    expect(await platform.findCoupon("SUMMER20")).toMatchObject({
      expiresAt: "2026-09-01T00:00:00Z",
    });
    expect(await platform.findCoupon("LAUNCH5")).toMatchObject({
      kind: "fixed",
      maxUses: 50,
      uses: 50,
    });
    expect(await platform.findCoupon("NOPE")).toBeUndefined();
    expect(harness.requestCount()).toBe(before);
  });

  it("reads the list afresh once the cache has expired", async () => {
    let now = Date.now();
    const timed = adapter.create({
      secretKey: sellvyTestSecrets.secretKey,
      apiBase: harness.fake.baseUrl,
      logger: silentLogger,
      now: () => now,
    });
    await timed.findCoupon("ICONS10");
    const before = harness.requestCount();
    await timed.findCoupon("ICONS10");
    expect(harness.requestCount()).toBe(before);
    now += 60_000;
    await timed.findCoupon("ICONS10");
    expect(harness.requestCount()).toBeGreaterThan(before);
  });
});

describe("Sellvy orders", () => {
  it("says it cannot tell, rather than none, when an order in the document's shape (one product, no quantity) may be the lost create's", async () => {
    await harness.close();
    harness = await startSellvyHarness({ documentOrders: true });
    platform = harness.platform;
    const sentAt = Date.now();
    const input = {
      idempotencyKey: "attempt-lost-0001",
      email: "buyer@example.com",
      items: [{ productId: "prod_abc123", quantity: 2 }],
      fields: {},
      total: { amount: 5998, currency: "USD" },
    };
    // The create went through; its answer is what was lost.
    const created = await platform.createOrder(input);
    expect(harness.fake.orders.has(created.id)).toBe(true);
    // Taken for none, the proxy would create a second order; taken for the buyer's, it might be
    // another of theirs: the lookup says it cannot tell.
    await expect(platform.findCreatedOrder?.({ ...input, sentAt })).rejects.toBeInstanceOf(
      AttemptUnclearError,
    );
    // For one unit, the order reads as one unit, as far as it says: a one-unit attempt takes it
    // for its own (the proxy then refuses it if another attempt was given it).
    expect(
      (
        await platform.findCreatedOrder?.({
          ...input,
          items: [{ productId: "prod_abc123", quantity: 1 }],
          sentAt,
        })
      )?.id,
    ).toBe(created.id);
    // A one-unit attempt priced at one unit's total does not take it: its total is two units'.
    await expect(
      platform.findCreatedOrder?.({
        ...input,
        items: [{ productId: "prod_abc123", quantity: 1 }],
        total: { amount: 2999, currency: "USD" },
        sentAt,
      }),
    ).rejects.toBeInstanceOf(AttemptUnclearError);
    // Taken by that lookup, it still reads as the two units it was made with: what another
    // attempt asked does not replace what this order's own create asked.
    expect((await platform.getOrder(created.id))?.items[0]?.quantity).toBe(2);
    // Another buyer's order, or another product's, is no candidate: certainly none.
    expect(
      await platform.findCreatedOrder?.({ ...input, email: "other@example.com", sentAt }),
    ).toBeUndefined();
    expect(
      await platform.findCreatedOrder?.({
        ...input,
        items: [{ productId: "prod_ghi789", quantity: 2 }],
        sentAt,
      }),
    ).toBeUndefined();
  });

  it("tells the quantity it ordered where the document's order says only its product: a receipt never reads × 1 for two", async () => {
    await harness.close();
    harness = await startSellvyHarness({ documentOrders: true });
    platform = harness.platform;
    const created = await platform.createOrder({
      idempotencyKey: "attempt-lines-0001",
      email: "buyer@example.com",
      items: [{ productId: "prod_abc123", quantity: 2 }],
      fields: {},
      total: { amount: 5998, currency: "USD" },
    });
    const line = { productId: "prod_abc123", name: "Premium Icon Pack", quantity: 2 };
    expect(created.items).toEqual([line]);
    expect((await platform.getOrder(created.id))?.items).toEqual([line]);
  });

  it("finds the lost create's order where the list shows its lines", async () => {
    const sentAt = Date.now();
    const input = {
      idempotencyKey: "attempt-lost-0002",
      email: "lines@example.com",
      items: [{ productId: "prod_abc123", quantity: 2 }],
      fields: {},
      total: { amount: 5998, currency: "USD" },
    };
    const created = await platform.createOrder(input);
    expect((await platform.findCreatedOrder?.({ ...input, sentAt }))?.id).toBe(created.id);
    // Its lines say it is not a 3-unit attempt's.
    expect(
      await platform.findCreatedOrder?.({
        ...input,
        items: [{ productId: "prod_abc123", quantity: 3 }],
        sentAt,
      }),
    ).toBeUndefined();
  });

  it("reads nothing between the record that says sent and the create: its one request is the create", async () => {
    const before = harness.fake.requests.length;
    await platform.createOrder({
      idempotencyKey: "attempt-0000",
      email: "buyer@example.com",
      items: [{ productId: "prod_abc123", quantity: 1 }],
      coupon: "ICONS10",
      fields: {},
      total: { amount: 2699, currency: "USD" },
    });
    expect(harness.fake.requests.slice(before).map(({ method }) => method)).toEqual(["POST"]);
  });

  it("creates an order with POST /orders and follows it to completion", async () => {
    const created = await platform.createOrder({
      idempotencyKey: "attempt-0001",
      email: "buyer@example.com",
      items: [{ productId: "prod_abc123", quantity: 2 }],
      coupon: "ICONS10",
      fields: {},
      total: { amount: 5398, currency: "USD" },
    });
    expect(created).toMatchObject({
      status: "awaiting_payment",
      total: { amount: 5398, currency: "USD" },
      items: [{ productId: "prod_abc123", name: "Premium Icon Pack", quantity: 2 }],
    });
    expect(created.checkoutUrl).toMatch(/^https:\/\/checkout\.sellvy\.io\//);
    const sent = harness.fake.orders.get(created.id);
    expect(sent?.customer_email).toBe("buyer@example.com");

    expect((await platform.getOrder(created.id))?.deliveredItems).toBeUndefined();
    await harness.completeOrder(created.id);
    const done = await platform.getOrder(created.id);
    expect(done?.status).toBe("completed");
    expect(done?.deliveredItems?.[0]).toMatchObject({ kind: "link", productId: "prod_abc123" });
  });

  it("sends variants, payment method and custom fields in Sellvy's naming", async () => {
    const created = await platform.createOrder({
      idempotencyKey: "attempt-0002",
      email: "buyer@example.com",
      items: [{ productId: "prod_def456", variantId: "var_team", quantity: 1 }],
      fields: { discord: "buyer#1" },
      paymentMethod: "crypto",
      total: { amount: 12950, currency: "USD" },
    });
    const stored = harness.fake.orders.get(created.id);
    expect(stored).toMatchObject({
      payment_method: "crypto",
      custom_fields: { discord: "buyer#1" },
    });
    expect(created.items).toEqual([
      {
        productId: "prod_def456",
        variantId: "var_team",
        name: "Website Template Bundle",
        quantity: 1,
      },
    ]);
  });

  it("answers undefined for an order Sellvy does not have", async () => {
    expect(await platform.getOrder("ord_missing")).toBeUndefined();
  });

  it("turns a 422 validation_error into a rejection without Sellvy's words", async () => {
    const error = await upstreamError(
      platform.createOrder({
        idempotencyKey: "attempt-0003",
        email: "buyer@example.com",
        items: [{ productId: "prod_hid001", quantity: 1 }],
        fields: {},
        total: { amount: 500, currency: "USD" },
      }),
    );
    expect(error).toMatchObject({ failure: "rejected", status: 422 });
    expect(error.message).toBe("Sellvy refused the request as invalid");
  });
});

describe("Sellvy errors", () => {
  it.each([
    [400, "rejected"],
    [404, "not_found"],
    [500, "unavailable"],
  ] as const)("maps the document's %s body to %s", async (status, failure) => {
    // 500 is retried by the client, so it must fail on every try to surface.
    harness.failNext(status === 500 ? 3 : 1, status);
    const error = await upstreamError(platform.listProducts({ page: 1, limit: 5 }));
    expect(error.failure).toBe(failure);
    expect(error.message).not.toMatch(/Request body failed|Product not found|contact support/);
  });

  it("answers the document's 401 to a wrong key, as a configuration problem", async () => {
    const wrong = adapter.create({
      secretKey: "sk_live_wrong",
      apiBase: harness.fake.baseUrl,
      logger: silentLogger,
    });
    const error = await upstreamError(wrong.getProducts(["prod_abc123"]));
    expect(error).toMatchObject({ failure: "unauthorized", status: 401 });
    expect(error.message).not.toContain("sk_live_wrong");
  });

  it("leaves out, and logs by its id, a product whose stock is fractional; the rest are served", async () => {
    const victim = harness.fake.products.find((p) => p.id === "prod_ghi789");
    if (!victim) throw new Error("no product");
    victim.stock = 2.5;
    const page = await platform.listProducts({ page: 1, limit: 100 });
    expect(page.data.map((p) => p.id)).toEqual(visibleIds().filter((id) => id !== "prod_ghi789"));
    const logged = harness.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    // Its own read is unreadable (logged with the field, never the value), and it is left out.
    expect(logged.filter((line) => line.event === "upstream_shape_mismatch")).toEqual([
      expect.objectContaining({
        path: "products/prod_ghi789",
        issues: [{ path: "data.stock", code: "invalid_type" }],
      }),
    ]);
    expect(logged.filter((line) => line.event === "upstream_product_skipped")).toEqual([
      expect.objectContaining({ platform: "sellvy", productId: "prod_ghi789", reason: "shape" }),
    ]);
    // On its own, it is unavailable, as any unreadable answer.
    expect((await upstreamError(platform.getProducts(["prod_ghi789"]))).failure).toBe(
      "unavailable",
    );
  });

  it("leaves out a product whose list entry it cannot read; the rest of the page is served", async () => {
    const listed = (await platform.listProducts({ page: 1, limit: 100 })).data.map((p) => p.id);
    const victim = harness.fake.products.find((p) => p.id === "prod_ghi789");
    if (!victim) throw new Error("no product");
    victim.currency = "dollars";
    const page = await platform.listProducts({ page: 1, limit: 100 });
    expect(page.data.map((p) => p.id)).toEqual(listed.filter((id) => id !== "prod_ghi789"));
    const skipped = harness.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.event === "upstream_product_skipped");
    expect(skipped[0]).toMatchObject({
      platform: "sellvy",
      productId: "prod_ghi789",
      reason: "shape",
      issues: [{ path: "currency", code: "invalid_format" }],
    });
  });

  it("fails loudly on a response that no longer matches the document", async () => {
    const product = harness.fake.products[0];
    if (product) product.price = "twenty";
    const error = await upstreamError(platform.getProducts(["prod_abc123"]));
    expect(error.failure).toBe("unavailable");
    expect(harness.logLines.some((line) => line.includes("upstream_shape_mismatch"))).toBe(true);
  });
});

describe("Sellvy never leaks", () => {
  it("keeps file URLs, hidden products, payment details and coupons out of every result and log", async () => {
    const results: unknown[] = [];
    results.push(await platform.listProducts({ page: 1, limit: 100 }));
    results.push(await platform.getProducts(visibleIds()));
    results.push(await platform.getProducts(["prod_abc123", "prod_hid001"]));
    results.push(await platform.getStore());
    const order = await platform.createOrder({
      idempotencyKey: "attempt-0004",
      email: "buyer@example.com",
      items: [{ productId: "prod_abc123", quantity: 1 }],
      fields: {},
      total: { amount: 2999, currency: "USD" },
    });
    results.push(order);
    await harness.completeOrder(order.id);
    results.push(await platform.getOrder(order.id));
    harness.failNext(1, 404);
    results.push(await platform.getOrder(order.id).catch((error: Error) => error.message));
    const text = JSON.stringify(results) + harness.logLines.join("\n");
    for (const secret of [...Object.values(sellvySecrets), sellvyTestSecrets.secretKey]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain("fraud_score");
  });
});
