import { afterEach, describe, expect, it } from "vitest";
import { problemSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import type { SellerPlatform } from "../../src/server/platforms/platform";
import type { ResilienceSettings } from "../../src/server/platforms/resilience";
import { createPlatform as createSellsteinPlatform } from "../../src/server/platforms/sellstein";
import { createPlatform as createSxPlatform } from "../../src/server/platforms/sx";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";
import { startFakeSellstein } from "../platforms/sellstein/fake-server";
import {
  sellsteinBusinessId,
  sellsteinTestKey,
  sellsteinWebhookSecret,
} from "../platforms/sellstein/harness";
import { startSxFake } from "../platforms/sx/fake-server";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";

/*
 * The proxy with its read cache, deadline and circuit breaker, in front of a fake platform with a
 * fault proxy in between. Upstream requests are counted at the fault proxy; the clock that ages
 * the cache and the breaker is the test's.
 */

interface Scenario {
  readonly call: (path: string, init?: RequestInit) => Promise<Response>;
  readonly proxy: FaultProxy;
  readonly logs: string[];
  /** Moves the proxy's clock on. */
  advance(ms: number): void;
  readonly productIds: readonly [string, string, string];
  readonly quote: { items: { productId: string; quantity: number }[] };
  close(): Promise<void>;
}

interface FakePlatform {
  readonly id: string;
  start(): Promise<{
    target: string;
    /** The adapter on the proxy's clock, so what it keeps for a while ages with the proxy's cache. */
    platform: (apiBase: string, now: () => number) => SellerPlatform;
    productIds: readonly [string, string, string];
    close(): Promise<void>;
  }>;
}

/** The client's backoff between retries is not what these cases test: its waits are skipped. */
const upstream = { sleep: async () => {} };

const fakes: FakePlatform[] = [
  {
    id: "sx",
    async start() {
      const secretKey = "sx_test_fault_proxy_key_0123";
      const fake = await startSxFake({ secretKey });
      return {
        target: fake.url,
        platform: (apiBase, now) =>
          createSxPlatform({ secretKey, apiBase, logger: createCapturingLogger(), upstream, now }),
        productIds: ["prod_01J2PVQR41", "prod_01J2PVQS6X", "prod_01J2PVR0DL"],
        close: () => fake.close(),
      };
    },
  },
  {
    id: "sellstein",
    async start() {
      const fake = await startFakeSellstein({
        secretKey: sellsteinTestKey,
        businessId: sellsteinBusinessId,
        checkoutUrls: true,
      });
      return {
        target: fake.baseUrl,
        platform: (apiBase, now) =>
          createSellsteinPlatform({
            now,
            secretKey: sellsteinTestKey,
            storeId: sellsteinBusinessId,
            apiBase,
            webhookSecret: sellsteinWebhookSecret,
            logger: createCapturingLogger(),
            upstream,
          }),
        productIds: ["prod_xK9mZq2", "prod_nW3pRt8", "prod_Vr8tLm2"],
        close: () => fake.close(),
      };
    },
  },
];

const open: Scenario[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((scenario) => scenario.close()));
});

async function startScenario(
  fake: FakePlatform,
  resilience: Partial<ResilienceSettings> = {},
): Promise<Scenario> {
  const started = await fake.start();
  const proxy = await startFaultProxy(started.target);
  const logger = createCapturingLogger();
  let clock = Date.parse("2026-03-01T12:00:00Z");
  const app = createApp({
    platform: started.platform(proxy.url, () => clock),
    logger,
    now: () => clock,
    resilience,
  });
  const scenario: Scenario = {
    call: async (path, init) => app.request(path, init),
    proxy,
    logs: logger.lines,
    advance(ms) {
      clock += ms;
    },
    productIds: started.productIds,
    quote: { items: [{ productId: started.productIds[0], quantity: 1 }] },
    async close() {
      await proxy.close();
      await started.close();
    },
  };
  open.push(scenario);
  return scenario;
}

async function expectUnavailable(response: Response): Promise<number> {
  expect(response.status).toBe(503);
  expect(problemSchema.parse(await response.json()).type).toBe("upstream_unavailable");
  const wait = Number(response.headers.get("retry-after"));
  expect(wait).toBeGreaterThan(0);
  return wait;
}

const hour = 60 * 60 * 1000;

