import { describe, expect, it } from "vitest";
import { createdOrderSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { adapter as astrosellAdapter } from "../../src/server/platforms/astrosell";
import { adapter as sellsnAdapter } from "../../src/server/platforms/sellsn";
import { createMemoryStore } from "../../src/server/store/memory-store";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";
import { astrosellIds } from "../platforms/astrosell/fake-data";
import { startFakeAstrosell } from "../platforms/astrosell/fake-server";
import { sellsnIds } from "../platforms/sellsn/fake-data";
import { startFakeSellsn } from "../platforms/sellsn/fake-server";
import { sellsnStoreId, sellsnTestKey } from "../platforms/sellsn/harness";
import { closedAfterEach } from "../support/closed-after-each";
import { createRoute, rewriteNextCreate, startFaultProxy } from "../support/fault-proxy";

/*
 * Platforms with no way to look an order up again (SellSN, AstroSell): once the create call has
 * made an order, whatever goes wrong with its answer, or with a read the adapter makes after it,
 * the order is recorded and given to the buyer, and a retry never makes a second one.
 */

const running = closedAfterEach();

async function startSellsn() {
  const fake = await startFakeSellsn({ secretKey: sellsnTestKey, storeId: sellsnStoreId });
  running.push(fake);
  const proxy = await startFaultProxy(fake.baseUrl);
  running.push(proxy);
  const logger = createCapturingLogger();
  const platform = sellsnAdapter.create({
    secretKey: sellsnTestKey,
    storeId: sellsnStoreId,
    apiBase: proxy.url,
    logger,
    upstream: { backoffMs: 1, backoffLimitMs: 1 },
  });
  // Two instances sharing one store: a retry may reach the one whose breaker saw nothing.
  const store = createMemoryStore();
  const first = createApp({ platform, logger, store });
  const second = createApp({ platform, logger, store });
  const order = async (key: string, instance: "first" | "second" = "first") => {
    const body = {
      items: [{ productId: sellsnIds.windowsKey, quantity: 2 }],
      email: "b@x.example",
    };
    const app = instance === "first" ? first : second;
    const response = await app.request("/api/orders", postJson(body, key));
    return { response, body: await response.json() };
  };
  return { fake, proxy, order };
}

describe("an order the platform made is never lost to its answer", () => {
  it("SellSN: a read after the create that is refused (429) neither loses the order nor makes a second", async () => {
    const { fake, proxy, order } = await startSellsn();
    rewriteNextCreate(proxy, (body) => {
      // No currency on the order: the adapter reads the store's, and that read is refused.
      delete (body.data as Record<string, unknown>).currency;
      proxy.inject({
        method: "GET",
        path: /\/stores\/[^/]+\/products$/,
        times: 1,
        action: { kind: "status", status: 429, headers: { "retry-after": "60" } },
      });
    });
    const key = newKey();
    const first = await order(key);
    const again = await order(key, "second");
    expect(fake.orders.size).toBe(1);
    const [upstreamId] = fake.orders.keys();
    expect(first.response.status).toBe(201);
    expect(createdOrderSchema.parse(first.body).id).toBe(upstreamId);
    expect(createdOrderSchema.parse(again.body).id).toBe(upstreamId);
    expect(proxy.forwarded(createRoute)).toBe(1);
  });

  it("SellSN: an answer in an unexpected shape still names the order it made", async () => {
    const { fake, proxy, order } = await startSellsn();
    rewriteNextCreate(proxy, (body) => {
      (body.data as Record<string, unknown>).products = "renamed";
    });
    const key = newKey();
    const first = await order(key);
    expect(first.response.status).toBe(201);
    const [upstreamId] = fake.orders.keys();
    expect(createdOrderSchema.parse(first.body).id).toBe(upstreamId);
    expect((await order(key)).response.status).toBe(201);
    expect(fake.orders.size).toBe(1);
  });

  it("AstroSell: an answer in an unexpected shape still names the order it made", async () => {
    const secretKey = "nsk_live_FAKE_not_a_key";
    const fake = await startFakeAstrosell({ secretKey });
    running.push(fake);
    const proxy = await startFaultProxy(fake.apiBase);
    running.push(proxy);
    const logger = createCapturingLogger();
    const platform = astrosellAdapter.create({ secretKey, apiBase: proxy.url, logger });
    const app = createApp({ platform, logger });
    rewriteNextCreate(proxy, (body) => {
      body.total = "free";
    });
    const before = fake.orders.length;
    const body = { items: [{ productId: astrosellIds.steam, quantity: 1 }], email: "b@x.example" };
    const key = newKey();
    const first = await app.request("/api/orders", postJson(body, key));
    expect(first.status).toBe(201);
    const made = fake.orders.slice(before);
    expect(made).toHaveLength(1);
    expect(createdOrderSchema.parse(await first.json()).id).toBe(made[0]?.invoiceId);
    expect((await app.request("/api/orders", postJson(body, key))).status).toBe(201);
    expect(fake.orders.length - before).toBe(1);
  });
});
