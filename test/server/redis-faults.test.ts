import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app";
import { createRateLimiter } from "../../src/server/http/rate-limit";
import { defaultRateLimits } from "../../src/server/http/rate-limits";
import { createOrderEvents, type OrderEvents } from "../../src/server/orders/order-events";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { createLogger } from "../../src/server/runtime/logger";
import { createRedisStore } from "../../src/server/runtime/redis-store";
import { demoCatalog, newKey } from "../factories/sandbox-app";
import { type KioskProcess, startKiosk } from "../support/kiosk-process";
import { startTestRedis, type TestRedis } from "../support/redis-server";
import { startTcpFaultProxy, type TcpFaultProxy } from "../support/tcp-fault-proxy";
import { within } from "../support/within";

/*
 * The proxy while its Redis goes away and comes back, on the network's terms: a real
 * redis-server behind a real TCP proxy that loses a reply, holds every byte, or leaves the
 * connections it held dead for good.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const silent = createLogger({ write: () => {} });
const orderBody = JSON.stringify({
  items: [{ productId: "pro-license", quantity: 1 }],
  email: "buyer@example.com",
});

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis({ keepsData: true });
}, 30_000);
afterAll(async () => {
  redis?.resume();
  await redis?.stop();
});

function order(kiosk: KioskProcess, key: string) {
  return fetch(`${kiosk.url}/api/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: orderBody,
  });
}

describe("a reply Redis sent that never arrived (the connection broke, and the write was resent)", () => {
  let proxy: TcpFaultProxy;
  let kiosk: KioskProcess;
  beforeAll(async () => {
    proxy = await startTcpFaultProxy(redis.port);
    kiosk = await startKiosk({ KIOSK_REDIS_URL: proxy.url });
  }, 30_000);
  afterAll(async () => {
    await kiosk?.stop();
    await proxy?.close();
  });
  const created = () =>
    kiosk
      .log()
      .split("\n")
      .filter((line) => line.includes("upstream_order_created")).length;

  it("of the order's `sending` record: the write knows its own record, and the order is made once", async () => {
    const key = newKey();
    const before = created();
    const lost = proxy.loseReplyAfter('"state":"sending"');
    const first = await order(kiosk, key);
    await lost;
    // Before, the resent write found the record the first had written, took it for another
    // holder's, and every retry got "may have been placed" for a day, though nothing was sent.
    expect(first.status).toBe(201);
    const again = await order(kiosk, key);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(
      ((await first.json()) as { id: string }).id,
    );
    // Routine lines are written in batches, up to 20 ms after their answer: waited for, then
    // given a moment more to show a second create.
    await within(2_000, async () => created() - before > 0);
    await sleep(100);
    expect(created() - before).toBe(1);
  }, 30_000);

  it("of the key's lock: the order does not wait for its own lock to expire", async () => {
    const lost = proxy.loseReplyAfter("idempotency-lock:");
    const started = performance.now();
    const first = await order(kiosk, newKey());
    await lost;
    expect(first.status).toBe(201);
    // The lock lives 10 s; a wait for it would be that long.
    expect(performance.now() - started).toBeLessThan(5_000);
  }, 30_000);
});

describe("a network that held every byte, then came back with its old connections dead", () => {
  it("leaves the proxy able to take orders again, and to hear the other instances", async () => {
    const proxy = await startTcpFaultProxy(redis.port);
    const kiosk = await startKiosk({ KIOSK_REDIS_URL: proxy.url });
    const direct = await createRedisStore({ url: redis.url, logger: silent });
    const behind = await createRedisStore({ url: proxy.url, logger: silent });
    const here = createOrderEvents(direct);
    const there = createOrderEvents(behind);
    await Promise.all([here.ready, there.ready]);
    /** Whether a notice from the instance on the direct line wakes a wait behind the proxy. */
    const heard = async (events: OrderEvents, id: string) => {
      const started = performance.now();
      const waiting = events.wait(id, 2_000);
      await sleep(50);
      here.notify(id);
      await waiting;
      return performance.now() - started < 1_500;
    };
    try {
      expect(await heard(there, "before")).toBe(true);
      proxy.blackhole();
      expect((await order(kiosk, newKey())).status).toBe(503);
      await sleep(2_000);
      proxy.heal("dead");
      // Before, the old connections were pinged for good and never made again: the proxy
      // answered 503 and its subscriber heard nothing, though new connections worked.
      const ready = await within(20_000, async () => {
        const answer = (await (await fetch(`${kiosk.url}/readyz`)).json()) as {
          checks: { store: string };
        };
        return answer.checks.store === "ok";
      });
      expect(ready).toBeDefined();
      expect((await order(kiosk, newKey())).status).toBe(201);
      let round = 0;
      expect(await within(20_000, () => heard(there, `after-${round++}`))).toBeDefined();
    } finally {
      await kiosk.stop();
      await here.close();
      await there.close();
      await direct.close();
      await behind.close();
      await proxy.close();
    }
  }, 90_000);
});

