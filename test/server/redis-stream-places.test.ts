import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimiter, type RateLimiter } from "../../src/server/http/rate-limit";
import { defaultRateLimits } from "../../src/server/http/rate-limits";
import { createLogger } from "../../src/server/runtime/logger";
import { createRedisStore } from "../../src/server/runtime/redis-store";
import { type KeyValueStore, StoreUnavailableError } from "../../src/server/store/key-value-store";
import { startTestRedis, type TestRedis } from "../support/redis-server";
import { startTcpFaultProxy, type TcpFaultProxy } from "../support/tcp-fault-proxy";
import { within } from "../support/within";

/*
 * The places a client's order streams hold, on a real redis-server, while the network loses the
 * reply to a take or a give-back, or Redis stalls or dies with one on its way: each place is
 * taken once and given back once, whatever the connection did.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const silent = createLogger({ write: () => {} });

let redis: TestRedis;
beforeAll(async () => {
  // Its data kept across a crash, as in production: a Redis that came back empty would free
  // every place whatever the proxy did.
  redis = await startTestRedis({ keepsData: true });
}, 30_000);
afterAll(async () => {
  redis?.resume();
  await redis?.stop();
});

const limiterOn = (store: KeyValueStore, streams: number) =>
  createRateLimiter(store, { ...defaultRateLimits, streams }, silent);

/** How many more streams the client may open now, opening them (and keeping them open). */
async function placesLeft(limiter: RateLimiter, client: string): Promise<number> {
  for (let opened = 0; opened < 5; opened++) {
    const refused = await limiter.openStream(client, 60_000).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (refused) {
      expect(refused).toMatchObject({ status: 429 });
      return opened;
    }
  }
  return Number.POSITIVE_INFINITY;
}

/** Waits until the client can open a stream (closed again at once), for at most `ms`. */
async function freedWithin(limiter: RateLimiter, client: string, ms: number): Promise<boolean> {
  const took = await within(ms, async () => {
    const close = await limiter.openStream(client, 60_000).catch(() => undefined);
    await close?.();
    return close !== undefined;
  });
  return took !== undefined;
}

describe("a reply to a stream's take or give-back that never arrived (the connection broke, and the command was sent again)", () => {
  let proxy: TcpFaultProxy;
  let store: KeyValueStore;
  beforeAll(async () => {
    proxy = await startTcpFaultProxy(redis.port);
    store = await createRedisStore({ url: proxy.url, logger: silent });
  }, 30_000);
  afterAll(async () => {
    await store?.close();
    await proxy?.close();
  });

  it("of a give-back: the place is given back once, and the stream still open keeps its own", async () => {
    const limiter = limiterOn(store, 2);
    const client = "198.51.100.21";
    const first = await limiter.openStream(client, 60_000);
    await limiter.openStream(client, 60_000);
    const lost = proxy.loseReplyAfter(client);
    await first();
    await lost;
    // Before, the give-back sent again freed the open stream's place too: two more streams, three
    // open over a limit of two.
    expect(await placesLeft(limiter, client)).toBe(1);
  }, 30_000);

  it("of a take: the place is taken once, and the client keeps the rest of its places", async () => {
    const limiter = limiterOn(store, 2);
    const client = "198.51.100.22";
    const lost = proxy.loseReplyAfter(client);
    await limiter.openStream(client, 60_000);
    await lost;
    // Before, the take sent again counted twice: one stream open, and the second refused.
    expect(await placesLeft(limiter, client)).toBe(1);
  }, 30_000);
});

describe("a take or give-back on its way when Redis stalls or dies", () => {
  it("gives back the place of a stream whose give-back was lost with a Redis that crashed", async () => {
    const store = await createRedisStore({ url: redis.url, logger: silent });
    try {
      const limiter = limiterOn(store, 1);
      const client = "198.51.100.9";
      const first = await limiter.openStream(client, 60_000);
      // The give-back is on its way when Redis stops answering, and dies before running it: it
      // fails as one that may have run, not as one that was never sent.
      redis.pause();
      const giving = first();
      await sleep(100);
      await redis.stop();
      await giving;
      await redis.start();
      // Before, only a give-back that surely never left was sent again: this one's place stayed
      // taken for the whole window (two minutes here).
      expect(await freedWithin(limiter, client, 10_000)).toBe(true);
    } finally {
      redis.resume();
      await redis.start();
      await store.close();
    }
  }, 30_000);

  it("gives back the place of a take that timed out, though Redis ran it afterwards", async () => {
    const store = await createRedisStore({ url: redis.url, logger: silent });
    try {
      const limiter = limiterOn(store, 1);
      const client = "198.51.100.8";
      redis.pause();
      const taking = limiter.openStream(client, 60_000).then(
        () => undefined,
        (error: unknown) => error,
      );
      await sleep(2_500);
      redis.resume();
      expect(await taking).toBeInstanceOf(StoreUnavailableError);
      // Before, the take Redis ran once it answered again held the client's one place for the
      // whole window (two minutes here), with no stream open.
      expect(await freedWithin(limiter, client, 10_000)).toBe(true);
    } finally {
      redis.resume();
      await store.close();
    }
  }, 30_000);
});

describe("a Redis where an earlier version counted streams", () => {
  it("opens streams for a client it counted, rather than refusing them on a key of another kind", async () => {
    const store = await createRedisStore({ url: redis.url, logger: silent });
    try {
      const limiter = limiterOn(store, 1);
      const client = "198.51.100.10";
      // The counter of an instance not yet updated, in a rolling update.
      await store.addToCounter(`limit:streams:${client}`, 1, 60_000);
      const close = await limiter.openStream(client, 60_000);
      await expect(limiter.openStream(client, 60_000)).rejects.toMatchObject({ status: 429 });
      await close();
      await (await limiter.openStream(client, 60_000))();
    } finally {
      await store.close();
    }
  });
});
