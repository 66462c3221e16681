import type { CatalogProduct, PlatformAdapter, PlatformOptions, SellerPlatform } from "../platform";
import { createTtlCache } from "../upstream/ttl-cache";
import { unlessNotFound } from "../upstream/unless-not-found";
import { createSellsteinClient, sellsteinMaxPageSize } from "./client";
import { mapOrder, mapProduct, toOrderRequest } from "./mapping";
import { verifySellsteinWebhook } from "./webhook";

/** The base URL SellStein's document gives. */
export const sellsteinDefaultApiBase = "https://api.sellstein.com/v1";

/** Pages `getProducts` reads at most, so a misbehaving upstream cannot keep it looping. */
const maxScanPages = 200;
/** How long the store's currency (read from its catalog) is reused. */
const storeInfoTtlMs = 5 * 60_000;

/** `test` for `sk_test_` keys, `live` for `sk_live_` keys, as the document's key table says. */
export function sellsteinMode(secretKey: string): "test" | "live" {
  if (secretKey.startsWith("sk_test_")) return "test";
  if (secretKey.startsWith("sk_live_")) return "live";
  throw new Error("KIOSK_SECRET_KEY: a SellStein key starts with sk_live_ or sk_test_");
}

/** The SellStein adapter: a `SellerPlatform` over SellStein's `/business/:bizId/…` API. */
export function createSellsteinPlatform(options: PlatformOptions): SellerPlatform {
  const businessId = options.storeId?.trim();
  if (!businessId) throw new Error("KIOSK_STORE_ID: SellStein needs the business id (biz_…)");
  const mode = sellsteinMode(options.secretKey);
  const client = createSellsteinClient({
    secretKey: options.secretKey,
    businessId,
    apiBase: options.apiBase,
    logger: options.logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const storeCurrency = createTtlCache<string>(storeInfoTtlMs, options.now);

  return {
    id: "sellstein",
    // SellStein's document has no coupon endpoint, so codes are `not_applicable`.
    capabilities: { coupons: false, webhooks: true },

    async getStore() {
      // The document has no business endpoint: the name is the business id, and the currency is
      // the one the catalog is priced in (USD when the catalog is empty).
      const currency = await storeCurrency.get("currency", async () => {
        const first = await client.listProducts({ page: 1, limit: 1, status: "active" });
        return first.products[0]?.currency.toUpperCase() ?? "USD";
      });
      return { name: businessId, currency, mode, paymentMethods: [] };
    },

    async listProducts(query) {
      const result = await client.listProducts({
        page: query.page,
        limit: query.limit,
        status: "active",
        ...(query.search ? { search: query.search } : {}),
        ...(query.category ? { category: query.category } : {}),
      });
      return {
        // The status filter is asked for and checked again: a hidden product is never served.
        data: result.products.map(mapProduct).filter((product) => product.visible),
        page: result.pagination.page,
        pageCount: result.pagination.total_pages,
      };
    },

    async getProducts(ids) {
      // The document has no read-by-id call for products, so the active catalog is paged through
      // at the largest page size until every id is found or the pages run out.
      const wanted = new Set(ids);
      const found = new Map<string, CatalogProduct>();
      for (let page = 1; wanted.size > found.size && page <= maxScanPages; page += 1) {
        const result = await client.listProducts({
          page,
          limit: sellsteinMaxPageSize,
          status: "active",
        });
        for (const upstream of result.products) {
          if (!wanted.has(upstream.id)) continue;
          const product = mapProduct(upstream);
          if (product.visible) found.set(product.id, product);
        }
        if (page >= result.pagination.total_pages || result.products.length === 0) break;
      }
      return [...wanted].flatMap((id) => {
        const product = found.get(id);
        return product ? [product] : [];
      });
    },

    async findCoupon() {
      return undefined;
    },

    async createOrder(input) {
      return mapOrder(await client.createOrder(toOrderRequest(input)));
    },

    async getOrder(id) {
      const order = await unlessNotFound(client.getOrder(id));
      return order && mapOrder(order);
    },

    async verifyWebhook(request) {
      return verifySellsteinWebhook(options.webhookSecret, request);
    },
  };
}

/** How the proxy finds SellStein: `KIOSK_PLATFORM=sellstein`. */
export const sellsteinAdapter: PlatformAdapter = {
  id: "sellstein",
  defaultApiBase: sellsteinDefaultApiBase,
  requiresStoreId: true,
  create: createSellsteinPlatform,
};
