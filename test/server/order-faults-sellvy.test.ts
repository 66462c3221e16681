import { describe, expect, it } from "vitest";
import { createdOrderSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { adapter } from "../../src/server/platforms/sellvy";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";
import { startSellvyFake } from "../platforms/sellvy/fake-server";
import { closedAfterEach } from "../support/closed-after-each";
import { startFaultProxy } from "../support/fault-proxy";

/*
 * Sellvy takes no idempotency key, but its order list filters by customer email and product:
 * an unknown outcome is looked up there (and checked by the proxy) before anything is sent again.
 */

const running = closedAfterEach();

const createRoute = { method: "POST", path: /\/orders$/ };

async function start() {
  const secretKey = "sk_test_kiosk51HsellvyFakeKey9f3";
  const fake = await startSellvyFake({ secretKey });
  running.push(fake);
  const seeded = new Set(fake.orders.keys());
  const proxy = await startFaultProxy(fake.baseUrl);
  running.push(proxy);
  const logger = createCapturingLogger();
  const platform = adapter.create({ secretKey, apiBase: proxy.url, logger });
  // Retries ask the platform at once, as they may once a create's time in flight has passed
  // (the wait itself: order-faults-in-flight.test.ts).
  const app = createApp({ platform, logger, idempotency: { inFlightMs: 0 } });
  const order = async (key: string, email = "buyer@example.com") => {
    const body = { items: [{ productId: "prod_abc123", quantity: 1 }], email };
    const response = await app.request("/api/orders", postJson(body, key));
    return { response, body: await response.json() };
  };
  return {
    fake,
    proxy,
    order,
    upstreamOrders: () => [...fake.orders.keys()].filter((id) => !seeded.has(id)),
  };
}

describe("Sellvy: an unknown outcome is looked up by email and product", () => {
  it("finds the order a dropped create made, and not another buyer's order of the same product", async () => {
    const scenario = await start();
    // Another buyer's order of the same product, just before: never taken for this one.
    expect((await scenario.order(newKey(), "someone@example.com")).response.status).toBe(201);
    const [theirs] = scenario.upstreamOrders();
    scenario.proxy.inject({ ...createRoute, times: 1, action: { kind: "drop-after-upstream" } });
    const key = newKey();
    const first = await scenario.order(key);
    expect(first.response.status).toBe(502);
    expect(first.response.headers.get("retry-after")).toBeNull();
    const ours = scenario.upstreamOrders().filter((id) => id !== theirs);
    expect(ours).toHaveLength(1);

    const retry = await scenario.order(key);
    expect(retry.response.status).toBe(201);
    expect(createdOrderSchema.parse(retry.body).id).toBe(ours[0]);
    expect(scenario.upstreamOrders()).toHaveLength(2);
    expect(scenario.proxy.seen(createRoute)).toBe(2);
  });

  it("reads every page of the buyer's orders of the product before it concludes nothing was made", async () => {
    const scenario = await start();
    scenario.proxy.inject({ ...createRoute, times: 1, action: { kind: "drop-after-upstream" } });
    const key = newKey();
    expect((await scenario.order(key)).response.status).toBe(502);
    const [orderId = ""] = scenario.upstreamOrders();
    const made = scenario.fake.orders.get(orderId);
    // The buyer's later orders of the same product (two at a time): a full first page without it.
    for (let n = 1; n <= 100; n += 1) {
      const id = `ord_later${n}`;
      const line = { product_id: "prod_abc123", variant_id: null, title: "Later", quantity: 2 };
      const later = { ...made, id, quantity: 2, items: [line] };
      scenario.fake.orders.set(id, {
        ...later,
        created_at: new Date(Date.now() + n).toISOString(),
      });
    }
    const retry = await scenario.order(key);
    expect(retry.response.status).toBe(201);
    expect(createdOrderSchema.parse(retry.body).id).toBe(orderId);
    expect(scenario.proxy.seen(createRoute)).toBe(1);
  });

  it("says it cannot tell, and makes no second order, when the list names no product for the order", async () => {
    const scenario = await start();
    scenario.proxy.inject({ ...createRoute, times: 1, action: { kind: "drop-after-upstream" } });
    // The list shows the buyer's order without its product (the document shows no list).
    scenario.proxy.inject({
      method: "GET",
      path: /\/orders\?/,
      times: 10,
      action: {
        kind: "rewrite",
        rewrite: (answer) => {
          const list = JSON.parse(answer.body) as { data: Record<string, unknown>[] };
          const data = list.data.map(({ product: _product, items: _items, ...rest }) => rest);
          return { ...answer, body: JSON.stringify({ ...list, data }) };
        },
      },
    });
    const key = newKey();
    expect((await scenario.order(key)).response.status).toBe(502);
    const retry = await scenario.order(key);
    expect(retry.response.status).toBe(502);
    expect(scenario.upstreamOrders()).toHaveLength(1);
  });

  it("creates exactly one when the lookup shows the platform never got the create", async () => {
    const scenario = await start();
    scenario.proxy.inject({ ...createRoute, times: 1, action: { kind: "status", status: 500 } });
    const key = newKey();
    expect((await scenario.order(key)).response.status).toBe(502);
    expect(scenario.upstreamOrders()).toEqual([]);
    const retry = await scenario.order(key);
    expect(retry.response.status).toBe(201);
    expect(scenario.upstreamOrders()).toEqual([createdOrderSchema.parse(retry.body).id]);
  });
});
