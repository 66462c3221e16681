import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app";
import type { RateLimits } from "../../src/server/http/rate-limits";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { createLogger } from "../../src/server/runtime/logger";
import { createRedisStore } from "../../src/server/runtime/redis-store";
import type { KeyValueStore } from "../../src/server/store/key-value-store";
import { demoCatalog, newKey, postJson } from "../factories/sandbox-app";
import { startKiosk } from "../support/kiosk-process";
import { startTestRedis, type TestRedis } from "../support/redis-server";
import { within } from "../support/within";

/*
 * An order's record kept on Redis's replicas before its create is sent (KIOSK_REDIS_REPLICAS):
 * a real redis-server and a real replica of it, the replica stalled as a lagging one would be.
 */

let primary: TestRedis;
let replica: TestRedis;
let admin: Redis;
let onReplica: Redis;
beforeAll(async () => {
  primary = await startTestRedis();
  replica = await startTestRedis({ replicaOf: primary.port });
  admin = new Redis(primary.url);
  onReplica = new Redis(replica.url);
  const following = await within(15_000, async () =>
    /connected_slaves:1\b[\s\S]*state=online/.test(await admin.info("replication")),
  );
  if (following === undefined) throw new Error("the replica never followed");
}, 30_000);
afterAll(async () => {
  replica?.resume();
  admin?.disconnect();
  onReplica?.disconnect();
  await replica?.stop();
  await primary?.stop();
});

/**
 * Lets the stalled replica go and waits until it has taken everything the primary wrote, so the
 * next order's wait is not spent on its backlog (on a busy machine, that can take a while).
 */
async function resumeReplica(): Promise<void> {
  replica.resume();
  const caughtUp = await within(15_000, async () => {
    const info = await admin.info("replication");
    const wrote = Number(/master_repl_offset:(\d+)/.exec(info)?.[1] ?? Number.NaN);
    const took = Number(/slave0:[^\n]*offset=(\d+)/.exec(info)?.[1] ?? Number.NaN);
    return took >= wrote;
  });
  if (caughtUp === undefined) throw new Error("the replica never caught up");
}

const orderBody = {
  items: [{ productId: "pro-license", quantity: 1 }],
  email: "buyer@example.com",
};

/** The proxy on the primary, waiting for one replica; what the sandbox was asked to create. */
async function proxyOnPrimary(limits?: Partial<RateLimits>, commandTimeoutMs?: number) {
  const lines: string[] = [];
  const logger = createLogger({ write: (line) => lines.push(line) });
  const prefix = `replicas-${newKey()}:`;
  const store: KeyValueStore = await createRedisStore({
    url: primary.url,
    replicas: 1,
    logger,
    prefix,
    ...(commandTimeoutMs ? { commandTimeoutMs } : {}),
  });
  const platform = createSandboxPlatform(demoCatalog());
  /** Each create sent: when, and whether the replica held its `sending` record by then. */
  const creates: Array<{ at: number; recordOnReplica: boolean }> = [];
  const create = platform.createOrder.bind(platform);
  platform.createOrder = async (input) => {
    const at = performance.now();
    // What a failover at this moment would find: the replica's own keys of this proxy.
    const keys = await onReplica.keys(`${prefix}*`);
    const records = await Promise.all(keys.map((key) => onReplica.get(key).catch(() => null)));
    creates.push({ at, recordOnReplica: records.some((text) => text?.includes('"sending"')) });
    return create(input);
  };
  const app = createApp({
    platform,
    store,
    logger,
    // Limits count per client: the in-process requests come from one fixed test address.
    ...(limits ? { limits, getConnInfo: () => ({ remote: { address: "192.0.2.1" } }) } : {}),
  });
  return { app, store, creates, lines };
}

/**
 * Runs `steps` on `proxy` with the replica stalled (they may let it go); whatever happens, the
 * replica is let go and the proxy's store closed after.
 */
async function whileStalled<P extends { readonly store: KeyValueStore }>(
  proxy: P,
  steps: (proxy: P) => Promise<void>,
): Promise<void> {
  try {
    replica.pause();
    await steps(proxy);
  } finally {
    replica.resume();
    await proxy.store.close();
  }
}

