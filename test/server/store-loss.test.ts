import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createdOrderSchema, problemSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { ProblemError } from "../../src/server/http/problem-error";
import { watchStoreMemory } from "../../src/server/orders/store-memory";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { createMemoryStore } from "../../src/server/store/memory-store";
import { createCapturingLogger, demoCatalog, newKey, postJson } from "../factories/sandbox-app";
import { type FakeSellstein, startFakeSellstein } from "../platforms/sellstein/fake-server";
import { sellsteinBusinessId, sellsteinTestKey } from "../platforms/sellstein/harness";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";
import { type KioskProcess, startKiosk } from "../support/kiosk-process";
import { startTestRedis, type TestRedis } from "../support/redis-server";

/*
 * A store that loses its data (a Redis restarted without it) loses the records of creates still
 * on their way: no order without a record is created until those must have landed, and each is
 * recorded by its holder when it does, so the buyer's retry finds it.
 */

describe("watchStoreMemory", () => {
  const inFlightMs = 20_000;
  /** A store that several processes share, as Redis is (a memory store standing in for it). */
  const sharedStore = () => ({ ...createMemoryStore(), shared: true });

  it("lets orders through on a store that keeps its mark, and on one that never had one", async () => {
    const clock = 1_000_000;
    const store = sharedStore();
    const memory = watchStoreMemory(store, inFlightMs, () => clock);
    await memory.learn();
    await expect(memory.check()).resolves.toBeUndefined();
    await expect(memory.check()).resolves.toBeUndefined();
    // An instance that could not read it at its start takes the first it reads as the store's.
    const late = watchStoreMemory(sharedStore(), inFlightMs, () => clock);
    await expect(late.check()).resolves.toBeUndefined();
  });

  it("refuses for a create's time in flight, from when it sees the mark it knew gone", async () => {
    let clock = 1_000_000;
    const store = sharedStore();
    const memory = watchStoreMemory(store, inFlightMs, () => clock);
    await memory.learn();
    await store.delete("kiosk:store-mark");
    clock += 1_000;
    const refused = await memory.check().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProblemError);
    expect(refused).toMatchObject({ status: 409, retryAfter: 20 });
    clock += 19_000;
    await expect(memory.check()).rejects.toMatchObject({ retryAfter: 1 });
    clock += 1_000;
    await expect(memory.check()).resolves.toBeUndefined();
  });

  it("waits, on each instance, from when that instance sees the change, by its own clock", async () => {
    let clock = 1_000_000;
    const store = sharedStore();
    const one = watchStoreMemory(store, inFlightMs, () => clock);
    // Another instance whose clock is an hour ahead: its clock says nothing to the first.
    const two = watchStoreMemory(store, inFlightMs, () => clock + 3_600_000);
    await Promise.all([one.learn(), two.learn()]);
    await store.delete("kiosk:store-mark");
    clock += 1_000;
    // The second sees it gone first, and writes the store's new mark.
    await expect(two.check()).rejects.toMatchObject({ retryAfter: 20 });
    clock += 15_000;
    await expect(one.check()).rejects.toMatchObject({ retryAfter: 20 });
    clock += 5_000;
    await expect(two.check()).resolves.toBeUndefined();
    await expect(one.check()).rejects.toMatchObject({ retryAfter: 15 });
  });

  it("never waits on a store of this process alone, whatever it forgets", async () => {
    // The memory store loses nothing while the process lives; a small one forgets its oldest
    // entries as it fills, the mark among them.
    const store = createMemoryStore({ maxEntries: 3 });
    const memory = watchStoreMemory(store, inFlightMs, () => 1_000_000);
    await memory.learn();
    for (let order = 0; order < 10; order += 1) {
      await store.set(`idempotency:${order}`, "{}", 60_000);
      await expect(memory.check()).resolves.toBeUndefined();
    }
  });
});

describe("two proxies on a Redis restarted without its data while a create is on its way", () => {
  let redis: TestRedis;
  let fake: FakeSellstein;
  let proxy: FaultProxy;
  let one: KioskProcess;
  let two: KioskProcess;
  const createRoute = { method: "POST", path: /\/orders$/ };

  beforeAll(async () => {
    redis = await startTestRedis();
    fake = await startFakeSellstein({
      secretKey: sellsteinTestKey,
      businessId: sellsteinBusinessId,
      checkoutUrls: true,
    });
    proxy = await startFaultProxy(fake.baseUrl);
    const env = {
      KIOSK_PLATFORM: "sellstein",
      KIOSK_SECRET_KEY: sellsteinTestKey,
      KIOSK_STORE_ID: sellsteinBusinessId,
      KIOSK_API_BASE: proxy.url,
      KIOSK_REDIS_URL: redis.url,
    };
    [one, two] = await Promise.all([startKiosk(env), startKiosk(env)]);
  }, 30_000);

  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await proxy?.close();
    await fake?.close();
    await redis?.stop();
  });

  const order = (instance: KioskProcess, key: string, email = "buyer@example.com") =>
    fetch(`${instance.url}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify({ items: [{ productId: "prod_xK9mZq2", quantity: 1 }], email }),
    });
  const creates = () => proxy.seen(createRoute);
  const ready = async (instance: KioskProcess) => {
    for (;;) {
      const answer = await fetch(`${instance.url}/readyz`);
      // "degraded" while the store is away: the process answers either way.
      if (((await answer.json()) as { status: string }).status === "ready") return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it("answers the buyer's retry with the one order, never a second", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    proxy.inject({ ...createRoute, times: 1, action: { kind: "hold", until: held } });
    const key = newKey();
    const first = order(one, key);
    await expect.poll(creates, { timeout: 10_000 }).toBe(1);
    await redis.stop();
    await redis.start();
    await Promise.all([ready(one), ready(two)]);

    // The buyer reloads and pays again, on the other instance: the key's record went with the
    // store's data, and its create may still land.
    const retry = await order(two, key);
    expect(retry.status).toBe(409);
    expect(Number(retry.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another buyer's first order waits too: no record tells which keys were lost.
    const other = await order(one, newKey(), "other@example.com");
    expect(other.status).toBe(409);
    problemSchema.parse(await other.json());

    release();
    const made = createdOrderSchema.parse(await (await first).json());
    // Recorded by its holder when it landed: the retry gets it.
    const again = await order(two, key);
    expect(again.status).toBe(201);
    expect(createdOrderSchema.parse(await again.json()).id).toBe(made.id);
    expect(creates()).toBe(1);
  }, 60_000);
});

describe("a create's time in flight", () => {
  /** What a new order is told to wait on a shared store that lost its data just now. */
  async function waitAfterLoss(deadlineMs?: number): Promise<string | null> {
    const store = { ...createMemoryStore(), shared: true };
    const app = createApp({
      platform: createSandboxPlatform(demoCatalog()),
      store,
      logger: createCapturingLogger(),
      ...(deadlineMs === undefined ? {} : { resilience: { deadlineMs } }),
    });
    // Its mark, read as it started, then gone.
    await expect.poll(() => store.get("kiosk:store-mark")).toBeDefined();
    await store.delete("kiosk:store-mark");
    const order = { items: [{ productId: "setup-call", quantity: 1 }], email: "b@example.com" };
    const refused = await app.request("/api/orders", postJson(order, newKey()));
    expect(refused.status).toBe(409);
    return refused.headers.get("retry-after");
  }

  it("is the upstream deadline and 10 s, or twice a deadline longer than that (a read before the create)", async () => {
    expect(await waitAfterLoss()).toBe("15");
    expect(await waitAfterLoss(30_000)).toBe("60");
  });
});
