import type {
  CatalogProduct,
  PlatformAdapter,
  PlatformOptions,
  PlatformOrder,
  PlatformOrderInput,
  SellerPlatform,
} from "../platform";
import { pageLocally } from "../shared/page-locally";
import { createTtlCache } from "../upstream/ttl-cache";
import { unlessNotFound } from "../upstream/unless-not-found";
import { createSxClient, type SxClient, sxMaxPageSize } from "./client";
import { type KnownLines, toCatalogProduct, toPlatformOrder } from "./mapping";
import type { SxCreateOrderBody } from "./schemas";
import { verifySxWebhook } from "./webhook";

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
/** Orders created by this process whose line ids are remembered (the order object has none). */
const rememberedOrders = 1000;
/** Ids go into a URL path; the platform's ids are short tokens such as `prod_01J2PVQR41`. */
const idPattern = /^[A-Za-z0-9_-]{1,100}$/;

/** Creates the `sx` seller platform: crypto-settled orders, cursor-paged catalog, RFC 7807 errors. */
export function createSxPlatform(options: PlatformOptions): SellerPlatform {
  if (!options.apiBase) {
    throw new Error("KIOSK_API_BASE: is required for sx (its document gives no base URL)");
  }
  const mode = keyMode(options.secretKey);
  const now = options.now ?? Date.now;
  const client = createSxClient(options);
  const catalog = createTtlCache<readonly CatalogProduct[]>(catalogTtlMs, now);
  const orderLines = new Map<string, KnownLines>();

  const loadCatalog = () => catalog.get("active", () => walkCatalog(client, options));

  async function readProduct(id: string): Promise<CatalogProduct | undefined> {
    const product = await unlessNotFound(client.getProduct(id));
    return product && toCatalogProduct(product);
  }

  function remember(orderId: string, lines: KnownLines): void {
    orderLines.set(orderId, lines);
    if (orderLines.size > rememberedOrders) {
      const oldest = orderLines.keys().next().value;
      if (oldest !== undefined) orderLines.delete(oldest);
    }
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
        mode,
        paymentMethods: [{ id: "crypto", label: "Crypto" }],
      };
    },

    async listProducts(query) {
      const products = await loadCatalog();
      const search = query.search?.trim().toLowerCase();
      const matching = products.filter(
        (product) =>
          product.visible &&
          (!search ||
            product.name.toLowerCase().includes(search) ||
            (product.slug?.toLowerCase().includes(search) ?? false)) &&
          // The platform has no categories, so a category filter matches nothing.
          (!query.category || product.category === query.category),
      );
      return pageLocally(matching, query);
    },

    async getProducts(ids) {
      const wanted = [...new Set(ids)].filter((id) => idPattern.test(id));
      const found = await mapLimit(wanted, readConcurrency, readProduct);
      return found.filter((product): product is CatalogProduct => product?.visible === true);
    },

    async findCoupon() {
      // The document has no coupons; the proxy answers `not_applicable` from the capabilities.
      return undefined;
    },

    async createOrder(input: PlatformOrderInput): Promise<PlatformOrder> {
      const body: SxCreateOrderBody = {
        customer_email: input.email,
        items: input.items.map((item) => ({ product_id: item.productId, qty: item.quantity })),
      };
      const created = await client.createOrder(body, input.idempotencyKey);
      const lines = input.items.map((item) => ({ productId: item.productId }));
      remember(created.id, lines);
      const order = toPlatformOrder(created, lines);
      if (
        order.total.amount !== input.total.amount ||
        order.total.currency !== input.total.currency
      ) {
        // The platform's total is what the buyer pays; a difference means prices moved upstream.
        options.logger.warn("sx_order_total_differs", {
          orderId: order.id,
          quoted: input.total,
          upstream: order.total,
        });
      }
      return order;
    },

    async getOrder(id) {
      if (!idPattern.test(id)) return undefined;
      const order = await unlessNotFound(client.getOrder(id));
      return order && toPlatformOrder(order, orderLines.get(id));
    },

    async verifyWebhook(request) {
      return verifySxWebhook(options.webhookSecret, request, now());
    },
  };
}

/** Live or sandbox, from the documented key prefixes; any other key is a setup mistake. */
function keyMode(secretKey: string): "live" | "test" {
  if (secretKey.startsWith("sx_live_")) return "live";
  if (secretKey.startsWith("sx_test_")) return "test";
  throw new Error("KIOSK_SECRET_KEY: an sx key starts with sx_live_ or sx_test_");
}

/** Follows `next_cursor` until `has_more` is false, keeping only products a buyer may see. */
async function walkCatalog(
  client: SxClient,
  options: PlatformOptions,
): Promise<readonly CatalogProduct[]> {
  const products: CatalogProduct[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < maxCatalogPages; page += 1) {
    const list = await client.listProducts(cursor, sxMaxPageSize);
    for (const item of list.data) {
      const product = toCatalogProduct(item);
      if (product.visible) products.push(product);
    }
    const next = list.next_cursor ?? undefined;
    if (!list.has_more || !next || seen.has(next)) return products;
    seen.add(next);
    cursor = next;
  }
  options.logger.warn("sx_catalog_truncated", { pages: maxCatalogPages });
  return products;
}

/** `map` with at most `limit` calls in flight, keeping the input's order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The `sx` entry of the platform registry: no documented base URL, no store id in its paths. */
export const sxAdapter: PlatformAdapter = {
  id: "sx",
  defaultApiBase: undefined,
  requiresStoreId: false,
  create: createSxPlatform,
};
