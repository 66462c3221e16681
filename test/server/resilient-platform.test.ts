import { afterEach, describe, expect, it } from "vitest";
import type { SellerPlatform } from "../../src/server/platforms/platform";
import { platformAdapters } from "../../src/server/platforms/registry";
import { createResilientPlatform } from "../../src/server/platforms/resilience";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { silentLogger } from "../../src/server/runtime/logger";
import { demoCatalog } from "../factories/sandbox-app";
import { startFakeSellstein } from "../platforms/sellstein/fake-server";
import {
  sellsteinBusinessId,
  sellsteinTestKey,
  sellsteinWebhookSecret,
} from "../platforms/sellstein/harness";
import { startSellvyHarness } from "../platforms/sellvy/harness";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";

/** Sandbox-only methods its pay page calls on the sandbox itself, never through the proxy's platform. */
const sandboxOwn = new Set(["findPayableOrder", "settle"]);

function methodsOf(platform: object): string[] {
  return Object.entries(platform)
    .filter(([, value]) => typeof value === "function")
    .map(([name]) => name)
    .sort();
}

const platforms: [string, () => SellerPlatform][] = [
  ["sandbox", () => createSandboxPlatform(demoCatalog())],
  ...Object.values(platformAdapters).map(
    (adapter) =>
      [
        adapter.id,
        () =>
          adapter.create({
            secretKey: `sk_test_${"k".repeat(24)}`,
            storeId: "store_1",
            apiBase: "http://127.0.0.1:9/v1",
            webhookSecret: `whsec_${Buffer.from("secret").toString("base64")}`,
            logger: silentLogger,
          }),
      ] as [string, () => SellerPlatform],
  ),
];

describe("the resilient platform", () => {
  it.each(platforms)(
    "offers every method the %s platform has, so none is lost behind it",
    (_id, create) => {
      const inner = create();
      const wrapped = createResilientPlatform(inner, { logger: silentLogger });
      const innerMethods = methodsOf(inner).filter((name) => !sandboxOwn.has(name));
      expect(innerMethods).toEqual(expect.arrayContaining(["createOrder", "getOrder"]));
      for (const name of innerMethods) {
        expect(typeof (wrapped as unknown as Record<string, unknown>)[name], name).toBe("function");
      }
      expect(wrapped.id).toBe(inner.id);
      expect(wrapped.capabilities).toEqual(inner.capabilities);
    },
  );
});

describe("the resilient platform's storefront pages", () => {
  it("fills a page of a platform that lists ids alone from the product reads it keeps (Sellvy)", async () => {
    const harness = await startSellvyHarness();
    try {
      const wrapped = createResilientPlatform(harness.platform, { logger: silentLogger });
      const visible = harness.fake.products.filter((p) => p.is_visible).map((p) => p.id);
      await wrapped.getProducts(visible);
      const before = harness.requestCount();
      const page = await wrapped.listProducts({ page: 1, limit: 100 });
      // One request for the list: every product on it was read a moment ago, for the cards.
      expect(harness.requestCount() - before).toBe(1);
      expect(page.data.map((product) => product.id)).toEqual(visible);
      // The same page as the adapter makes it alone, reading each product itself.
      const direct = await harness.platform.listProducts({ page: 1, limit: 100 });
      expect(page).toEqual(direct);
    } finally {
      await harness.close();
    }
  });
});

describe("the resilient platform's order calls", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function sellsteinBehindProxy(): Promise<{
    wrapped: ReturnType<typeof createResilientPlatform>;
    proxy: FaultProxy;
  }> {
    const fake = await startFakeSellstein({
      secretKey: sellsteinTestKey,
      businessId: sellsteinBusinessId,
      checkoutUrls: true,
    });
    closers.push(() => fake.close());
    const proxy = await startFaultProxy(fake.baseUrl);
    closers.push(() => proxy.close());
    const inner = platformAdapters.sellstein.create({
      secretKey: sellsteinTestKey,
      storeId: sellsteinBusinessId,
      apiBase: proxy.url,
      webhookSecret: sellsteinWebhookSecret,
      logger: silentLogger,
      upstream: { retries: 0 },
    });
    return { wrapped: createResilientPlatform(inner, { logger: silentLogger }), proxy };
  }

  const input = {
    idempotencyKey: "attempt-0001",
    email: "buyer@example.com",
    items: [{ productId: "prod_xK9mZq2", quantity: 1 }],
    fields: {},
    total: { amount: 1999, currency: "USD" },
  };

  it("re-reads an order's products after it is created or cancelled, and after a failed create", async () => {
    const { wrapped, proxy } = await sellsteinBehindProxy();
    const reads = () => proxy.forwarded({ method: "GET", path: /\/products/ });
    await wrapped.getProducts(["prod_xK9mZq2"]);
    await wrapped.getProducts(["prod_xK9mZq2"]);
    expect(reads()).toBe(1);

    const created = await wrapped.createOrder(input);
    await wrapped.getProducts(["prod_xK9mZq2"]);
    expect(reads()).toBe(2);

    await wrapped.cancelOrder?.(created.id);
    expect(proxy.forwarded({ method: "PATCH" })).toBe(1);
    await wrapped.getProducts(["prod_xK9mZq2"]);
    expect(reads()).toBe(3);

    proxy.inject({ method: "POST", times: 1, action: { kind: "status", status: 500, body: "{}" } });
    await expect(
      wrapped.createOrder({ ...input, idempotencyKey: "attempt-0002" }),
    ).rejects.toThrow();
    await wrapped.getProducts(["prod_xK9mZq2"]);
    expect(reads()).toBe(4);
  });
});