describe.each(fakes)("$id through a fault proxy", (fake) => {
  it("keeps cards, the storefront and the store up from the last known data when the platform goes down; quotes and orders answer 503 with Retry-After", async () => {
    const s = await startScenario(fake);
    const [first, second] = s.productIds;
    const product = await s.call(`/api/products/${first}`);
    expect(product.status).toBe(200);
    const etag = product.headers.get("etag");
    const productBody = await product.json();
    const cards = await (await s.call(`/api/products?ids=${first},${second}`)).json();
    const storefront = await (await s.call("/api/products?page=1&limit=12")).json();
    const store = await (await s.call("/api/store")).json();
    expect((await s.call("/api/quote", postJson(s.quote))).status).toBe(200);
    const warmed = s.proxy.forwarded();

    // Long past freshness and the stale-while-revalidate window: only stale-if-error applies.
    s.advance(2 * hour);
    await s.proxy.refuse();

    const again = await s.call(`/api/products/${first}`);
    expect(again.status).toBe(200);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toContain("max-age");
    expect(await again.json()).toEqual(productBody);
    const revalidated = await s.call(`/api/products/${first}`, {
      headers: { "if-none-match": etag ?? "" },
    });
    expect(revalidated.status).toBe(304);
    expect(await (await s.call(`/api/products?ids=${first},${second}`)).json()).toEqual(cards);
    expect(await (await s.call("/api/products?page=1&limit=12")).json()).toEqual(storefront);
    expect(await (await s.call("/api/store")).json()).toEqual(store);

    // Pricing never uses stale data.
    await expectUnavailable(await s.call("/api/quote", postJson(s.quote)));
    await expectUnavailable(
      await s.call("/api/orders", postJson({ ...s.quote, email: "buyer@example.com" }, newKey())),
    );
    expect(s.logs.some((line) => line.includes('"served_last_known"'))).toBe(true);
    expect(s.proxy.forwarded()).toBe(warmed);

    // Past the stale-if-error bound the last known data is no longer served.
    s.advance(23 * hour);
    await expectUnavailable(await s.call(`/api/products/${first}`));

    // The platform is back: fresh data again.
    await s.proxy.restore();
    s.advance(hour);
    expect((await s.call(`/api/products/${first}`)).status).toBe(200);
    expect((await s.call("/api/quote", postJson(s.quote))).status).toBe(200);
  });

  it("answers a hanging read within the deadline: the last known data, or 503 when none is known", async () => {
    const s = await startScenario(fake, { deadlineMs: 250 });
    const [first, , third] = s.productIds;
    expect((await s.call(`/api/products/${first}`)).status).toBe(200);
    const warmed = s.proxy.forwarded();
    s.advance(2 * hour);
    s.proxy.inject({ method: "GET", action: { kind: "hang" } });

    // The test's own signal only guards against a proxy that never answers.
    const stale = await s.call(`/api/products/${first}`, { signal: AbortSignal.timeout(5000) });
    expect(stale.status).toBe(200);
    await expectUnavailable(await s.call(`/api/products/${third}`));
    await expectUnavailable(await s.call("/api/quote", postJson(s.quote)));
    expect(s.proxy.seen({ method: "GET" })).toBeGreaterThan(warmed);
    expect(s.proxy.forwarded()).toBe(warmed);
    s.proxy.releaseHanging();
  });

  it("honours a 429's Retry-After: nothing reaches the platform before the time it named", async () => {
    const s = await startScenario(fake);
    const [first] = s.productIds;
    s.proxy.inject({
      method: "GET",
      times: 1,
      action: { kind: "status", status: 429, headers: { "Retry-After": "120" } },
    });
    expect(await expectUnavailable(await s.call(`/api/products/${first}`))).toBe(120);
    expect(s.proxy.seen()).toBe(1);

    for (let i = 0; i < 20; i++) {
      const wait = await expectUnavailable(await s.call("/api/quote", postJson(s.quote)));
      expect(wait).toBeLessThanOrEqual(120);
    }
    s.advance(119_000);
    await expectUnavailable(await s.call(`/api/products/${first}`));
    expect(s.proxy.seen()).toBe(1);

    s.advance(1_000);
    expect((await s.call(`/api/products/${first}`)).status).toBe(200);
    expect(s.proxy.seen()).toBeGreaterThan(1);
    expect(s.proxy.seen({ method: "GET" })).toBe(s.proxy.forwarded() + 1);
  });

  it("stops calling a platform that keeps failing, then a half-open probe finds it back", async () => {
    const s = await startScenario(fake, { breakerFailures: 3, breakerOpenMs: 30_000 });
    s.proxy.inject({ method: "GET", action: { kind: "status", status: 500, body: "{}" } });
    for (let i = 0; i < 3; i++)
      await expectUnavailable(await s.call("/api/quote", postJson(s.quote)));
    const whenOpened = s.proxy.seen();
    expect(whenOpened).toBeGreaterThanOrEqual(3);
    expect(s.logs.filter((line) => line.includes('"upstream_breaker_open"'))).toHaveLength(1);

    for (let i = 0; i < 10; i++) {
      const wait = await expectUnavailable(await s.call("/api/quote", postJson(s.quote)));
      expect(wait).toBeLessThanOrEqual(30);
    }
    expect(s.proxy.seen()).toBe(whenOpened);

    // Half-open: one probe, still failing, opens it again at once.
    s.advance(30_000);
    await expectUnavailable(await s.call("/api/quote", postJson(s.quote)));
    const afterFailedProbe = s.proxy.seen();
    expect(afterFailedProbe).toBeGreaterThan(whenOpened);
    await expectUnavailable(await s.call("/api/quote", postJson(s.quote)));
    expect(s.proxy.seen()).toBe(afterFailedProbe);

    // The platform recovers; the next probe closes the breaker.
    s.proxy.clearRules();
    s.advance(30_000);
    expect((await s.call("/api/quote", postJson(s.quote))).status).toBe(200);
    expect(s.logs.some((line) => line.includes('"upstream_breaker_closed"'))).toBe(true);
    expect((await s.call(`/api/products/${s.productIds[1]}`)).status).toBe(200);
  });
});
