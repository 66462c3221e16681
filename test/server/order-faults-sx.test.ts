import { describe, expect, it } from "vitest";
import { createdOrderSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { createPlatform } from "../../src/server/platforms/sx";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";
import { startSxFake } from "../platforms/sx/fake-server";
import { closedAfterEach } from "../support/closed-after-each";
import { startFaultProxy } from "../support/fault-proxy";

/*
 * The sx platform takes an Idempotency-Key, so an unknown outcome is settled by sending the same
 * create again with the same key: the platform answers with the order it made, or makes the one
 * it never received. Either way, one order.
 */

const running = closedAfterEach();

async function start() {
  const secretKey = "sx_test_0123456789abcdef01234567";
  const fake = await startSxFake({ secretKey });
  running.push(fake);
  const seeded = new Set(fake.orders.keys());
  const proxy = await startFaultProxy(fake.url);
  running.push(proxy);
  const logger = createCapturingLogger();
  const platform = createPlatform({
    secretKey,
    apiBase: proxy.url,
    logger,
    upstream: { timeoutMs: 1500, backoffMs: 1, backoffLimitMs: 1 },
  });
  // Retries ask the platform at once, as they may once a create's time in flight has passed
  // (the wait itself: order-faults-in-flight.test.ts).
  const app = createApp({ platform, logger, idempotency: { inFlightMs: 0 } });
  const body = { items: [{ productId: "prod_01J2PVQR41", quantity: 1 }], email: "b@example.com" };
  return {
    proxy,
    logger,
    order: async (key: string) => {
      const response = await app.request("/api/orders", postJson(body, key));
      return { response, body: await response.json() };
    },
    upstreamOrders: () => [...fake.orders.keys()].filter((id) => !seeded.has(id)),
  };
}

const createRoute = { method: "POST", path: /\/orders$/ };

describe("sx: an unknown outcome is settled by the same key", () => {
  it("after every try of the create dropped, the retry gets the one order the platform made", async () => {
    const scenario = await start();
    // The client retries a keyed write itself; all three of its tries are dropped.
    scenario.proxy.inject({ ...createRoute, times: 3, action: { kind: "drop-after-upstream" } });
    const key = newKey();
    const first = await scenario.order(key);
    expect(first.response.status).toBe(502);
    expect(first.response.headers.get("retry-after")).toBeNull();
    const [orderId, ...more] = scenario.upstreamOrders();
    expect(more).toEqual([]);

    const retry = await scenario.order(key);
    expect(retry.response.status).toBe(201);
    expect(createdOrderSchema.parse(retry.body).id).toBe(orderId);
    expect(scenario.upstreamOrders()).toEqual([orderId]);
    expect(scenario.proxy.forwarded(createRoute)).toBe(4);
  });

  it("after a hanging create that never arrived, the retry makes exactly one", async () => {
    const scenario = await start();
    scenario.proxy.inject({ ...createRoute, times: 1, action: { kind: "hang" } });
    const key = newKey();
    expect((await scenario.order(key)).response.status).toBe(502);
    scenario.proxy.releaseHanging();
    expect(scenario.upstreamOrders()).toEqual([]);
    const retry = await scenario.order(key);
    expect(retry.response.status).toBe(201);
    expect(scenario.upstreamOrders()).toEqual([createdOrderSchema.parse(retry.body).id]);
  });
});
