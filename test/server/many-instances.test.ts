import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createdOrderSchema, orderSchema, problemSchema } from "../../src/core";
import { newKey } from "../factories/sandbox-app";
import { signSellsteinDelivery } from "../platforms/sellstein/fake-data";
import { type FakeSellstein, startFakeSellstein } from "../platforms/sellstein/fake-server";
import {
  sellsteinBusinessId,
  sellsteinTestKey,
  sellsteinWebhookSecret,
} from "../platforms/sellstein/harness";
import { type KioskProcess, startKiosk } from "../support/kiosk-process";
import { startTestRedis, type TestRedis } from "../support/redis-server";

/*
 * Two proxy processes (the built CLI) behind no load balancer, sharing one real redis-server,
 * in front of a fake SellStein, whose API takes no idempotency key: only the proxies' shared
 * store can keep one key to one order.
 */
let redis: TestRedis;
let fake: FakeSellstein;
let one: KioskProcess;
let two: KioskProcess;

beforeAll(async () => {
  // As Redis is run for orders: what it took is on disk before it answers, so a restart
  // brings the key records back (one that loses them: store-loss.test.ts).
  redis = await startTestRedis({ keepsData: true });
  fake = await startFakeSellstein({
    secretKey: sellsteinTestKey,
    businessId: sellsteinBusinessId,
    checkoutUrls: true,
  });
  const env = {
    KIOSK_PLATFORM: "sellstein",
    KIOSK_SECRET_KEY: sellsteinTestKey,
    KIOSK_STORE_ID: sellsteinBusinessId,
    KIOSK_API_BASE: fake.baseUrl,
    KIOSK_WEBHOOK_SECRET: sellsteinWebhookSecret,
    KIOSK_REDIS_URL: redis.url,
    // Streams would poll only after ten minutes: within a test only a notice can wake them.
    KIOSK_ORDER_POLL: "10m",
    KIOSK_LIMIT_COUPON_FAILURES: "3/10m",
  };
  [one, two] = await Promise.all([startKiosk(env), startKiosk(env)]);
}, 30_000);

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
  await fake?.close();
  await redis?.stop();
});

const orderBody = {
  items: [{ productId: "prod_xK9mZq2", quantity: 1 }],
  email: "buyer@example.com",
};