describe("kiosk serve stopped while Redis does not answer", () => {
  it("exits 0 within its grace period, whether Redis is paused or its connections are dead", async () => {
    const paused = await startKiosk({ KIOSK_REDIS_URL: redis.url, KIOSK_SHUTDOWN_GRACE: "2s" });
    redis.pause();
    try {
      const started = performance.now();
      // Before, the stop waited for Redis to answer its unsubscribe and quit, for ever.
      const code = await Promise.race([paused.stop(), sleep(10_000).then(() => "running")]);
      expect(code).toBe(0);
      expect(performance.now() - started).toBeLessThan(8_000);
    } finally {
      redis.resume();
      if (paused.child.exitCode === null) paused.child.kill("SIGKILL");
    }
    const proxy = await startTcpFaultProxy(redis.port);
    const cut = await startKiosk({ KIOSK_REDIS_URL: proxy.url, KIOSK_SHUTDOWN_GRACE: "2s" });
    try {
      proxy.blackhole();
      await sleep(500);
      proxy.heal("dead");
      const code = await Promise.race([cut.stop(), sleep(10_000).then(() => "running")]);
      expect(code).toBe(0);
    } finally {
      if (cut.child.exitCode === null) cut.child.kill("SIGKILL");
      await proxy.close();
    }
  }, 60_000);
});

describe("Redis away while streams end and apps subscribe", () => {
  it("gives back the place of an order stream that ended while Redis was away", async () => {
    const store = await createRedisStore({ url: redis.url, logger: silent });
    const shutdown = new AbortController();
    const app = createApp({
      platform: createSandboxPlatform(demoCatalog()),
      store,
      logger: silent,
      getConnInfo,
      limits: { streams: 1 },
      shutdown: shutdown.signal,
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const created = (await (
        await fetch(`${url}/api/orders`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": newKey() },
          body: orderBody,
        })
      ).json()) as { id: string; token: string };
      const stream = () => fetch(`${url}/api/orders/${created.id}/events?token=${created.token}`);
      const leave = new AbortController();
      const open = await fetch(`${url}/api/orders/${created.id}/events?token=${created.token}`, {
        signal: leave.signal,
      });
      expect(open.status).toBe(200);
      await open.body?.getReader().read();
      await redis.stop();
      leave.abort();
      await sleep(1_000);
      await redis.start();
      // Before, the place stayed taken for the counter's whole window (about 16 min).
      const freed = await within(10_000, async () => {
        const next = await stream();
        await next.body?.cancel();
        return next.status === 200;
      });
      expect(freed).toBeDefined();
    } finally {
      shutdown.abort();
      server.close();
      await store.close();
    }
  }, 40_000);

  it("gives a stream's place back once, though Redis ran the give-back after its command timed out", async () => {
    const store = await createRedisStore({ url: redis.url, logger: silent });
    try {
      const limiter = createRateLimiter(store, { ...defaultRateLimits, streams: 2 }, silent);
      const first = await limiter.openStream("198.51.100.7", 60_000);
      await limiter.openStream("198.51.100.7", 60_000);
      // Redis stops answering past the 2 s command timeout while one place is given back, then
      // runs the give-back it had received. Given back again, the place of the stream still
      // open would be freed too: a third stream over the limit of two.
      redis.pause();
      const giving = first();
      await sleep(2_500);
      redis.resume();
      await giving;
      await sleep(3_000);
      await limiter.openStream("198.51.100.7", 60_000);
      await expect(limiter.openStream("198.51.100.7", 60_000)).rejects.toMatchObject({
        status: 429,
      });
    } finally {
      redis.resume();
      await store.close();
    }
  }, 30_000);

  it("hears notices in every app over one store that subscribed while Redis was away", async () => {
    const store = await createRedisStore({ url: redis.url, logger: silent });
    const other = await createRedisStore({ url: redis.url, logger: silent });
    await redis.stop();
    // Two apps over one store (a reload, an app per tenant), each with its own order events.
    const first = createOrderEvents(store);
    const second = createOrderEvents(store);
    try {
      await Promise.all([first.ready, second.ready]);
      await redis.start();
      const heard = async (events: OrderEvents, id: string) => {
        const started = performance.now();
        const waiting = events.wait(id, 2_000);
        await sleep(50);
        await other.publish("order-events", id).catch(() => {});
        await waiting;
        return performance.now() - started < 1_500;
      };
      // Before, the second was told it was subscribed while the first's asking was on its way,
      // and when that failed the channel was never asked for again: neither heard anything.
      let round = 0;
      expect(await within(15_000, () => heard(first, `first-${round++}`))).toBeDefined();
      expect(await heard(second, "second")).toBe(true);
    } finally {
      await first.close();
      await second.close();
      await store.close();
      await other.close();
    }
  }, 40_000);
});
