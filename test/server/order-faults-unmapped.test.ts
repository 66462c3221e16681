import { describe, expect, it } from "vitest";
import { createdOrderSchema, problemSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { adapter as sellsteinAdapter } from "../../src/server/platforms/sellstein";
import { adapter as sellvyAdapter } from "../../src/server/platforms/sellvy";
import { adapter as sxAdapter } from "../../src/server/platforms/sx";
import type { Logger } from "../../src/server/runtime/logger";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";
import { startFakeSellstein } from "../platforms/sellstein/fake-server";
import { startSellvyFake } from "../platforms/sellvy/fake-server";
import { startSxFake } from "../platforms/sx/fake-server";
import { closedAfterEach } from "../support/closed-after-each";
import {
  createRoute,
  type RouteMatcher,
  rewriteJson,
  rewriteNextCreate,
  startFaultProxy,
} from "../support/fault-proxy";

/*
 * Platforms that can look an order up again (SellStein, Sellvy, sx): an order the platform made
 * whose answer the adapter cannot map (an amount no integer of minor units holds) is recorded by
 * its id before anything else can fail, and a retry with the same key never makes a second one.
 */

const running = closedAfterEach();

type Json = Record<string, unknown>;

interface LookupPlatform {
  start(logger: Logger): Promise<{
    fake: { orders: Map<string, unknown>; close(): Promise<void> };
    proxy: Awaited<ReturnType<typeof startFaultProxy>>;
    platform: ReturnType<typeof sxAdapter.create>;
    productId: string;
  }>;
  /** The order in a create's or a read's answer. */
  orderIn(answer: Json): Json;
  /** Puts an order's amount out of range: no safe integer of minor units holds it. */
  outOfRange(order: Json): void;
  /** How the platform is asked about a create whose outcome is unknown, and the orders it lists. */
  lookup: { route: RouteMatcher; orders(answer: Json): Json[] };
  /** How many tries of the create the upstream client makes (a keyed write is retried). */
  createTries: number;
}

const platforms: Record<"SellStein" | "Sellvy" | "sx", LookupPlatform> = {
  SellStein: {
    async start(logger) {
      const secretKey = "sk_test_k1osKf4keS3llSt31nKey";
      const storeId = "biz_abc123";
      const fake = await startFakeSellstein({ secretKey, businessId: storeId });
      const proxy = await startFaultProxy(fake.baseUrl);
      const platform = sellsteinAdapter.create({ secretKey, storeId, apiBase: proxy.url, logger });
      return { fake, proxy, platform, productId: "prod_xK9mZq2" };
    },
    orderIn: (answer) => answer,
    outOfRange(order) {
      order.total = 1e20;
    },
    lookup: {
      route: { method: "GET", path: /\/orders\?/ },
      orders: (list) => list.orders as Json[],
    },
    createTries: 1,
  },
  Sellvy: {
    async start(logger) {
      const secretKey = "sk_test_kiosk51HsellvyFakeKey9f3";
      const fake = await startSellvyFake({ secretKey });
      const proxy = await startFaultProxy(fake.baseUrl);
      const platform = sellvyAdapter.create({ secretKey, apiBase: proxy.url, logger });
      return { fake, proxy, platform, productId: "prod_abc123" };
    },
    orderIn: (answer) => answer.data as Json,
    outOfRange(order) {
      order.total = "99999999999999999999.99";
    },
    lookup: { route: { method: "GET", path: /\/orders\?/ }, orders: (list) => list.data as Json[] },
    createTries: 1,
  },
  sx: {
    async start(logger) {
      const secretKey = "sx_test_0123456789abcdef01234567";
      const fake = await startSxFake({ secretKey });
      const proxy = await startFaultProxy(fake.url);
      const platform = sxAdapter.create({
        secretKey,
        apiBase: proxy.url,
        logger,
        upstream: { backoffMs: 1, backoffLimitMs: 1 },
      });
      return { fake, proxy, platform, productId: "prod_01J2PVQR41" };
    },
    orderIn: (answer) => answer,
    outOfRange(order) {
      order.total_cents = 1e20;
    },
    // The same create, with the same key, answers with the order it made.
    lookup: { route: createRoute, orders: (answer) => [answer] },
    createTries: 3,
  },
};

async function start(name: keyof typeof platforms) {
  const logger = createCapturingLogger();
  const { fake, proxy, platform, productId } = await platforms[name].start(logger);
  running.push(fake, proxy);
  const seeded = new Set(fake.orders.keys());
  // Retries ask the platform at once, as they may once a create's time in flight has passed
  // (the wait itself: order-faults-in-flight.test.ts).
  const app = createApp({ platform, logger, idempotency: { inFlightMs: 0 } });
  const body = { items: [{ productId, quantity: 1 }], email: "buyer@example.com" };
  return {
    proxy,
    async order(key: string) {
      const response = await app.request("/api/orders", postJson(body, key));
      return { response, body: await response.json() };
    },
    upstreamOrders: () => [...fake.orders.keys()].filter((id) => !seeded.has(id)),
    logged(level: "info" | "error", event: string) {
      return logger.lines
        .map((line) => JSON.parse(line) as Json)
        .filter((line) => line.level === level && line.event === event);
    },
  };
}

const orderReadRoute = { method: "GET", path: /\/orders\/[^/?]+$/ };

describe.each(Object.keys(platforms) as (keyof typeof platforms)[])(
  "%s: an order made upstream whose answer cannot be mapped",
  (name) => {
    const { orderIn, outOfRange, lookup, createTries } = platforms[name];
    const unreadable = (answer: Json) => outOfRange(orderIn(answer));

    it("is recorded by its id and given to the buyer; the retry creates nothing", async () => {
      const scenario = await start(name);
      rewriteNextCreate(scenario.proxy, unreadable);
      const key = newKey();
      const first = await scenario.order(key);
      const [orderId, ...more] = scenario.upstreamOrders();
      expect(more).toEqual([]);
      expect(scenario.logged("info", "upstream_order_created")).toMatchObject([
        { orderId, answer: "unreadable" },
      ]);
      expect(first.response.status).toBe(201);
      expect(createdOrderSchema.parse(first.body).id).toBe(orderId);
      const retry = await scenario.order(key);
      expect(createdOrderSchema.parse(retry.body).id).toBe(orderId);
      expect(scenario.upstreamOrders()).toEqual([orderId]);
      expect(scenario.proxy.forwarded(createRoute)).toBe(1);
    });

    it("that stays unreadable: 502 without Retry-After, logged by its id, and never a second", async () => {
      const scenario = await start(name);
      rewriteNextCreate(scenario.proxy, unreadable);
      // Every read of the order says the same: nothing the buyer can be shown.
      scenario.proxy.inject({ ...orderReadRoute, action: rewriteJson(unreadable) });
      const key = newKey();
      const first = await scenario.order(key);
      const [orderId, ...more] = scenario.upstreamOrders();
      expect(more).toEqual([]);
      expect(first.response.status).toBe(502);
      expect(first.response.headers.get("retry-after")).toBeNull();
      expect(problemSchema.parse(first.body).detail).toMatch(/may have been placed/);
      expect(scenario.logged("error", "order_without_answer")).toMatchObject([{ orderId }]);

      const retry = await scenario.order(key);
      expect(retry.response.status).toBe(502);
      expect(scenario.upstreamOrders()).toEqual([orderId]);
      expect(scenario.proxy.forwarded(createRoute)).toBe(1);
    });

    it("found by the lookup after a dropped create, is kept by its id", async () => {
      const scenario = await start(name);
      scenario.proxy.inject({
        ...createRoute,
        times: createTries,
        action: { kind: "drop-after-upstream" },
      });
      const key = newKey();
      expect((await scenario.order(key)).response.status).toBe(502);
      const [orderId, ...more] = scenario.upstreamOrders();
      expect(more).toEqual([]);

      scenario.proxy.inject({
        ...lookup.route,
        times: 1,
        action: rewriteJson((answer) => {
          for (const order of lookup.orders(answer)) outOfRange(order);
        }),
      });
      const retry = await scenario.order(key);
      expect(retry.response.status).toBe(201);
      expect(createdOrderSchema.parse(retry.body).id).toBe(orderId);
      expect(scenario.logged("info", "upstream_order_created")).toMatchObject([
        { orderId, answer: "found" },
      ]);
      expect(scenario.upstreamOrders()).toEqual([orderId]);
    });
  },
);
