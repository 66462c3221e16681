import { describe, expect, it } from "vitest";
import type { SellerPlatform } from "../../../src/server/platforms/platform";
import { adapter } from "../../../src/server/platforms/sellstein";
import { silentLogger } from "../../../src/server/runtime/logger";
import { closingAfterEach } from "../../support/closed-after-each";
import { failure } from "../harness";
import { type FakeProduct, seedProducts, sellsteinSecretValues } from "./fake-data";
import { recordingLogger, sellsteinBusinessId, sellsteinTestKey, startSellstein } from "./harness";

const start = closingAfterEach(startSellstein, (started) => started.fake);

/** Active products numbered 1..n, for catalogs that span pages. */
function catalog(count: number): FakeProduct[] {
  const base = seedProducts()[1] as FakeProduct;
  const products = Array.from({ length: count }, (_, i) => ({
    ...base,
    id: `prod_n${i + 1}`,
    name: `Product ${i + 1}`,
    price: 1 + i / 100,
  }));
  return [...products, { ...base, id: "prod_hidden", status: "draft" as const }];
}

const activeIds = ["prod_xK9mZq2", "prod_nW3pRt8", "prod_Vr8tLm2"];

describe("SellStein adapter configuration", () => {
  it("reads test or live mode from the key and the currency from the catalog", async () => {
    const { platform, fake } = await start();
    expect(await platform.getStore()).toEqual({
      name: sellsteinBusinessId,
      currency: "USD",
      mode: "test",
      paymentMethods: [],
    });
    const live = adapter.create({
      secretKey: "sk_live_abc123",
      storeId: sellsteinBusinessId,
      apiBase: fake.baseUrl,
      logger: silentLogger,
    });
    // The fake only knows the test key: a live key is refused, which proves the header is sent.
    const error = await failure(live.getStore());
    expect(error.failure).toBe("unauthorized");
  });

  it("sends the key as a Bearer token on every call", async () => {
    const { fake } = await start();
    const wrong = adapter.create({
      secretKey: "sk_test_wrong",
      storeId: sellsteinBusinessId,
      apiBase: fake.baseUrl,
      logger: silentLogger,
    });
    expect((await failure(wrong.listProducts({ page: 1, limit: 10 }))).failure).toBe(
      "unauthorized",
    );
    const elsewhere = adapter.create({
      secretKey: sellsteinTestKey,
      storeId: "biz_other",
      apiBase: fake.baseUrl,
      logger: silentLogger,
    });
    expect((await failure(elsewhere.getProducts(["prod_xK9mZq2"]))).failure).toBe("unauthorized");
  });
});

