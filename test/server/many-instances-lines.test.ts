import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createdOrderSchema, orderSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import type { PlatformAdapter } from "../../src/server/platforms/platform";
import { adapter as sellvy } from "../../src/server/platforms/sellvy";
import { adapter as sx } from "../../src/server/platforms/sx";
import { loadConfig } from "../../src/server/runtime/config";
import { createRedisStore } from "../../src/server/runtime/redis-store";
import { startServer } from "../../src/server/runtime/serve";
import { type KeyValueStore, StoreUnavailableError } from "../../src/server/store/key-value-store";
import { createMemoryStore } from "../../src/server/store/memory-store";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";
import { startSellvyFake } from "../platforms/sellvy/fake-server";
import { sellvyTestSecrets } from "../platforms/sellvy/harness";
import { startSxFake } from "../platforms/sx/fake-server";
import { closedAfterEach } from "../support/closed-after-each";
import { startTestRedis, type TestRedis } from "../support/redis-server";

/*
 * What a proxy asked an order for, where the platform's order does not repeat it (Sellvy's
 * document order names its product but no quantity; sx's lines name no product id), is kept in
 * the store the instances share: the order reads the same on an instance that did not create it.
 */

let redis: TestRedis;
const running = closedAfterEach();
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const sxKey = "sx_test_0123456789abcdef01234567";

/** One proxy instance in front of `apiBase`, on `store`, with the adapter given the same store. */
function instance(
  adapter: PlatformAdapter,
  secretKey: string,
  apiBase: string,
  store: KeyValueStore,
) {
  const logger = createCapturingLogger();
  const platform = adapter.create({ secretKey, apiBase, logger, store });
  const app = createApp({ platform, store, logger });
  return { app, logger };
}

type Instance = ReturnType<typeof instance>;

/** Two instances sharing one Redis (two connections, one key prefix), as two processes would. */
async function twoOnRedis(adapter: PlatformAdapter, secretKey: string, apiBase: string) {
  const prefix = `test-${crypto.randomUUID()}:`;
  const stores = [
    await createRedisStore({ url: redis.url, prefix, logger: createCapturingLogger() }),
    await createRedisStore({ url: redis.url, prefix, logger: createCapturingLogger() }),
  ] as const;
  for (const store of stores) running.push(store);
  return {
    one: instance(adapter, secretKey, apiBase, stores[0]),
    two: instance(adapter, secretKey, apiBase, stores[1]),
    store: stores[0],
  };
}

async function place(on: Instance, items: { productId: string; quantity: number }[]) {
  const response = await on.app.request(
    "/api/orders",
    postJson({ items, email: "buyer@example.com" }, newKey()),
  );
  expect(response.status).toBe(201);
  return createdOrderSchema.parse(await response.json());
}

async function read(on: Instance, created: { id: string; token: string }) {
  const response = await on.app.request(`/api/orders/${created.id}`, {
    headers: { authorization: `Bearer ${created.token}` },
  });
  expect(response.status).toBe(200);
  return orderSchema.parse(await response.json());
}

async function sellvyInDocumentShape() {
  const fake = await startSellvyFake({
    secretKey: sellvyTestSecrets.secretKey,
    documentOrders: true,
  });
  running.push(fake);
  return fake;
}

const events = (on: Instance, event: string) =>
  on.logger.lines.filter((line) => line.includes(`"event":"${event}"`));

describe("order lines remembered in the shared store", () => {
  it("a Sellvy order for two, created on one proxy, reads as two on another started beside it", async () => {
    const fake = await sellvyInDocumentShape();
    const env = {
      PORT: "0",
      KIOSK_PLATFORM: "sellvy",
      KIOSK_SECRET_KEY: sellvyTestSecrets.secretKey,
      KIOSK_API_BASE: fake.baseUrl,
      KIOSK_REDIS_URL: redis.url,
    };
    const start = () => startServer(loadConfig(env), createCapturingLogger());
    const [one, two] = await Promise.all([start(), start()]);
    running.push(one, two);
    const response = await fetch(
      `${one.url}/api/orders`,
      postJson(
        { items: [{ productId: "prod_abc123", quantity: 2 }], email: "buyer@example.com" },
        newKey(),
      ),
    );
    expect(response.status).toBe(201);
    const created = createdOrderSchema.parse(await response.json());
    const read = await fetch(`${two.url}/api/orders/${created.id}`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(orderSchema.parse(await read.json()).items).toEqual([
      { productId: "prod_abc123", name: "Premium Icon Pack", quantity: 2 },
    ]);
  });

  it("an sx order's lines, created on one instance, name their product on the other", async () => {
    const fake = await startSxFake({ secretKey: sxKey });
    running.push(fake);
    const { one, two } = await twoOnRedis(sx, sxKey, fake.url);
    const created = await place(one, [{ productId: "prod_01J2PVQR41", quantity: 2 }]);
    const [line] = (await read(two, created)).items;
    expect(line).toMatchObject({ productId: "prod_01J2PVQR41", quantity: 2 });
  });

  it("a remembered value that does not read is ignored: the order reads as the platform shows it", async () => {
    const fake = await sellvyInDocumentShape();
    const { one, two, store } = await twoOnRedis(sellvy, sellvyTestSecrets.secretKey, fake.baseUrl);
    const created = await place(one, [{ productId: "prod_abc123", quantity: 2 }]);
    const key = `order-lines:sellvy:${created.id}`;
    const malformed = [
      "not json",
      JSON.stringify({ productId: "prod_abc123", quantity: 2 }),
      JSON.stringify([{ productId: "prod_abc123", quantity: "2" }]),
      JSON.stringify([{ productId: "prod_abc123", quantity: -2 }]),
    ];
    for (const value of malformed) {
      await store.set(key, value, 60_000);
      expect((await read(two, created)).items).toEqual([
        { productId: "prod_abc123", name: "Premium Icon Pack", quantity: 1 },
      ]);
    }
    expect(events(two, "order_lines_unreadable")).toHaveLength(malformed.length);
  });
});

/** A memory store whose order-lines keys fail as a Redis gone away would, the rest answering. */
function failingLines(): KeyValueStore {
  const store = createMemoryStore();
  const away = (key: string) => {
    if (key.startsWith("order-lines:")) throw new StoreUnavailableError("redis is unavailable");
  };
  return {
    ...store,
    async get(key) {
      away(key);
      return store.get(key);
    },
    async set(key, value, ttlMs) {
      away(key);
      return store.set(key, value, ttlMs);
    },
  };
}

describe("a store that fails while the lines are remembered or read", () => {
  it("still answers the order created upstream, and reads it as the platform shows it", async () => {
    const fake = await sellvyInDocumentShape();
    const seeded = new Set(fake.orders.keys());
    const on = instance(sellvy, sellvyTestSecrets.secretKey, fake.baseUrl, failingLines());
    const created = await place(on, [{ productId: "prod_abc123", quantity: 2 }]);
    expect([...fake.orders.keys()].filter((id) => !seeded.has(id))).toEqual([created.id]);
    expect(events(on, "order_lines_unsaved")).toHaveLength(1);
    expect((await read(on, created)).items).toEqual([
      { productId: "prod_abc123", name: "Premium Icon Pack", quantity: 1 },
    ]);
    expect(events(on, "order_lines_unavailable")).toHaveLength(1);
  });
});
