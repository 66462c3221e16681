import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createdOrderSchema, problemSchema } from "../../../src/core";
import { createApp } from "../../../src/server/app";
import { createSandboxPlatform } from "../../../src/server/platforms/sandbox";
import { createRedisStore } from "../../../src/server/runtime/redis-store";
import type { KeyValueStore } from "../../../src/server/store/key-value-store";
import { createMemoryStore } from "../../../src/server/store/memory-store";
import {
  catalogWithEmailField,
  createCapturingLogger,
  newKey,
  postJson,
} from "../../factories/sandbox-app";
import { sellsnIds, signSellsnDelivery } from "../../platforms/sellsn/fake-data";
import { sellsnWebhookSecret, startSellsn } from "../../platforms/sellsn/harness";
import { startTestRedis, type TestRedis } from "../../support/redis-server";

/*
 * The records that guard an order (idempotency records and locks, order tokens, webhook records)
 * outlive whatever else fills the store. SellSN has no way to look an order up again, so there
 * the proxy's record is all that stands between a buyer's retry and a second order.
 */

let redis: TestRedis;
let admin: Redis;
const running: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
  admin = new Redis(redis.url);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((resource) => resource.close()));
  await admin.config("SET", "maxmemory-policy", "noeviction");
  await admin.config("SET", "maxmemory", "0");
});
afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

const buyer = "203.0.113.9";

/** The proxy over a fake SellSN on `store`; each request comes from the address it names. */
async function shopOn(store: KeyValueStore) {
  const { fake, platform } = await startSellsn();
  running.push(fake);
  const logger = createCapturingLogger();
  const app = createApp({ platform, store, logger, trustedProxies: 1 });
  const request = (path: string, init: RequestInit = {}, address = buyer) =>
    app.request(path, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), "x-forwarded-for": address },
    });
  const body = { items: [{ productId: sellsnIds.windowsKey, quantity: 1 }], email: "b@x.example" };
  const place = (key: string) => request("/api/orders", postJson(body, key));
  return { fake, logger, request, place };
}

async function openRedisStore(url: string) {
  const logger = createCapturingLogger();
  const store = await createRedisStore({ url, prefix: `test-${crypto.randomUUID()}:`, logger });
  running.push(store);
  const warnings = () => logger.lines.filter((line) => line.includes('"store_may_evict"'));
  return { store, warnings };
}

describe("a flood of new client addresses on the memory store", () => {
  it("leaves an idempotent order and its token in place: the retry answers with the first order, made once", async () => {
    // Small bounds, so a few hundred requests fill the counters many times over.
    const store = createMemoryStore({ maxEntries: 20, maxCounters: 20 });
    const { fake, request, place } = await shopOn(store);
    const key = newKey();
    const first = await place(key);
    expect(first.status).toBe(201);
    const order = createdOrderSchema.parse(await first.json());

    // Each request from a new IPv6 /64 creates a rate-limit counter.
    for (let net = 0; net < 300; net++) {
      const flood = await request(
        `/api/orders/unknown-${net}`,
        {},
        `2001:db8:0:${net.toString(16)}::1`,
      );
      expect(flood.status).toBe(404);
    }

    const retry = await place(key);
    expect(retry.status).toBe(201);
    expect(createdOrderSchema.parse(await retry.json()).id).toBe(order.id);
    expect(fake.orders.size).toBe(1);
    const page = await request(`/api/orders/${order.id}`, {
      headers: { authorization: `Bearer ${order.token}` },
    });
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

describe("the Redis store's eviction policy", () => {
  it("is named in one warning at start when Redis may evict keys", async () => {
    await admin.config("SET", "maxmemory-policy", "allkeys-lru");
    const { warnings } = await openRedisStore(redis.url);
    expect(warnings()).toHaveLength(1);
    expect(JSON.parse(warnings()[0] ?? "{}")).toMatchObject({
      level: "warn",
      policy: "allkeys-lru",
    });
  });

  it("goes unmentioned under noeviction, and when Redis refuses CONFIG", async () => {
    expect((await openRedisStore(redis.url)).warnings()).toEqual([]);
    await admin.config("SET", "maxmemory-policy", "volatile-lru");
    // As on managed Redis: a user who may use every command but CONFIG.
    await admin.call(
      "ACL",
      "SETUSER",
      "shop",
      "on",
      ">shop-password",
      "~*",
      "&*",
      "+@all",
      "-config",
    );
    const limited = await openRedisStore(`redis://shop:shop-password@127.0.0.1:${redis.port}`);
    expect(limited.warnings()).toEqual([]);
    await limited.store.set("works", "1", 60_000);
    expect(await limited.store.get("works")).toBe("1");
  });
});

describe("a full Redis under noeviction", () => {
  it("refuses what must write with 503 and Retry-After, serves what reads (an order's retry too), and loses no record", async () => {
    const { store } = await openRedisStore(redis.url);
    const { fake, logger, request, place } = await shopOn(store);
    const key = newKey();
    const first = await place(key);
    expect(first.status).toBe(201);
    const order = createdOrderSchema.parse(await first.json());
    const delivery = signSellsnDelivery(sellsnWebhookSecret, order.id, "Completed");
    const deliver = () =>
      request("/api/webhooks/sellsn", {
        method: "POST",
        headers: { "content-type": "application/json", ...delivery.headers },
        body: delivery.body,
      });
    const quote = (coupon?: string) =>
      request(
        "/api/quote",
        postJson({ items: [{ productId: sellsnIds.windowsKey, quantity: 1 }], coupon }),
      );

    // Used memory is always above one byte: every write that needs memory is refused.
    await admin.config("SET", "maxmemory", "1");
    // A retry of the order already answered reads its record and writes nothing: answered.
    const replayed = await place(key);
    expect(replayed.status).toBe(201);
    expect(createdOrderSchema.parse(await replayed.json()).id).toBe(order.id);
    for (const refused of [
      await place(newKey()),
      await quote("WELCOME10"),
      await request(`/api/orders/${order.id}/events?token=${order.token}`),
      await deliver(),
    ]) {
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("5");
      expect(problemSchema.parse(await refused.json()).type).toBe("upstream_unavailable");
    }
    expect((await request("/api/products")).status).toBe(200);
    expect((await quote()).status).toBe(200);
    const page = await request(`/api/orders/${order.id}`, {
      headers: { authorization: `Bearer ${order.token}` },
    });
    expect(page.status).toBe(200);

    await admin.config("SET", "maxmemory", "0");
    const retry = await place(key);
    expect(retry.status).toBe(201);
    expect(createdOrderSchema.parse(await retry.json()).id).toBe(order.id);
    expect(fake.orders.size).toBe(1);
    // The delivery refused while full was never recorded: delivered again, it has its effect.
    expect((await deliver()).status).toBe(200);
    expect(logger.lines.filter((line) => line.includes('"webhook_received"'))).toHaveLength(1);
    expect(logger.lines.some((line) => line.includes('"webhook_replayed"'))).toBe(false);
  });
});
