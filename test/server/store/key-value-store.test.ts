import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/server/app";
import { createSandboxPlatform } from "../../../src/server/platforms/sandbox";
import { createLogger, silentLogger } from "../../../src/server/runtime/logger";
import { createRedisStore } from "../../../src/server/runtime/redis-store";
import { keepSubscribed } from "../../../src/server/store/kept-subscription";
import {
  type KeyValueStore,
  StoreUnavailableError,
} from "../../../src/server/store/key-value-store";
import { createMemoryStore } from "../../../src/server/store/memory-store";
import { demoCatalog } from "../../factories/sandbox-app";
import { startTestRedis, type TestRedis } from "../../support/redis-server";

/** Two handles on one store: the same object in memory, two connections (two instances) on Redis. */
interface StoreKind {
  readonly name: string;
  open(): Promise<{ a: KeyValueStore; b: KeyValueStore; close(): Promise<void> }>;
}

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const kinds: StoreKind[] = [
  {
    name: "memory",
    async open() {
      const store = createMemoryStore();
      return { a: store, b: store, close: () => store.close() };
    },
  },
  {
    name: "redis",
    async open() {
      const prefix = `test-${crypto.randomUUID()}:`;
      const a = await createRedisStore({ url: redis.url, prefix, logger: silentLogger });
      const b = await createRedisStore({ url: redis.url, prefix, logger: silentLogger });
      return {
        a,
        b,
        close: async () => {
          await a.close();
          await b.close();
        },
      };
    },
  },
];

/** Subscribes and hands out messages in order, waiting for the next when none is queued. */
async function listen(store: KeyValueStore, channel: string) {
  const received: string[] = [];
  let read = 0;
  let wake: (() => void) | undefined;
  const stop = await store.subscribe(channel, (message) => {
    received.push(message);
    wake?.();
  });
  return {
    received,
    stop,
    async next(): Promise<string> {
      while (read >= received.length) await new Promise<void>((resolve) => (wake = resolve));
      return received[read++] ?? "";
    },
  };
}

describe.each(kinds)("the $name store", (kind) => {
  let a: KeyValueStore;
  let b: KeyValueStore;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ a, b, close } = await kind.open());
  });
  afterAll(async () => {
    await close?.();
  });

  it("gets what was set, from any instance, until it is deleted", async () => {
    expect(await b.get("missing")).toBeUndefined();
    await a.set("greeting", "hello", 60_000);
    expect(await b.get("greeting")).toBe("hello");
    await a.set("greeting", "again", 60_000);
    expect(await b.get("greeting")).toBe("again");
    await b.delete("greeting");
    expect(await a.get("greeting")).toBeUndefined();
  });

  it("lets exactly one of many concurrent claims win", async () => {
    const claims = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        (index % 2 ? a : b).setIfAbsent("claim", `owner-${index}`, 60_000),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = claims.indexOf(true);
    expect(await a.get("claim")).toBe(`owner-${winner}`);
    expect(await b.setIfAbsent("claim", "late", 60_000)).toBe(false);
  });

  it("lets go of a value, or keeps it longer, only while it is still the one asked about", async () => {
    await a.set("lock", "mine", 60_000);
    expect(await b.deleteIfEqual("lock", "theirs")).toBe(false);
    expect(await b.renewIfEqual("lock", "theirs", 60_000)).toBe(false);
    expect(await a.get("lock")).toBe("mine");
    // Kept longer: past its first life it is still there.
    await a.set("short", "mine", 200);
    expect(await b.renewIfEqual("short", "mine", 60_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await a.get("short")).toBe("mine");
    expect(await b.deleteIfEqual("lock", "mine")).toBe(true);
    expect(await a.get("lock")).toBeUndefined();
    expect(await a.deleteIfEqual("lock", "mine")).toBe(false);
    expect(await a.renewIfEqual("lock", "mine", 60_000)).toBe(false);
    // Of many holders letting go of one value at once, one does.
    await a.set("once", "v", 60_000);
    const released = await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 ? a : b).deleteIfEqual("once", "v")),
    );
    expect(released.filter(Boolean)).toHaveLength(1);
  });

  it("counts concurrent adds exactly, within one window that later adds do not extend", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) => (index % 2 ? a : b).addToCounter("hits", 1, 60_000)),
    );
    expect(results.map((result) => result.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );
    for (const result of results) {
      expect(result.resetInMs).toBeGreaterThan(0);
      expect(result.resetInMs).toBeLessThanOrEqual(60_000);
    }
    const later = await a.addToCounter("hits", 1, 3_600_000);
    expect(later.count).toBe(51);
    expect(later.resetInMs).toBeLessThanOrEqual(60_000);
    expect((await b.addToCounter("hits", -2, 60_000)).count).toBe(49);
    expect(await a.increment("other", 60_000)).toBe(1);
    expect(await b.increment("other", 60_000)).toBe(2);
  });

  it("counts each member of a set once, however often it is added or removed", async () => {
    const sizes = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        (index % 2 ? a : b).addToSet("places", `token-${index % 10}`, 60_000),
      ),
    );
    expect(Math.max(...sizes)).toBe(10);
    expect(await a.addToSet("places", "token-0", 60_000)).toBe(10);
    await b.removeFromSet("places", "token-0");
    await a.removeFromSet("places", "token-0");
    await a.removeFromSet("places", "never-added");
    await b.removeFromSet("nowhere", "token-1");
    expect(await b.addToSet("places", "token-1", 60_000)).toBe(9);
    expect(await a.addToSet("places", "token-10", 60_000)).toBe(10);
  });

  it("keeps a set one window from the add that made it, and starts again once it is emptied", async () => {
    expect(await a.addToSet("held", "one", 200)).toBe(1);
    // A later add with a longer window does not extend it.
    expect(await b.addToSet("held", "two", 60_000)).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await a.addToSet("held", "three", 60_000)).toBe(1);
    await b.removeFromSet("held", "three");
    // Emptied, it is gone: a new add makes a new set with a window of its own.
    expect(await a.addToSet("held", "four", 200)).toBe(1);
    expect(await b.addToSet("held", "five", 60_000)).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await a.addToSet("held", "six", 60_000)).toBe(1);
  });

  it("delivers a published message to subscribers on every instance, until they leave", async () => {
    const onA = await listen(a, "news");
    const onB = await listen(b, "news");
    await a.publish("news", "order-1");
    expect(await onA.next()).toBe("order-1");
    expect(await onB.next()).toBe("order-1");

    await onB.stop();
    await b.publish("news", "order-2");
    expect(await onA.next()).toBe("order-2");
    await a.publish("other-channel", "order-3");
    await a.publish("news", "order-4");
    expect(await onA.next()).toBe("order-4");
    // B left before order-2: nothing more reached it.
    expect(onB.received).toEqual(["order-1"]);
    await onA.stop();
  });

  it("answers a ping", async () => {
    await expect(a.ping()).resolves.toBeUndefined();
  });
});

