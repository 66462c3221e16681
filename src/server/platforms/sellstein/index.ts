// platforms/sellstein/: the SellStein adapter.
import type { CatalogProduct, PlatformAdapter, PlatformOptions, SellerPlatform } from "../platform";
import { attemptClockSkewMs, findAttemptOrder, listedTotal } from "../shared/attempt-match";
import { mapCreated } from "../shared/created-id";
import { modeOfKey } from "../shared/key-mode";
import { skipUnmappable } from "../shared/priced-products";
import { createSharedListing, defaultLookupListingMs } from "../shared/shared-listing";
import { webhookMethod } from "../shared/signed-body";
import { requiredStoreId } from "../shared/store-id";
import { createTtlCache } from "../upstream/ttl-cache";
import { unlessNotFound } from "../upstream/unless-not-found";
import { createClient } from "./client";
import { toCatalogProduct, toOrderRequest, toPlatformOrder } from "./mapping";
import type { SellsteinProduct } from "./schemas";
import { verifyWebhook } from "./webhook";

/** Pages `getProducts` reads at most, so a misbehaving upstream cannot keep it looping. */
const maxScanPages = 200;
/** How long the store's currency (read from its catalog) is reused. */
const storeInfoTtlMs = 5 * 60_000;

/** The SellStein adapter: a `SellerPlatform` over SellStein's `/business/:bizId/…` API. */
export function createPlatform(options: PlatformOptions): SellerPlatform {
  const businessId = requiredStoreId(options);
  const client = createClient(options);
  const now = options.now ?? Date.now;
  const storeCurrency = createTtlCache<string>(storeInfoTtlMs, now);
  const mapped = skipUnmappable("sellstein", options.logger, toCatalogProduct);
  // The document has no read-by-id call for products, so a lookup pages through the active
  // catalog at the largest page size; the lookups of a short period share those pages, so many
  // ids asked for one by one (unknown ones read every page) cost one listing, not one each.
  const catalog = createSharedListing<SellsteinProduct>(
    async (page) => {
      const result = await client.listProducts({ page, status: "active" });
      return {
        items: result.products,
        last: page >= result.pagination.total_pages || page >= maxScanPages,
      };
    },
    options.tuning?.lookupListingMs ?? defaultLookupListingMs,
    now,
  );

  return {
    id: "sellstein",
    // SellStein's document has no coupon endpoint, so codes are `not_applicable`.
    capabilities: { coupons: false, webhooks: true },

    async getStore() {
      // The document has no business endpoint: the name is the business id, and the currency is
      // the one the catalog is priced in (USD when the catalog is empty). A whole page is read,
      // so that a first product that cannot be read leaves the currency to the next.
      const currency = await storeCurrency.get("currency", async () => {
        const first = await client.listProducts({ page: 1, status: "active" });
        return first.products[0]?.currency.toUpperCase() ?? "USD";
      });
      const mode = modeOfKey(options.secretKey, adapter.keyFormat);
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
        data: result.products.flatMap((upstream) => {
          const product = mapped(upstream);
          return product?.visible ? [product] : [];
        }),
        page: result.pagination.page,
        pageCount: result.pagination.total_pages,
      };
    },

    async getProducts(ids) {
      const wanted = new Set(ids);
      const found = new Map<string, CatalogProduct>();
      const scan = catalog.scan();
      for (let page = 1; wanted.size > found.size; page += 1) {
        const result = await scan.page(page);
        for (const upstream of result.items) {
          if (!wanted.has(upstream.id)) continue;
          const product = mapped(upstream);
          if (product?.visible) found.set(product.id, product);
        }
        if (result.last || result.items.length === 0) break;
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
      // Stock moved, or may have: the next lookup lists the catalog again.
      const order = await client.createOrder(toOrderRequest(input)).finally(catalog.clear);
      return mapCreated("SellStein", order.id, () => toPlatformOrder(order));
    },

    async findCreatedOrder(attempt) {
      const listed = await client.listOrders({
        email: attempt.email,
        from: new Date(attempt.sentAt - attemptClockSkewMs).toISOString(),
      });
      const match = findAttemptOrder(listed, attempt, (order) => ({
        email: order.customer_email,
        createdAt: order.created_at,
        total: listedTotal(order.total, order.currency),
        lines: order.items.map((line) => ({
          productId: line.product_id,
          quantity: line.quantity,
          variantId: line.variant,
        })),
      }));
      return match && mapCreated("SellStein", match.id, () => toPlatformOrder(match));
    },

    async cancelOrder(id) {
      try {
        await client.cancelOrder(id);
      } finally {
        catalog.clear();
      }
    },

    async getOrder(id) {
      const order = await unlessNotFound(client.getOrder(id));
      return order && toPlatformOrder(order);
    },

    verifyWebhook: webhookMethod(verifyWebhook, options),
    forgetCatalog: catalog.clear,
  };
}

/** How the proxy finds SellStein: `KIOSK_PLATFORM=sellstein`. */
export const adapter: PlatformAdapter = {
  id: "sellstein",
  name: "SellStein",
  // The documents' examples all call `https://api.sellstein.com/business/…`, without `/v1`.
  defaultApiBase: "https://api.sellstein.com",
  storeId: { required: true, meaning: "the business id (biz_…) its paths name" },
  keyFormat: { live: "sk_live_", test: "sk_test_", strict: true },
  create: createPlatform,
};
