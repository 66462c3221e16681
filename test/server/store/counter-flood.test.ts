import { afterEach, describe, expect, it } from "vitest";
import { createdOrderSchema } from "../../../src/core";
import { createApp } from "../../../src/server/app";
import { createSandboxPlatform } from "../../../src/server/platforms/sandbox";
import { createMemoryStore } from "../../../src/server/store/memory-store";
import {
  catalogWithEmailField,
  createCapturingLogger,
  newKey,
  postJson,
} from "../../factories/sandbox-app";
import { sellsnIds } from "../../platforms/sellsn/fake-data";
import { startSellsn } from "../../platforms/sellsn/harness";

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const resource of running.splice(0)) await resource.close();
});

/*
 * Every request from a new address creates rate-limit counters, and IPv6 /64s are cheap. SellSN
 * has no way to look an order up again, so the proxy's record is all that stands between a
 * buyer's retry and a second order.
 */
describe("a flood of new client addresses", () => {
  it("leaves an idempotent order and its token in place: the retry answers with the first order, made once", async () => {
    const { fake, platform } = await startSellsn();
    running.push(fake);
    // Small bounds, so a few hundred requests fill the counters many times over.
    const store = createMemoryStore({ maxEntries: 20, maxCounters: 20 });
    const app = createApp({ platform, store, logger: createCapturingLogger(), trustedProxies: 1 });
    const from = (address: string, init: RequestInit = {}): RequestInit => ({
      ...init,
      headers: { ...(init.headers as Record<string, string>), "x-forwarded-for": address },
    });
    const body = {
      items: [{ productId: sellsnIds.windowsKey, quantity: 1 }],
      email: "b@x.example",
    };
    const key = newKey();

    const first = await app.request("/api/orders", from("203.0.113.9", postJson(body, key)));
    expect(first.status).toBe(201);
    const order = createdOrderSchema.parse(await first.json());

    for (let net = 0; net < 300; net++) {
      const flood = await app.request(
        `/api/orders/unknown-${net}`,
        from(`2001:db8:0:${net.toString(16)}::1`),
      );
      expect(flood.status).toBe(404);
    }

    const retry = await app.request("/api/orders", from("203.0.113.9", postJson(body, key)));
    expect(retry.status).toBe(201);
    expect(createdOrderSchema.parse(await retry.json()).id).toBe(order.id);
    expect(fake.orders.size).toBe(1);
    const page = await app.request(
      `/api/orders/${order.id}`,
      from("203.0.113.9", { headers: { authorization: `Bearer ${order.token}` } }),
    );
    expect(page.status).toBe(200);
  });

  it("cannot be turned into records by orders the platform never sees", async () => {
    // No client address: no counters either, so every entry would be a record.
    const store = createMemoryStore();
    const app = createApp({
      platform: createSandboxPlatform(catalogWithEmailField()),
      store,
      logger: createCapturingLogger(),
    });
    const email = "b@x.example";
    const refused = [
      { items: [], email },
      { items: [{ productId: "pro-license", quantity: 1 }], email: "not-an-email" },
      { items: [{ productId: "no-such-product", quantity: 1 }], email },
      { items: [{ productId: "custom-sprite", quantity: 1 }], email, fields: { contact: "x" } },
      { items: [{ productId: "pro-license", quantity: 1 }], email, coupon: "EXPIRED" },
    ];
    for (const body of refused) {
      const response = await app.request("/api/orders", postJson(body, newKey()));
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    expect(store.size).toBe(0);
  });
});
