// platforms/template/: the folder to copy for a new platform (see CONTRIBUTING.md).
import type { PlatformAdapter, PlatformOptions, SellerPlatform } from "../platform";
import { modeOfKey } from "../shared/key-mode";
import { readEachProduct, skipUnmappable } from "../shared/priced-products";
import { searchLocally } from "../shared/search-locally";
import { webhookMethod } from "../shared/signed-body";
import { unlessNotFound } from "../upstream/unless-not-found";
import { createClient } from "./client";
import { toCatalogProduct, toPlatformOrder } from "./mapping";
import { verifyWebhook } from "./webhook";

/*
 * The starting point of a new platform adapter (see CONTRIBUTING.md, "How to add a platform"):
 * copy this folder to `platforms/<id>/`, add `<id>` to core's `platformIds` and one line to
 * `registry.ts`, then write `schemas.ts` from the platform's API document and fill in the rest.
 * Every folder exports exactly these names; `test/platforms/shape.test.ts` checks it.
 */

/** The new platform's id, once it is in core's `platformIds`. */
const id = "template" as PlatformAdapter["id"];

/** Parallel single-product reads, kept well inside the platform's documented rate limit. */
const readConcurrency = 4;

/** Creates the platform's `SellerPlatform`. */
export function createPlatform(options: PlatformOptions): SellerPlatform {
  const client = createClient(options);
  const mapped = skipUnmappable("template", options.logger, toCatalogProduct);
  return {
    id,
    capabilities: { coupons: false, webhooks: true },

    async getStore() {
      const products = await client.listProducts();
      return {
        name: options.storeId ?? "Store",
        currency: products[0]?.currency.toUpperCase() ?? "USD",
        mode: modeOfKey(options.secretKey, adapter.keyFormat),
        paymentMethods: [],
      };
    },

    async listProducts(query) {
      return searchLocally(
        (await client.listProducts()).flatMap((product) => mapped(product) ?? []),
        query,
      );
    },

    async getProducts(ids) {
      const found = await readEachProduct(
        "template",
        options.logger,
        [...new Set(ids)],
        readConcurrency,
        client.getProduct,
      );
      return found.flatMap((product) => {
        const read = product ? mapped(product) : undefined;
        return read?.visible ? [read] : [];
      });
    },

    async findCoupon() {
      return undefined;
    },

    async createOrder(input) {
      const body = {
        email: input.email,
        items: input.items.map((item) => ({ product_id: item.productId, quantity: item.quantity })),
      };
      return toPlatformOrder(await client.createOrder(body));
    },

    async getOrder(orderId) {
      const order = await unlessNotFound(client.getOrder(orderId));
      return order && toPlatformOrder(order);
    },

    verifyWebhook: webhookMethod(verifyWebhook, options),
  };
}

/** What the configuration checks before `createPlatform` is ever called. */
export const adapter: PlatformAdapter = {
  id,
  name: "Template",
  defaultApiBase: "https://api.platform.example/v1",
  storeId: undefined,
  keyFormat: { live: "sk_live_", test: "sk_test_", strict: true },
  create: createPlatform,
};