function createOrder(instance: KioskProcess, key: string) {
  return fetch(`${instance.url}/api/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify(orderBody),
  });
}

const upstreamOrders = () =>
  fake.requests.filter((request) => request.method === "POST" && request.path.endsWith("/orders"))
    .length;

describe("two instances sharing Redis", () => {
  it("make exactly one upstream order of one idempotency key sent to both at once", async () => {
    const before = upstreamOrders();
    const key = newKey();
    const responses = await Promise.all([
      createOrder(one, key),
      createOrder(two, key),
      createOrder(one, key),
      createOrder(two, key),
    ]);
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    const bodies = await Promise.all(
      responses.map(async (response) => createdOrderSchema.parse(await response.json())),
    );
    expect(new Set(bodies.map((body) => body.id)).size).toBe(1);
    expect(upstreamOrders() - before).toBe(1);
  });

  it("read an order made on one instance on the other, with its token only", async () => {
    const created = createdOrderSchema.parse(await (await createOrder(one, newKey())).json());
    const read = await fetch(`${two.url}/api/orders/${created.id}`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(read.status).toBe(200);
    expect(orderSchema.parse(await read.json()).id).toBe(created.id);
    const wrong = await fetch(`${two.url}/api/orders/${created.id}`, {
      headers: { authorization: "Bearer not-the-token" },
    });
    expect(wrong.status).toBe(404);
  });

  it("end the event stream held by one when the other receives the webhook", async () => {
    const created = createdOrderSchema.parse(await (await createOrder(one, newKey())).json());
    const stream = await fetch(`${two.url}/api/orders/${created.id}/events?token=${created.token}`);
    expect(stream.status).toBe(200);
    const reader = stream.body?.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader?.read())?.value);
    expect(text).toMatch(/"status":"(pending|awaiting_payment)"/);

    fake.setOrderStatus(created.id, "completed");
    const order = fake.orders.get(created.id);
    const signed = signSellsteinDelivery(sellsteinWebhookSecret, "order.completed", {
      id: created.id,
      order_number: order?.order_number,
      status: "completed",
    });
    const delivered = await fetch(`${one.url}/api/webhooks/sellstein`, {
      method: "POST",
      headers: signed.headers,
      body: signed.body,
    });
    expect(delivered.status).toBe(200);
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    expect(text).toContain('"status":"completed"');
  });

  it("both show a product's new price once either receives the webhook that says it changed", async () => {
    const price = async (instance: KioskProcess) =>
      (
        (await (await fetch(`${instance.url}/api/products/prod_nW3pRt8`)).json()) as {
          price: { amount: number };
        }
      ).price.amount;
    // Read on both: each holds it, fresh for the next ten seconds.
    const before = await price(one);
    expect(await price(two)).toBe(before);
    const product = fake.products.find((candidate) => candidate.id === "prod_nW3pRt8");
    if (!product) throw new Error("the fake has no prod_nW3pRt8");
    product.price += 5;
    const signed = signSellsteinDelivery(sellsteinWebhookSecret, "product.updated", {
      id: "prod_nW3pRt8",
    });
    const delivered = await fetch(`${one.url}/api/webhooks/sellstein`, {
      method: "POST",
      headers: signed.headers,
      body: signed.body,
    });
    expect(delivered.status).toBe(200);
    expect(await price(one)).toBe(before + 500);
    // The other instance heard it through Redis.
    await expect.poll(() => price(two), { timeout: 3_000 }).toBe(before + 500);
  });

  it("count one client's coupon guesses together, whichever instance they reach", async () => {
    const guess = (instance: KioskProcess, code: string) =>
      fetch(`${instance.url}/api/quote`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ items: orderBody.items, coupon: code }),
      });
    expect((await guess(one, "GUESS1")).status).toBe(200);
    expect((await guess(two, "GUESS2")).status).toBe(200);
    expect((await guess(one, "GUESS3")).status).toBe(200);
    const limited = await guess(two, "GUESS4");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("say the store is unavailable on /readyz while Redis answers but refuses writes (out of memory)", async () => {
    const { Redis } = await import("ioredis");
    const admin = new Redis(redis.url);
    try {
      await admin.config("SET", "maxmemory-policy", "noeviction");
      await admin.config("SET", "maxmemory", "1");
      const ready = await fetch(`${one.url}/readyz`);
      expect(await ready.json()).toMatchObject({
        status: "degraded",
        checks: { store: "unavailable" },
      });
    } finally {
      await admin.config("SET", "maxmemory", "0");
      admin.disconnect();
    }
    expect(await (await fetch(`${one.url}/readyz`)).json()).toMatchObject({
      checks: { store: "ok" },
    });
  });

  it("fail at once, not at each command's timeout, while Redis keeps its connections and stops answering", async () => {
    const product = `${one.url}/api/products/prod_xK9mZq2`;
    redis.pause();
    try {
      // The first read waits for its command's timeout, and still answers (limits on reads are
      // skipped while the store is away).
      expect((await fetch(product)).status).toBe(200);
      const started = performance.now();
      for (let read = 0; read < 5; read += 1) expect((await fetch(product)).status).toBe(200);
      // Five reads at the command timeout each would take ten seconds.
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(await (await fetch(`${one.url}/readyz`)).json()).toMatchObject({
        checks: { store: "unavailable" },
      });
      expect(one.log()).toMatch(/"event":"store_unavailable".*timed out/);
    } finally {
      redis.resume();
    }
    // Answering again, it is used again.
    for (;;) {
      const ready = (await (await fetch(`${one.url}/readyz`)).json()) as {
        checks: { store: string };
      };
      if (ready.checks.store === "ok") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await createOrder(one, newKey())).status).toBe(201);
  });

  it("answer orders 503 with Retry-After while Redis is down, keep serving products, and recover", async () => {
    await redis.stop();
    try {
      const refused = await createOrder(one, newKey());
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(problemSchema.parse(await refused.json()).type).toBe("upstream_unavailable");

      const products = await fetch(`${two.url}/api/products/prod_xK9mZq2`);
      expect(products.status).toBe(200);
      const list = await fetch(`${one.url}/api/products`);
      expect(list.status).toBe(200);

      const ready = await fetch(`${one.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: "degraded",
        checks: { store: "unavailable" },
      });
      expect(one.log()).toContain('"event":"store_unavailable"');
    } finally {
      await redis.start();
    }
    // Reconnecting follows the client's backoff; wait until the instance says it is back.
    for (;;) {
      const ready = (await (await fetch(`${one.url}/readyz`)).json()) as { status: string };
      if (ready.status === "ready") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await createOrder(one, newKey())).status).toBe(201);
  });
});

describe("a Redis that cannot be reached at start", () => {
  it("stops the proxy with one line naming the setting, without its password", async () => {
    const gone = await startTestRedis();
    await gone.stop();
    const failure = await startKiosk({
      KIOSK_REDIS_URL: `redis://:s3cret-pass@127.0.0.1:${gone.port}`,
    }).catch((error: unknown) => String(error));
    expect(failure).toContain(
      `kiosk: KIOSK_REDIS_URL: cannot connect to redis://127.0.0.1:${gone.port} (ECONNREFUSED)\n`,
    );
    expect(failure).toMatch(/^Error: exited 1: /);
    expect(failure).not.toContain("s3cret-pass");
  });

  it("stops the proxy on a database the server does not have, rather than use database 0", async () => {
    const failure = await startKiosk({ KIOSK_REDIS_URL: `${redis.url}/99` }).catch(
      (error: unknown) => String(error),
    );
    expect(failure).toMatch(
      /kiosk: KIOSK_REDIS_URL: cannot use database 99 at redis:\/\/127\.0\.0\.1:\d+\/99 \(ERR DB index is out of range\)\n/,
    );
    expect(failure).toMatch(/^Error: exited 1: /);
  });
});