describe("the memory store", () => {
  it("forgets expired entries and sweeps them on a later write, not only when read", async () => {
    let time = 1_000;
    const store = createMemoryStore({ now: () => time, sweepIntervalMs: 10_000 });
    for (let index = 0; index < 5; index++) await store.set(`short-${index}`, "x", 1_000);
    await store.set("long", "kept", 60_000);
    time += 2_000;
    expect(await store.get("short-0")).toBeUndefined();
    expect(store.size).toBe(5);
    time += 10_000;
    await store.set("trigger", "x", 60_000);
    expect(store.size).toBe(2);
    expect(await store.get("long")).toBe("kept");
  });

  it("holds at most maxEntries, dropping the oldest", async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    for (const key of ["a", "b", "c", "d", "e"]) await store.set(key, key, 60_000);
    expect(store.size).toBe(3);
    expect(await store.get("a")).toBeUndefined();
    expect(await store.get("b")).toBeUndefined();
    expect(await store.get("e")).toBe("e");
  });

  it("keeps every value through a flood of counters far past their bound, dropping the oldest counters", async () => {
    const store = createMemoryStore({ maxEntries: 4, maxCounters: 10 });
    await store.set("idempotency:first", "created", 60_000);
    expect(await store.setIfAbsent("idempotency-lock:first", "1", 60_000)).toBe(true);
    await store.set("order-token:1", "hash", 60_000);
    await store.addToCounter("limit:requests:early", 1, 60_000);
    for (let client = 0; client < 1_000; client++) {
      await store.addToCounter(`limit:requests:client-${client}`, 1, 60_000);
      await store.increment(`limit:orders:client-${client}`, 60_000);
    }
    expect(await store.get("idempotency:first")).toBe("created");
    expect(await store.setIfAbsent("idempotency-lock:first", "2", 60_000)).toBe(false);
    expect(await store.get("order-token:1")).toBe("hash");
    expect(store.size).toBe(3 + 10);
    // Counters made room among themselves, oldest first.
    expect((await store.addToCounter("limit:requests:early", 1, 60_000)).count).toBe(1);
    expect(await store.increment("limit:orders:client-999", 60_000)).toBe(2);
    // Values still make room among themselves.
    for (const key of ["a", "b"]) await store.set(key, key, 60_000);
    expect(await store.get("idempotency:first")).toBeUndefined();
    expect(await store.get("b")).toBe("b");
  });

  it("bounds sets with the counters, never pushing out a value", async () => {
    const store = createMemoryStore({ maxEntries: 2, maxCounters: 3 });
    await store.set("idempotency:first", "created", 60_000);
    expect(await store.addToSet("limit:streams:early", "a", 60_000)).toBe(1);
    for (let client = 0; client < 100; client++) {
      await store.addToSet(`limit:streams:client-${client}`, "a", 60_000);
      await store.increment(`limit:orders:client-${client}`, 60_000);
    }
    expect(store.size).toBe(1 + 3);
    expect(await store.get("idempotency:first")).toBe("created");
    expect(await store.addToSet("limit:streams:early", "b", 60_000)).toBe(1);
  });

  it("starts a counter again once its window has passed", async () => {
    let time = 0;
    const store = createMemoryStore({ now: () => time });
    expect(await store.addToCounter("hits", 1, 1_000)).toEqual({ count: 1, resetInMs: 1_000 });
    time = 400;
    expect(await store.addToCounter("hits", 1, 1_000)).toEqual({ count: 2, resetInMs: 600 });
    time = 1_000;
    expect(await store.addToCounter("hits", 1, 1_000)).toEqual({ count: 1, resetInMs: 1_000 });
  });
});

