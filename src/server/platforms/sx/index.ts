// platforms/sx/: the sx adapter.
import type {
  CatalogProduct,
  PlatformAdapter,
  PlatformOptions,
  PlatformOrderInput,
  SellerPlatform,
} from "../platform";
import { mapCreated } from "../shared/created-id";
import { modeOfKey } from "../shared/key-mode";
import { readEachProduct, skipUnmappable } from "../shared/priced-products";
import { createRememberedLines } from "../shared/remembered-lines";
import { searchLocally } from "../shared/search-locally";
import { webhookMethod } from "../shared/signed-body";
import { standardWebhookSecretProblem } from "../shared/webhook-signature";
import { createTtlCache } from "../upstream/ttl-cache";
import { unlessNotFound } from "../upstream/unless-not-found";
import { type Client, createClient } from "./client";
import { knownLinesSchema, toCatalogProduct, toPlatformOrder } from "./mapping";
import type { SxCreateOrderBody, SxProduct } from "./schemas";
import { verifyWebhook } from "./webhook";

/**
 * How long a walk of the whole catalog is reused. The list is paged by opaque cursors and has no
 * total, so page N of the storefront and its page count need every cursor before it: one walk,
 * shared by every storefront page for a short while, costs far fewer reads than one per page.
 * Quotes and orders never use it; they read each product fresh.
 */
const catalogTtlMs = 30_000;
/** A bound on one catalog walk (10,000 products), so a looping cursor cannot spin forever. */
const maxCatalogPages = 100;
/** Parallel single-product reads, well inside the documented 600 reads a minute. */
const readConcurrency = 4;
/** Ids go into a URL path; the platform's ids are short tokens such as `prod_01J2PVQR41`. */
const idPattern = /^[A-Za-z0-9_-]{1,100}$/;

/** Creates the `sx` seller platform: crypto-settled orders, cursor-paged catalog, RFC 7807 errors. */
export function createPlatform(options: PlatformOptions): SellerPlatform {
  const now = options.now ?? Date.now;
  const client = createClient(options);
  const catalog = createTtlCache<readonly CatalogProduct[]>(
    options.tuning?.listingTtlMs ?? catalogTtlMs,
    now,
  );
  // The product ids of each order's lines, which the order object names only by display name.
  const orderLines = createRememberedLines("sx", knownLinesSchema, options);

  const mapped = skipUnmappable("sx", options.logger, toCatalogProduct);
  const loadCatalog = () => catalog.get("active", () => walkCatalog(client, options, mapped));

  async function createOrder(input: PlatformOrderInput) {
    const body: SxCreateOrderBody = {
      customer_email: input.email,
      items: input.items.map((item) => ({ product_id: item.productId, qty: item.quantity })),
    };
    const created = await client.createOrder(body, input.idempotencyKey);
    const lines = input.items.map((item) => ({ productId: item.productId }));
    await orderLines.set(created.id, lines);
    return mapCreated("sx", created.id, () => toPlatformOrder(created, lines));
  }

  return {
    id: "sx",
    capabilities: { coupons: false, webhooks: true },

    async getStore() {
      // No store call in the document: the currency is the catalog's, the mode the key's.
      const products = await loadCatalog();
      return {
        name: options.storeId ?? "Store",
        currency: products[0]?.price.currency ?? "USD",
        mode: modeOfKey(options.secretKey, adapter.keyFormat),
        paymentMethods: [{ id: "crypto", label: "Crypto" }],
      };
    },

    async listProducts(query) {
      return searchLocally(await loadCatalog(), query);
    },

    async getProducts(ids) {
      const wanted = [...new Set(ids)].filter((id) => idPattern.test(id));
      const found = await readEachProduct("sx", options.logger, wanted, readConcurrency, (id) =>
        unlessNotFound(client.getProduct(id)),
      );
      return found.flatMap((upstream) => {
        const product = upstream && mapped(upstream);
        return product?.visible ? [product] : [];
      });
    },

    async findCoupon() {
      // The document has no coupons; the proxy answers `not_applicable` from the capabilities.
      return undefined;
    },

    createOrder,

    // The platform dedupes a write by its Idempotency-Key: the same create sent again answers
    // with the order the first one made, or makes the one it never made.
    findCreatedOrder: createOrder,

    async getOrder(id) {
      if (!idPattern.test(id)) return undefined;
      const order = await unlessNotFound(client.getOrder(id));
      if (!order) return undefined;
      // The store is asked only for an order with a line that does not name its product.
      const unsaid = (order.items ?? []).some((item) => !item.product_id);
      return toPlatformOrder(order, unsaid ? await orderLines.get(id) : undefined);
    },

    verifyWebhook: webhookMethod(verifyWebhook, options),
    forgetCatalog: catalog.clear,
  };
}

/** Follows `next_cursor` until `has_more` is false, keeping only products a buyer may see. */
async function walkCatalog(
  client: Client,
  options: PlatformOptions,
  mapped: (product: SxProduct) => CatalogProduct | undefined,
): Promise<readonly CatalogProduct[]> {
  const products: CatalogProduct[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < maxCatalogPages; page += 1) {
    const list = await client.listProducts(cursor);
    for (const item of list.data) {
      const product = mapped(item);
      if (product?.visible) products.push(product);
    }
    const next = list.next_cursor ?? undefined;
    if (!list.has_more || !next || seen.has(next)) return products;
    seen.add(next);
    cursor = next;
  }
  options.logger.warn("sx_catalog_truncated", { pages: maxCatalogPages });
  return products;
}

/** `KIOSK_PLATFORM=sx`: no documented base URL (so `KIOSK_API_BASE` is required), no store id. */
export const adapter: PlatformAdapter = {
  id: "sx",
  name: "sx",
  defaultApiBase: undefined,
  storeId: { required: false, meaning: "the store's name, since the platform has no store call" },
  keyFormat: { live: "sx_live_", test: "sx_test_", strict: true },
  webhookSecretProblem: standardWebhookSecretProblem,
  create: createPlatform,
};