describe("KIOSK_REDIS_REPLICAS", () => {
  it("sends an order's create only once its record is on the replica, waiting for one that lags", async () => {
    // A wait of 4 s (half the command timeout): a replica let go again after 150 ms catches up
    // within it, even on a machine busy with other work.
    await whileStalled(await proxyOnPrimary(undefined, 8_000), async ({ app, creates }) => {
      // A replica a moment behind: the create waits for it.
      const answer = app.request("/api/orders", postJson(orderBody, newKey()));
      await new Promise((resolve) => setTimeout(resolve, 150));
      const caughtUp = performance.now();
      replica.resume();
      const response = await answer;
      expect(response.status).toBe(201);
      expect(creates).toEqual([{ at: expect.any(Number), recordOnReplica: true }]);
      expect(creates[0]?.at).toBeGreaterThanOrEqual(caughtUp);
    });
  });

  it("sends nothing while the replica does not take the record, and the retry makes the order once it does", async () => {
    const key = newKey();
    await whileStalled(await proxyOnPrimary(), async ({ app, creates }) => {
      const refused = await app.request("/api/orders", postJson(orderBody, key));
      expect(refused.status).toBe(503);
      expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(refused.headers.get("retry-after")).not.toBeNull();
      expect(creates).toEqual([]);
      await resumeReplica();
      const retried = await app.request("/api/orders", postJson(orderBody, key));
      expect(retried.status).toBe(201);
      expect(creates.map((create) => create.recordOnReplica)).toEqual([true]);
    });
  }, 20_000);

  it("refuses orders sent together while the replica does not take them, each retry making its order once it does", async () => {
    const keys = [newKey(), newKey(), newKey(), newKey()];
    await whileStalled(await proxyOnPrimary(), async ({ app, creates, lines }) => {
      const refused = await Promise.all(
        keys.map(
          async (key) => (await app.request("/api/orders", postJson(orderBody, key))).status,
        ),
      );
      expect(refused).toEqual([503, 503, 503, 503]);
      // Each one's WAIT answered (fewer replicas): none timed out, and took the store down with it.
      expect(lines.filter((line) => /timed out/.test(line))).toEqual([]);
      await resumeReplica();
      for (const key of keys) {
        const retried = await app.request("/api/orders", postJson(orderBody, key));
        expect(retried.status).toBe(201);
      }
      expect(creates).toHaveLength(4);
    });
  }, 30_000);

  it("counts an order the replica did not take, and so never sent, against no order limit", async () => {
    await whileStalled(
      await proxyOnPrimary({
        orders: { max: 2, windowMs: 600_000 },
      }),
      async ({ app, creates }) => {
        for (let attempt = 0; attempt < 3; attempt++) {
          const refused = await app.request("/api/orders", postJson(orderBody, newKey()));
          expect(refused.status).toBe(503);
        }
        await resumeReplica();
        const made = await app.request("/api/orders", postJson(orderBody, newKey()));
        expect(made.status).toBe(201);
        expect(creates).toHaveLength(1);
      },
    );
  }, 30_000);

  it("says at start that fewer replicas follow than it waits for", async () => {
    const lines: string[] = [];
    const store = await createRedisStore({
      url: primary.url,
      replicas: 2,
      commandTimeoutMs: 400,
      logger: createLogger({ write: (line) => lines.push(line) }),
    });
    await store.close();
    const said = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(said.filter((line) => line.event === "store_replicas_missing")).toEqual([
      expect.objectContaining({ level: "warn", replicas: 2, following: 1 }),
    ]);
  });

  it("stops the CLI at start, in one line naming it, when set without Redis, not a count, or on a Redis that refuses WAIT", async () => {
    const starts = [
      { KIOSK_REDIS_REPLICAS: "1" },
      { KIOSK_REDIS_URL: primary.url, KIOSK_REDIS_REPLICAS: "one" },
    ];
    for (const env of starts) {
      const failed = await startKiosk(env).then(
        async (kiosk) => {
          await kiosk.stop();
          return "started";
        },
        (error: Error) => error.message,
      );
      expect(failed).toMatch(/^exited 1: kiosk: KIOSK_REDIS_REPLICAS: [^\n]+\n$/);
    }
    // A Redis that refuses WAIT (renamed away, as some managed services do) can keep no record
    // on a replica: the start stops there, naming the setting.
    const noWait = await startTestRedis({ settings: ["--rename-command", "WAIT", ""] });
    try {
      const refused = await startKiosk({
        KIOSK_REDIS_URL: noWait.url,
        KIOSK_REDIS_REPLICAS: "1",
      }).then(
        async (kiosk) => {
          await kiosk.stop();
          return "started";
        },
        (error: Error) => error.message,
      );
      // Its log's lines (Redis was reached) and then the CLI's one line, which names the setting.
      const lines = refused
        .replace(/^exited 1: /, "")
        .trim()
        .split("\n");
      expect(lines.slice(0, -1).every((line) => line.startsWith("{"))).toBe(true);
      expect(lines.at(-1)).toMatch(
        /^kiosk: KIOSK_REDIS_REPLICAS: redis:\/\/127\.0\.0\.1:\d+ does not wait for replicas \(.*unknown command 'wait'.*\)$/i,
      );
    } finally {
      await noWait.stop();
    }
    // Set, on a Redis with a replica: it starts, and its orders wait for the replica.
    const kiosk = await startKiosk({ KIOSK_REDIS_URL: primary.url, KIOSK_REDIS_REPLICAS: "1" });
    try {
      const response = await fetch(`${kiosk.url}/api/orders`, postJson(orderBody, newKey()));
      expect(response.status).toBe(201);
      expect(kiosk.log()).not.toContain("store_replicas_missing");
    } finally {
      await kiosk.stop();
    }
  }, 40_000);
});
