import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createdOrderSchema, problemSchema } from "../../../src/core";
import { createApp } from "../../../src/server/app";
import { createRedisStore } from "../../../src/server/runtime/redis-store";
import type { KeyValueStore } from "../../../src/server/store/key-value-store";
import { createCapturingLogger, newKey, postJson } from "../../factories/sandbox-app";
import { sellsnIds, signSellsnDelivery } from "../../platforms/sellsn/fake-data";
import { sellsnWebhookSecret, startSellsn } from "../../platforms/sellsn/harness";
import { startTestRedis, type TestRedis } from "../../support/redis-server";

let redis: TestRedis;
let admin: Redis;
const stores: KeyValueStore[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
  admin = new Redis(redis.url);
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await admin.config("SET", "maxmemory-policy", "noeviction");
  await admin.config("SET", "maxmemory", "0");
});
afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

async function openStore(url: string) {
  const logger = createCapturingLogger();
  const store = await createRedisStore({ url, prefix: `test-${crypto.randomUUID()}:`, logger });
  stores.push(store);
  const warnings = () => logger.lines.filter((line) => line.includes('"store_may_evict"'));
  return { store, logger, warnings };
}

describe("the Redis store's eviction policy", () => {
  it("is named in one warning at start when Redis may evict keys", async () => {
    await admin.config("SET", "maxmemory-policy", "allkeys-lru");
    const { warnings } = await openStore(redis.url);
    expect(warnings()).toHaveLength(1);
    expect(JSON.parse(warnings()[0] ?? "{}")).toMatchObject({
      level: "warn",
      policy: "allkeys-lru",
    });
  });

  it("goes unmentioned under noeviction, and when Redis refuses CONFIG", async () => {
    expect((await openStore(redis.url)).warnings()).toEqual([]);
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
    const limited = await openStore(`redis://shop:shop-password@127.0.0.1:${redis.port}`);
    expect(limited.warnings()).toEqual([]);
    await limited.store.set("works", "1", 60_000);
    expect(await limited.store.get("works")).toBe("1");
  });
});

describe("a full Redis under noeviction", () => {
  it("refuses orders with 503 and Retry-After, keeps products and order pages, and loses no record", async () => {
    const { fake, platform } = await startSellsn();
    try {
      const { store } = await openStore(redis.url);
      const logger = createCapturingLogger();
      const app = createApp({ platform, store, logger, trustedProxies: 1 });
      const headers = { "x-forwarded-for": "203.0.113.9" };
      const body = {
        items: [{ productId: sellsnIds.windowsKey, quantity: 1 }],
        email: "b@x.example",
      };
      const place = (key: string) => {
        const init = postJson(body, key);
        return app.request("/api/orders", {
          ...init,
          headers: { ...(init.headers as Record<string, string>), ...headers },
        });
      };
      const key = newKey();
      const first = await place(key);
      expect(first.status).toBe(201);
      const order = createdOrderSchema.parse(await first.json());

      // Used memory is always above one byte: every write that needs memory is refused.
      await admin.config("SET", "maxmemory", "1");
      for (const refused of [await place(key), await place(newKey())]) {
        expect(refused.status).toBe(503);
        expect(refused.headers.get("retry-after")).toBe("5");
        expect(problemSchema.parse(await refused.json()).type).toBe("upstream_unavailable");
      }
      expect((await app.request("/api/products", { headers })).status).toBe(200);
      const page = await app.request(`/api/orders/${order.id}`, {
        headers: { ...headers, authorization: `Bearer ${order.token}` },
      });
      expect(page.status).toBe(200);
      const stream = await app.request(`/api/orders/${order.id}/events?token=${order.token}`, {
        headers,
      });
      expect(stream.status).toBe(503);
      const delivery = signSellsnDelivery(sellsnWebhookSecret, order.id, "Completed");
      const webhook = await app.request("/api/webhooks/sellsn", {
        method: "POST",
        headers: { "content-type": "application/json", ...delivery.headers },
        body: delivery.body,
      });
      expect(webhook.status).toBe(503);
      expect(webhook.headers.get("retry-after")).toBe("5");

      await admin.config("SET", "maxmemory", "0");
      const retry = await place(key);
      expect(retry.status).toBe(201);
      expect(createdOrderSchema.parse(await retry.json()).id).toBe(order.id);
      expect(fake.orders.size).toBe(1);
      // The delivery refused while full was never recorded: delivered again, it has its effect.
      const again = await app.request("/api/webhooks/sellsn", {
        method: "POST",
        headers: { "content-type": "application/json", ...delivery.headers },
        body: delivery.body,
      });
      expect(again.status).toBe(200);
      expect(logger.lines.filter((line) => line.includes('"webhook_received"'))).toHaveLength(1);
      expect(logger.lines.some((line) => line.includes('"webhook_replayed"'))).toBe(false);
    } finally {
      await fake.close();
    }
  });
});