describe("SellStein catalog", () => {
  it("lists one storefront page of active products under /business/:bizId", async () => {
    const { platform, fake } = await start();
    const page = await platform.listProducts({ page: 1, limit: 2 });
    expect(page).toMatchObject({ page: 1, pageCount: 2 });
    expect(page.data.map((p) => p.id)).toEqual(["prod_xK9mZq2", "prod_nW3pRt8"]);
    expect(fake.requests[0]).toMatchObject({
      method: "GET",
      path: `/business/${sellsteinBusinessId}/products`,
    });
    expect(new URLSearchParams(fake.requests[0]?.query)).toEqual(
      new URLSearchParams({ page: "1", limit: "2", status: "active" }),
    );
  });

  it("pages through the whole catalog without ever showing a hidden product", async () => {
    const { platform } = await start({ products: catalog(7) });
    const seen: string[] = [];
    let pageCount = 1;
    for (let page = 1; page <= pageCount; page += 1) {
      const result = await platform.listProducts({ page, limit: 3 });
      pageCount = result.pageCount;
      seen.push(...result.data.map((p) => p.id));
    }
    expect(pageCount).toBe(3);
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `prod_n${i + 1}`));
  });

  it("passes search and category on and caps the page size at the document's 100", async () => {
    const { platform, fake } = await start();
    const result = await platform.listProducts({
      page: 1,
      limit: 500,
      search: "icon",
      category: "design",
    });
    expect(result.data.map((p) => p.id)).toEqual(["prod_Vr8tLm2"]);
    const query = new URLSearchParams(fake.requests[0]?.query);
    expect(query.get("limit")).toBe("100");
    expect(query.get("search")).toBe("icon");
    expect(query.get("category")).toBe("design");
  });

  it("finds products by id across pages, in the order asked, and stops once all are found", async () => {
    const { platform, fake } = await start({ products: catalog(9), pageSizeCap: 2 });
    const found = await platform.getProducts(["prod_n6", "prod_n1"]);
    expect(found.map((p) => p.id)).toEqual(["prod_n6", "prod_n1"]);
    expect(found[0]?.price).toEqual({ amount: 105, currency: "USD" });
    // Page size 2: prod_n6 is on page 3, so pages 4 and 5 are never asked for.
    expect(fake.requests.map((r) => new URLSearchParams(r.query).get("page"))).toEqual([
      "1",
      "2",
      "3",
    ]);
  });

  it("leaves hidden and unknown ids out of a batch", async () => {
    const { platform, fake } = await start();
    const found = await platform.getProducts([
      ...activeIds,
      "prod_Dr4ftQ1",
      "prod_Arc7vZ5",
      "nope",
    ]);
    expect(found.map((p) => p.id)).toEqual(activeIds);
    expect(fake.requests).toHaveLength(1);
    expect(await platform.getProducts(["prod_Dr4ftQ1"])).toEqual([]);
  });

  it("never lets a field outside the contract reach a product or a log line", async () => {
    const logger = recordingLogger();
    const { platform } = await start({}, logger);
    const products = [
      ...(await platform.listProducts({ page: 1, limit: 100 })).data,
      ...(await platform.getProducts(activeIds)),
    ];
    const text = JSON.stringify(products) + logger.lines.join("\n");
    for (const secret of [...sellsteinSecretValues, sellsteinTestKey]) {
      expect(text).not.toContain(secret);
    }
  });

  it("leaves out, and logs, a product priced finer than its currency (0.125 USD); the rest are served", async () => {
    const logger = recordingLogger();
    const products = seedProducts().map((product) =>
      product.id === "prod_nW3pRt8" ? { ...product, price: 0.125 } : product,
    );
    const { platform } = await start({ products }, logger);
    const listed = (await platform.listProducts({ page: 1, limit: 100 })).data.map((p) => p.id);
    expect(listed).toEqual(activeIds.filter((id) => id !== "prod_nW3pRt8"));
    expect((await platform.getProducts(activeIds)).map((p) => p.id)).toEqual(
      activeIds.filter((id) => id !== "prod_nW3pRt8"),
    );
    const skipped = logger.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.event === "upstream_product_skipped");
    expect(skipped[0]).toMatchObject({
      platform: "sellstein",
      productId: "prod_nW3pRt8",
      reason: "price",
    });
  });

  it.each([
    ["a price below zero", { price: -1 }, "price"],
    ["a fractional stock", { stock: 2.5 }, "stock"],
  ] as const)(
    "leaves out, and logs by its id and field, a product with %s; the rest are served",
    async (_, patch, field) => {
      const logger = recordingLogger();
      const products = seedProducts().map((product) =>
        product.id === "prod_nW3pRt8" ? { ...product, ...patch } : product,
      );
      const { platform } = await start({ products }, logger);
      const skipped = () =>
        logger.lines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((line) => line.event === "upstream_product_skipped");
      const others = activeIds.filter((id) => id !== "prod_nW3pRt8");
      const page = await platform.listProducts({ page: 1, limit: 100 });
      expect(page.data.map((p) => p.id)).toEqual(others);
      // Once for the one read, by id and field: never the value.
      expect(skipped()).toEqual([
        {
          level: "warn",
          event: "upstream_product_skipped",
          platform: "sellstein",
          productId: "prod_nW3pRt8",
          reason: "shape",
          issues: [{ path: field, code: expect.any(String) }],
        },
      ]);
      expect((await platform.getProducts(activeIds)).map((p) => p.id)).toEqual(others);
      expect(await platform.getProducts(["prod_nW3pRt8"])).toEqual([]);
      expect((await platform.getStore()).currency).toBe("USD");
    },
  );

  it("fails loudly in one place when SellStein changes a field", async () => {
    const logger = recordingLogger();
    const changed = seedProducts().map((p) => ({ ...p, price: String(p.price) }));
    const { platform } = await start({ products: changed as unknown as FakeProduct[] }, logger);
    const error = await failure(platform.listProducts({ page: 1, limit: 10 }));
    expect(error.failure).toBe("unavailable");
    expect(logger.lines.join("\n")).toContain("upstream_shape_mismatch");
    expect(logger.lines.join("\n")).toContain("products.0.price");
  });
});

