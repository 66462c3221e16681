import { describe, expect, it } from "vitest";
import { type Product, productListSchema, productSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import type { SellerPlatform } from "../../src/server/platforms/platform";
import { createPlatform as createSxPlatform } from "../../src/server/platforms/sx";
import { createCapturingLogger } from "../factories/sandbox-app";
import { sellsnIds } from "../platforms/sellsn/fake-data";
import { sellsnWebhookSecret, startSellsn } from "../platforms/sellsn/harness";
import { signSellsteinDelivery } from "../platforms/sellstein/fake-data";
import { sellsteinWebhookSecret, startSellstein } from "../platforms/sellstein/harness";
import { standardWebhookHeaders } from "../platforms/signing";
import { startSxFake } from "../platforms/sx/fake-server";
import { closedAfterEach } from "../support/closed-after-each";

/*
 * A verified product webhook is news for everything the proxy keeps of the catalog: the read
 * cache and the adapters' own listings (shared by lookups, walked for the storefront). The very
 * next read after it shows what the platform now says.
 */

const running = closedAfterEach();

interface Scenario {
  readonly platform: SellerPlatform;
  readonly productId: string;
  /** Where the product is read: by its id, or on the storefront's first page. */
  readonly read: "product" | "page";
  /** The figure the change moves. */
  pick(product: Product): number | null;
  /** Changes the product upstream. */
  change(): void;
  /** A signed delivery saying the product changed. */
  delivery(): { body: string; headers: Record<string, string> };
}

const standardDelivery = (secret: string, productId: string) => {
  const body = JSON.stringify({ type: "product.updated", data: { id: productId } });
  return { body, headers: standardWebhookHeaders(secret, body) };
};

/** SellSN's Windows key, its price raised upstream, read as `read` says. */
function sellsnPriceCase(
  fake: Awaited<ReturnType<typeof startSellsn>>["fake"],
  platform: SellerPlatform,
  read: Scenario["read"],
): Scenario {
  const productId = sellsnIds.windowsKey;
  return {
    platform,
    productId,
    read,
    pick: (product) => product.price.amount,
    change() {
      const product = fake.products.find((candidate) => candidate.id === productId);
      if (product) product.cost += 5;
    },
    delivery: () => standardDelivery(sellsnWebhookSecret, productId),
  };
}

const scenarios: Record<string, () => Promise<Scenario>> = {
  "SellStein, a product by id (a listing lookups share)": async () => {
    const { fake, platform } = await startSellstein();
    running.push(fake);
    const productId = "prod_xK9mZq2";
    return {
      platform,
      productId,
      read: "product",
      pick: (product) => product.price.amount,
      change() {
        const product = fake.products.find((candidate) => candidate.id === productId);
        if (product) product.price += 5;
      },
      delivery: () =>
        signSellsteinDelivery(sellsteinWebhookSecret, "product.updated", { id: productId }),
    };
  },
  "SellSN, a product by id (stock from the references lookups share)": async () => {
    const { fake, platform } = await startSellsn();
    running.push(fake);
    const productId = sellsnIds.windowsKey;
    return {
      platform,
      productId,
      read: "product",
      pick: (product) => product.stock,
      change() {
        fake.products.find((candidate) => candidate.id === productId)?.items.pop();
      },
      delivery: () => standardDelivery(sellsnWebhookSecret, productId),
    };
  },
  "SellSN, a product by id (the whole listing lookups share)": async () => {
    // Every lookup reads the whole catalog, as one of many ids does.
    const { fake, platform } = await startSellsn({}, createCapturingLogger(), {
      perIdReadLimit: 0,
    });
    running.push(fake);
    return sellsnPriceCase(fake, platform, "product");
  },
  "SellSN, the storefront (its catalog listing)": async () => {
    const { fake, platform } = await startSellsn();
    running.push(fake);
    return sellsnPriceCase(fake, platform, "page");
  },
  "sx, the storefront (its walked catalog)": async () => {
    const secretKey = "sx_test_product_webhooks_0123";
    const webhookSecret = `whsec_${Buffer.from("product-webhooks-secret").toString("base64")}`;
    const fake = await startSxFake({ secretKey });
    running.push(fake);
    const platform = createSxPlatform({
      secretKey,
      apiBase: fake.url,
      webhookSecret,
      logger: createCapturingLogger(),
    });
    const productId = "prod_01J2PVQR41";
    return {
      platform,
      productId,
      read: "page",
      pick: (product) => product.price.amount,
      change() {
        const product = fake.products.find((candidate) => candidate.id === productId);
        if (product) product.price_cents += 500;
      },
      delivery: () => standardDelivery(webhookSecret, productId),
    };
  },
};

describe("a verified product webhook", () => {
  it.each(Object.keys(scenarios))("%s: the next read shows the change", async (name) => {
    const scenario = await (scenarios[name] as () => Promise<Scenario>)();
    const app = createApp({ platform: scenario.platform, logger: createCapturingLogger() });
    const read = async () => {
      if (scenario.read === "product") {
        const response = await app.request(`/api/products/${scenario.productId}`);
        return scenario.pick(productSchema.parse(await response.json()));
      }
      const response = await app.request("/api/products?page=1&limit=100");
      const page = productListSchema.parse(await response.json());
      const product = page.data.find((candidate) => candidate.id === scenario.productId);
      if (!product) throw new Error("the product is not on the first page");
      return scenario.pick(product);
    };

    const before = await read();
    scenario.change();
    expect(await read()).toBe(before);
    const { body, headers } = scenario.delivery();
    const delivered = await app.request(`/api/webhooks/${scenario.platform.id}`, {
      method: "POST",
      headers,
      body,
    });
    expect(delivered.status).toBe(200);
    const after = await read();
    expect(after).not.toBe(before);
    expect(typeof after).toBe("number");
  });
});
