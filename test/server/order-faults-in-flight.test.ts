import { describe, expect, it } from "vitest";
import { createdOrderSchema, problemSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { adapter as sellsteinAdapter } from "../../src/server/platforms/sellstein";
import { createMemoryStore } from "../../src/server/store/memory-store";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";
import { startFakeSellstein } from "../platforms/sellstein/fake-server";
import { closedAfterEach } from "../support/closed-after-each";
import { startFaultProxy } from "../support/fault-proxy";

/*
 * A create still on its way upstream when its key's lock is lost (a renewal that never reached
 * Redis): a retry with the key must not ask the platform, find nothing yet, and create a second
 * order beside the first.
 */

const running = closedAfterEach();

const body = {
  items: [{ productId: "prod_xK9mZq2", quantity: 1 }],
  email: "buyer@example.com",
};

/**
 * A fake SellStein behind a fault proxy whose first create is held until `release()` (unless
 * `hold` is false), and a SellStein adapter with `timeoutMs` for it: the orders the platform
 * made, and the proxy.
 */
async function heldCreate(timeoutMs: number, hold = true) {
  const fake = await startFakeSellstein({
    secretKey: "sk_test_k1osKf4keS3llSt31nKey",
    businessId: "biz_abc123",
  });
  running.push(fake);
  const proxy = await startFaultProxy(fake.baseUrl);
  running.push(proxy);
  const seeded = new Set(fake.orders.keys());
  const logger = createCapturingLogger();
  const platform = sellsteinAdapter.create({
    secretKey: "sk_test_k1osKf4keS3llSt31nKey",
    storeId: "biz_abc123",
    apiBase: proxy.url,
    logger,
    upstream: { timeoutMs, backoffMs: 1, backoffLimitMs: 1 },
  });
  let release: (value?: unknown) => void = () => {};
  const held = new Promise((resolve) => {
    release = resolve;
  });
  if (hold) {
    proxy.inject({
      method: "POST",
      path: /\/orders$/,
      times: 1,
      action: { kind: "hold", until: held },
    });
  }
  return {
    proxy,
    logger,
    platform,
    release: () => release(),
    made: () => [...fake.orders.keys()].filter((id) => !seeded.has(id)),
  };
}

describe("a create on its way whose key's lock was lost (SellStein, through a fault proxy)", () => {
  it("answers a retry 409 with Retry-After until the create must have ended, and makes one order", async () => {
    const { proxy, logger, platform, release, made } = await heldCreate(5_000);
    // Lock renewals never arrive: a 100 ms lock is lost while the create is held.
    const memory = createMemoryStore();
    const store = {
      ...memory,
      renewIfEqual: (key: string, value: string, ttlMs: number) =>
        key.startsWith("idempotency-lock:")
          ? Promise.resolve(false)
          : memory.renewIfEqual(key, value, ttlMs),
    };
    const app = createApp({ platform, store, logger, idempotency: { lockMs: 100 } });
    const key = newKey();

    const first = app.request("/api/orders", postJson(body, key));
    await new Promise((resolve) => setTimeout(resolve, 400));
    const retry = await app.request("/api/orders", postJson(body, key));
    expect(retry.status).toBe(409);
    expect(Number(retry.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(problemSchema.parse(await retry.json()).detail).toMatch(/in progress/);
    // Not asked about, not created again: the one create is still held.
    expect(proxy.seen({ method: "GET", path: /\/orders/ })).toBe(0);
    expect(made()).toEqual([]);

    release();
    const answered = await first;
    expect(answered.status).toBe(201);
    const created = createdOrderSchema.parse(await answered.json());
    expect(made()).toEqual([created.id]);
  });
});

describe("a create that timed out and lands late (SellStein, through a fault proxy)", () => {
  it("is not looked for before it must have landed: the retry waits, then gets that one order", async () => {
    // The create is given up on after 300 ms; it reaches the platform later.
    const { proxy, logger, platform, release, made } = await heldCreate(300);
    const app = createApp({ platform, logger, idempotency: { inFlightMs: 1_500 } });
    const key = newKey();

    const first = await app.request("/api/orders", postJson(body, key));
    expect(first.status).toBe(502);
    // At once (a double click, a network retry), while the timed-out create may still land.
    const retry = app.request("/api/orders", postJson(body, key));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // It lands, within the time a create may take.
    release();
    const answered = await retry;
    // The retry asked only once that time had passed, and found it: the one order, one create.
    expect(answered.status).toBe(201);
    const { id } = createdOrderSchema.parse(await answered.json());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(proxy.seen({ method: "POST", path: /\/orders$/ })).toBe(1);
    expect(made()).toEqual([id]);
  });
});

describe("a create a gateway answered 504 (SellStein, through a fault proxy)", () => {
  it("is taken as one that may still land: the retry waits before it asks, and gets the order made late", async () => {
    const { proxy, logger, platform, made } = await heldCreate(5_000, false);
    const app = createApp({ platform, logger, idempotency: { inFlightMs: 1_000 } });
    // The gateway in front answers 504 without the platform's word; the platform makes the
    // order a moment later (sent on here by hand, as the gateway would have).
    proxy.inject({
      method: "POST",
      path: /\/orders$/,
      times: 1,
      action: { kind: "status", status: 504 },
    });
    const key = newKey();
    expect((await app.request("/api/orders", postJson(body, key))).status).toBe(502);
    const retry = app.request("/api/orders", postJson(body, key));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const late = await fetch(`${proxy.url}/business/biz_abc123/orders`, {
      method: "POST",
      headers: {
        authorization: "Bearer sk_test_k1osKf4keS3llSt31nKey",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        customer_email: body.email,
        items: [{ product_id: "prod_xK9mZq2", quantity: 1 }],
      }),
    });
    expect(late.status).toBeLessThan(300);
    const answered = await retry;
    expect(answered.status).toBe(201);
    expect(createdOrderSchema.parse(await answered.json()).id).toBe(made()[0]);
    expect(made()).toHaveLength(1);
  });
});

describe("a create the platform itself answered 500 (SellStein, through a fault proxy)", () => {
  it("has ended: the retry asks the platform at once, finds nothing, and makes the one order", async () => {
    const { proxy, logger, platform, made } = await heldCreate(5_000, false);
    // A create's time in flight far longer than the test: a retry that waited it out would not end.
    const app = createApp({ platform, logger, idempotency: { inFlightMs: 600_000 } });
    proxy.inject({
      method: "POST",
      path: /\/orders$/,
      times: 1,
      action: { kind: "status", status: 500, body: { error: "internal" } },
    });
    const key = newKey();
    const first = await app.request("/api/orders", postJson(body, key));
    expect(first.status).toBeGreaterThanOrEqual(500);
    const retry = await app.request("/api/orders", postJson(body, key));
    expect(retry.status).toBe(201);
    expect(made()).toEqual([createdOrderSchema.parse(await retry.json()).id]);
  }, 10_000);
});