describe("the Redis store", () => {
  it("refuses to start when Redis cannot be reached, naming where but never the password", async () => {
    const unreachable = await startTestRedis();
    await unreachable.stop();
    const url = `redis://:hunter2-password@127.0.0.1:${unreachable.port}/0`;
    const failure = await createRedisStore({ url, logger: silentLogger }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect(String(failure)).toContain(`redis://127.0.0.1:${unreachable.port}`);
    expect(String(failure)).toContain("ECONNREFUSED");
    expect(String(failure)).not.toContain("hunter2");
  });

  it("refuses no URL at all by saying it needs one (a program's unset variable)", async () => {
    const options = { url: undefined as unknown as string, logger: silentLogger };
    const failure = await createRedisStore(options).catch((error: unknown) => error);
    expect(String(failure)).toMatch(/url is required/);
  });

  it("fails at once while Redis is away, and works again once it is back", async () => {
    const own = await startTestRedis();
    const store = await createRedisStore({ url: own.url, logger: silentLogger });
    try {
      await store.set("kept", "1", 60_000);
      await own.stop();
      await expect(store.get("kept")).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.setIfAbsent("claim", "1", 60_000)).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await own.start();
      // Reconnecting takes the client's own backoff; wait for the store to say it is back.
      while (
        !(await store.ping().then(
          () => true,
          () => false,
        ))
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await store.setIfAbsent("claim", "1", 60_000)).toBe(true);
    } finally {
      await store.close();
      await own.stop();
    }
  });

  it("keeps asking for a subscription Redis could not take, and hears the channel once it is back", async () => {
    const own = await startTestRedis();
    const store = await createRedisStore({ url: own.url, logger: silentLogger });
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const heard: string[] = [];
    try {
      await own.stop();
      const kept = keepSubscribed(store, "news", (message) => heard.push(message), {
        logger,
        event: "news_unsubscribed",
        retryMs: 100,
      });
      // The first asking is answered (not taken): a start would not wait on it.
      await kept.ready;
      expect(lines.filter((line) => line.includes('"news_unsubscribed"'))).toHaveLength(1);
      await own.start();
      const other = await createRedisStore({ url: own.url, logger: silentLogger });
      try {
        await expect
          .poll(
            async () => {
              await other.publish("news", "back");
              return heard.includes("back");
            },
            { timeout: 10_000, interval: 200 },
          )
          .toBe(true);
      } finally {
        await other.close();
      }
      await kept.close();
      // Said once, however many times it asked.
      expect(lines.filter((line) => line.includes('"news_unsubscribed"'))).toHaveLength(1);
    } finally {
      await store.close();
      await own.stop();
    }
  });

  it("keeps stores with different prefixes apart on one server", async () => {
    const one = await createRedisStore({
      url: redis.url,
      prefix: "shop-one:",
      logger: silentLogger,
    });
    const two = await createRedisStore({
      url: redis.url,
      prefix: "shop-two:",
      logger: silentLogger,
    });
    try {
      await one.set("order-token:1", "a", 60_000);
      expect(await two.get("order-token:1")).toBeUndefined();
      expect(await one.get("order-token:1")).toBe("a");
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe("a store of one's own", () => {
  it("stops createApp at once naming the method it lacks, as one written for an earlier version would", () => {
    const platform = createSandboxPlatform(demoCatalog());
    const { addToSet: _left, ...earlier } = createMemoryStore();
    expect(() =>
      createApp({ platform, store: earlier as unknown as KeyValueStore, logger: silentLogger }),
    ).toThrow(/^store\.addToSet is not a function: a KeyValueStore has get, set, .*removeFromSet/);
    expect(() =>
      createApp({ platform, store: createMemoryStore(), logger: silentLogger }),
    ).not.toThrow();
  });
});
