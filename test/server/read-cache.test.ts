import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { productSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import type { ResilienceSettings } from "../../src/server/platforms/resilience";
import { createPlatform as createSxPlatform } from "../../src/server/platforms/sx";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";
import { signStandardWebhook } from "../platforms/signing";
import { type SxFake, startSxFake } from "../platforms/sx/fake-server";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";

/*
 * The read cache seen from outside: client reads through the proxy's fetch handler, upstream
 * requests counted at a fault proxy in front of the fake sx platform.
 */

const secretKey = "sx_test_read_cache_key_0123";
const webhookSecret = `whsec_${Buffer.from("read-cache-webhook-secret").toString("base64")}`;
const productId = "prod_01J2PVQR41";

interface Setup {
  readonly fake: SxFake;
  readonly proxy: FaultProxy;
  readonly app: ReturnType<typeof createApp>;
  advance(ms: number): void;
}

const running: Setup[] = [];
afterEach(async () => {
  for (const setup of running.splice(0)) {
    await setup.proxy.close();
    await setup.fake.close();
  }
});

async function setUp(resilience: Partial<ResilienceSettings> | false = {}): Promise<Setup> {
  const fake = await startSxFake({ secretKey });
  const proxy = await startFaultProxy(fake.url);
  let clock = Date.parse("2026-03-01T12:00:00Z");
  const logger = createCapturingLogger();
  const app = createApp({
    platform: createSxPlatform({
      secretKey,
      apiBase: proxy.url,
      webhookSecret,
      logger,
      // The client's backoff between retries is not what these cases test (the upstream client's
      // own tests are): a failing refresh is retried just as often, without the waits.
      upstream: { backoffMs: 1, backoffLimitMs: 1 },
    }),
    logger,
    now: () => clock,
    resilience,
  });
  const setup = {
    fake,
    proxy,
    app,
    advance(ms: number) {
      clock += ms;
    },
  };
  running.push(setup);
  return setup;
}

async function listen(app: Setup["app"]): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
      resolve({
        url: `http://127.0.0.1:${(info as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
  });
}

async function stockOf(app: Setup["app"], id = productId): Promise<number | null> {
  const response = await app.request(`/api/products/${id}`);
  expect(response.status).toBe(200);
  return productSchema.parse(await response.json()).stock;
}

function setStock(fake: SxFake, stock: number): void {
  const product = fake.products.find((candidate) => candidate.id === productId);
  if (!product) throw new Error("no such fake product");
  product.stock = stock;
}

function orderWebhook(orderId: string) {
  const body = JSON.stringify({
    type: "order.paid",
    timestamp: new Date().toISOString(),
    data: { id: orderId, object: "order", status: "paid" },
  });
  const id = `msg_${orderId}`;
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signStandardWebhook(webhookSecret, id, timestamp, body),
    },
  };
}

const warmReads = 250;

describe("the read cache", () => {
  it("answers 250 warm reads of one product with no upstream request (250 without it)", async () => {
    const extra: number[] = [];
    for (const resilience of [{}, false] as const) {
      const setup = await setUp(resilience);
      // Real HTTP in front, so each read is its own turn of the event loop, as in production.
      const server = await listen(setup.app);
      try {
        expect((await fetch(`${server.url}/api/products/${productId}`)).status).toBe(200);
        const warm = setup.proxy.forwarded();
        for (let i = 0; i < warmReads; i++) {
          const response = await fetch(`${server.url}/api/products/${productId}`);
          expect(response.status).toBe(200);
          await response.arrayBuffer();
        }
        extra.push(setup.proxy.forwarded() - warm);
      } finally {
        await server.close();
      }
    }
    console.info(
      `upstream requests for ${warmReads} warm reads of one product: ${extra[0]} with the read cache, ${extra[1]} without`,
    );
    expect(extra).toEqual([0, warmReads]);
    // 500 real HTTP round trips: a second alone, more on a loaded machine.
  }, 60_000);

  it("coalesces identical concurrent reads into one upstream request", async () => {
    const { app, proxy } = await setUp();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.request(i % 2 ? `/api/products/${productId}` : `/api/products?ids=${productId}`),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    expect(proxy.forwarded()).toBe(1);
    const pages = await Promise.all(
      Array.from({ length: 20 }, () => app.request("/api/products?page=1&limit=2")),
    );
    expect(pages.every((response) => response.status === 200)).toBe(true);
    const listed = proxy.forwarded({ path: /\/products\?/ });
    expect(listed).toBeGreaterThan(0);
    // One storefront walk, however many readers asked at once.
    await Promise.all(
      Array.from({ length: 20 }, () => app.request("/api/products?page=1&limit=2")),
    );
    expect(proxy.forwarded({ path: /\/products\?/ })).toBe(listed);
  });

  it("never fails one client's read for another's product the platform answers badly", async () => {
    const { app, proxy } = await setUp();
    proxy.inject({
      method: "GET",
      path: /\/products\/prod_01J2PVQS6X$/,
      action: { kind: "status", status: 200, body: { id: 42 } },
    });
    const [good, bad] = await Promise.all([
      app.request(`/api/products/${productId}`),
      app.request("/api/products/prod_01J2PVQS6X"),
    ]);
    expect(good.status).toBe(200);
    expect(bad.status).toBe(503);
  });

  it("serves stale data while it revalidates, then the revalidated data", async () => {
    const { app, proxy, fake, advance } = await setUp({
      freshMs: 10_000,
      staleWhileRevalidateMs: 60_000,
    });
    expect(await stockOf(app)).toBe(47);
    setStock(fake, 12);
    advance(9_000);
    expect(await stockOf(app)).toBe(47);
    expect(proxy.forwarded()).toBe(1);
    advance(2_000);
    // Stale: answered at once from the cache while one refresh goes upstream.
    expect(await stockOf(app)).toBe(47);
    while (proxy.forwarded() < 2) await new Promise((resolve) => setImmediate(resolve));
    // Readers meanwhile share that refresh; the first after it lands sees the new stock.
    let stock = await stockOf(app);
    for (let turns = 0; stock === 47 && turns < 10_000; turns++) {
      await new Promise((resolve) => setImmediate(resolve));
      stock = await stockOf(app);
    }
    expect(stock).toBe(12);
    expect(proxy.forwarded()).toBe(2);
  });

  it("keeps serving the stale data when the background refresh fails", async () => {
    const { app, proxy, advance } = await setUp({
      freshMs: 10_000,
      staleWhileRevalidateMs: 60_000,
    });
    expect(await stockOf(app)).toBe(47);
    proxy.inject({ method: "GET", action: { kind: "status", status: 500, body: "{}" } });
    advance(11_000);
    expect(await stockOf(app)).toBe(47);
    // The refresh's three tries (the upstream client retries a read twice) all fail.
    while (proxy.seen() < 4) await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      expect(await stockOf(app)).toBe(47);
    }
    expect(proxy.forwarded()).toBe(1);
  });

  it("waits for the platform once data is older than the stale-while-revalidate window", async () => {
    const { app, fake, advance } = await setUp({ freshMs: 10_000, staleWhileRevalidateMs: 60_000 });
    expect(await stockOf(app)).toBe(47);
    setStock(fake, 5);
    advance(70_001);
    expect(await stockOf(app)).toBe(5);
  });

  it("re-reads the products of an order a webhook announces, even while fresh", async () => {
    const { app, proxy, fake } = await setUp();
    const created = await app.request(
      "/api/orders",
      postJson({ items: [{ productId, quantity: 1 }], email: "buyer@example.com" }, newKey()),
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await stockOf(app)).toBe(47);
    expect(await stockOf(app, "prod_01J2PVQS6X")).toBe(null);
    const before = proxy.forwarded();
    setStock(fake, 46);
    expect(await stockOf(app)).toBe(47);
    expect(proxy.forwarded()).toBe(before);

    expect((await app.request("/api/webhooks/sx", orderWebhook(id))).status).toBe(200);
    expect(await stockOf(app)).toBe(46);
    expect(proxy.forwarded()).toBe(before + 1);
    // A product the order does not hold stays cached.
    expect(await stockOf(app, "prod_01J2PVQS6X")).toBe(null);
    expect(proxy.forwarded()).toBe(before + 1);
  });

  it("re-reads every product when a webhook names an order it never saw", async () => {
    const { app, proxy, fake } = await setUp();
    expect(await stockOf(app)).toBe(47);
    setStock(fake, 3);
    expect((await app.request("/api/webhooks/sx", orderWebhook("ord_unknown_1"))).status).toBe(200);
    expect(await stockOf(app)).toBe(3);
    expect(proxy.forwarded()).toBe(2);
  });

  it("does not take a read that was under way when a webhook arrived for fresh", async () => {
    const { app, proxy, advance } = await setUp();
    expect(await stockOf(app)).toBe(47);
    advance(11_000);
    // The background refresh this read starts is held at the fault proxy until the webhook is in.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    proxy.inject({ method: "GET", times: 1, action: { kind: "hold", until: held } });
    expect(await stockOf(app)).toBe(47);
    while (proxy.seen() < 2) await new Promise((resolve) => setImmediate(resolve));
    expect((await app.request("/api/webhooks/sx", orderWebhook("ord_unknown_3"))).status).toBe(200);
    // Waits for the held refresh (no longer served stale), which was outdated on arrival: re-read.
    const read = stockOf(app);
    release();
    expect(await read).toBe(47);
    expect(proxy.forwarded()).toBe(2);
    expect(await stockOf(app)).toBe(47);
    expect(proxy.forwarded()).toBe(3);
    expect(await stockOf(app)).toBe(47);
    expect(proxy.forwarded()).toBe(3);
  });

  it("keeps the last known data after an invalidation when the platform then fails", async () => {
    const { app, proxy, advance } = await setUp();
    expect(await stockOf(app)).toBe(47);
    expect((await app.request("/api/webhooks/sx", orderWebhook("ord_unknown_2"))).status).toBe(200);
    proxy.inject({ method: "GET", action: { kind: "status", status: 500, body: "{}" } });
    advance(1_000);
    expect(await stockOf(app)).toBe(47);
  });
});