describe("SellStein orders", () => {
  const input = (platform: SellerPlatform, quantity = 2) =>
    platform.createOrder({
      idempotencyKey: "attempt-0001",
      email: "buyer@example.com",
      items: [{ productId: "prod_xK9mZq2", quantity }],
      fields: {},
      total: { amount: 5998, currency: "USD" },
    });

  it("creates the order with the SDK's fields and reads it back", async () => {
    const { platform, fake } = await start({ checkoutUrls: true });
    const order = await input(platform);
    expect(order).toMatchObject({
      status: "pending",
      total: { amount: 5998, currency: "USD" },
      items: [{ productId: "prod_xK9mZq2", name: "Premium License Key", quantity: 2 }],
      checkoutUrl: `https://pay.sellstein.com/${order.id}`,
    });
    const sent = fake.requests.at(-1);
    expect(sent).toMatchObject({
      method: "POST",
      path: `/business/${sellsteinBusinessId}/orders`,
    });
    expect(sent?.body).toEqual({
      customer_email: "buyer@example.com",
      items: [{ product_id: "prod_xK9mZq2", quantity: 2 }],
    });
    expect(await platform.getOrder(order.id)).toMatchObject({ id: order.id, status: "pending" });
    fake.setOrderStatus(order.id, "completed");
    expect((await platform.getOrder(order.id))?.status).toBe("completed");
    fake.setOrderStatus(order.id, "shipped");
    expect((await platform.getOrder(order.id))?.status).toBe("delivering");
  });

  it("orders a variant by the id the catalog gave it", async () => {
    const { platform } = await start();
    const [iconPack] = await platform.getProducts(["prod_Vr8tLm2"]);
    const variant = iconPack?.variants[1];
    expect(variant?.name).toBe("Commercial");
    const order = await platform.createOrder({
      idempotencyKey: "attempt-0002",
      email: "buyer@example.com",
      items: [{ productId: "prod_Vr8tLm2", variantId: variant?.id ?? "", quantity: 1 }],
      fields: {},
      total: { amount: 5950, currency: "USD" },
    });
    expect(order.total).toEqual({ amount: 5950, currency: "USD" });
    expect(order.items[0]?.variantId).toBe("Commercial");
  });

  it("returns undefined for an order SellStein does not have", async () => {
    const { platform } = await start();
    expect(await platform.getOrder("ord_missing")).toBeUndefined();
  });

  it("turns a refused order into contract field paths, never SellStein's words", async () => {
    const { platform, fake } = await start();
    const error = await failure(input(platform, 500));
    expect(error).toMatchObject({
      failure: "rejected",
      status: 400,
      fields: { "items.0.quantity": "SellStein refused this value" },
    });
    expect(error.message).not.toContain("Exceeds");
    // A write SellStein cannot deduplicate is sent once, never retried.
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("never copies customer details or internal notes of an order", async () => {
    const { platform } = await start();
    const order = await platform.getOrder("ord_Qw7mNp3");
    expect(order?.status).toBe("completed");
    expect(JSON.stringify(order)).not.toMatch(/Jane|jane@|Refund approved|stripe/);
  });
});

describe("SellStein errors and rate limits", () => {
  it("maps the document's error statuses", async () => {
    const { platform, fake } = await start();
    fake.failNext(1, 400);
    expect(await failure(platform.listProducts({ page: 1, limit: 5 }))).toMatchObject({
      failure: "rejected",
      message: "SellStein refused the request as invalid",
    });
    fake.failNext(1, 404);
    expect((await failure(platform.listProducts({ page: 1, limit: 5 }))).failure).toBe("not_found");
    fake.failNext(3, 500);
    expect(await failure(platform.listProducts({ page: 1, limit: 5 }))).toMatchObject({
      failure: "unavailable",
      message: "SellStein had an internal error",
    });
  });

  // SellStein's document names its window headers: a 429 carries X-RateLimit-Reset in epoch
  // seconds (the fake adds it when a queued 429 names no wait).
  it("waits until the documented X-RateLimit-Reset of a 429, asking for no more", async () => {
    const { platform, fake, waits } = await start();
    fake.rateLimitNext(1, {});
    const products = await platform.getProducts(["prod_nW3pRt8"]);
    expect(products.map((product) => product.id)).toEqual(["prod_nW3pRt8"]);
    expect(fake.requests).toHaveLength(2);
    // Whole seconds to the reset (one or two, by where in the second it fell), not the backoff.
    expect(waits).toHaveLength(1);
    expect([1000, 2000]).toContain(waits[0]);
  });

  it("passes a far X-RateLimit-Reset on instead of waiting", async () => {
    const { platform, fake, waits } = await start();
    fake.rateLimitNext(1, { "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + 600) });
    const error = await failure(platform.listProducts({ page: 1, limit: 5 }));
    expect(error.failure).toBe("rate_limited");
    expect(error.retryAfter).toBeGreaterThanOrEqual(598);
    expect(error.retryAfter).toBeLessThanOrEqual(601);
    expect(fake.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

describe("SellStein: a lost create's lookup", () => {
  it("tells one plan of a product from another by the variant its lines name", async () => {
    const { platform } = await start();
    const sentAt = Date.now();
    const attempt = {
      idempotencyKey: "attempt-plan-0001",
      email: "buyer@example.com",
      items: [{ productId: "prod_Vr8tLm2", variantId: "Personal", quantity: 1 }],
      fields: {},
      total: { amount: 1900, currency: "USD" },
    };
    const created = await platform.createOrder(attempt);
    expect((await platform.findCreatedOrder?.({ ...attempt, sentAt }))?.id).toBe(created.id);
    // The other plan's attempt, at the same total: not this order.
    const other = {
      ...attempt,
      items: [{ productId: "prod_Vr8tLm2", variantId: "Commercial", quantity: 1 }],
    };
    expect(await platform.findCreatedOrder?.({ ...other, sentAt })).toBeUndefined();
  });
});
