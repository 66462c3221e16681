// platforms/sellsn/: the SellSN adapter.
import { isCurrencyCode, type OrderStatus } from "../../../core";
import type {
  CatalogProduct,
  PlatformAdapter,
  PlatformOptions,
  PlatformOrder,
  SellerPlatform,
} from "../platform";
import { mapCreated } from "../shared/created-id";
import { modeOfKey } from "../shared/key-mode";
import { bothSettled, mapLimit } from "../shared/map-limit";
import { readEachProduct, skipUnmappable } from "../shared/priced-products";
import { searchLocally } from "../shared/search-locally";
import { createSharedListing, defaultLookupListingMs } from "../shared/shared-listing";
import { webhookMethod } from "../shared/signed-body";
import { requiredStoreId } from "../shared/store-id";
import { standardWebhookSecretProblem } from "../shared/webhook-signature";
import { createTtlCache } from "../upstream/ttl-cache";
import { unlessNotFound } from "../upstream/unless-not-found";
import { UpstreamError } from "../upstream/upstream-error";
import { createClient } from "./client";
import {
  fallbackCurrency,
  isPublicVisibility,
  normalizeOrderStatus,
  storeCurrency,
  toCatalogProduct,
  toOrderStatus,
  toPlatformOrder,
} from "./mapping";
import type { SellsnOrder, SellsnProduct, SellsnPublicView, SellsnStore } from "./schemas";
import { verifyWebhook } from "./webhook";

/** What the "all products" references say: stock by product id, and the store that prices them. */
interface StockSnapshot {
  readonly stock: ReadonlyMap<string, number>;
  readonly store: SellsnStore | undefined;
  readonly currency: string;
}

/** Parallel public-view reads: the view needs no key, but SellSN still rate limits it. */
const viewConcurrency = 4;

/** SellSN product ids are UUIDs; anything else (a page number included) names no product. */
const productIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The SellSN adapter: store-scoped catalog reads, inferred order calls, Standard Webhooks. */
export function createPlatform(options: PlatformOptions): SellerPlatform {
  const storeId = requiredStoreId(options);
  const now = options.now ?? Date.now;
  const logger = options.logger;
  // Up to this many ids are read one by one; more read the whole catalog.
  const perIdReadLimit = options.tuning?.perIdReadLimit ?? 8;
  const client = createClient(options);
  // A listing reads every page of the catalog, so a buyer paging through the storefront is
  // served from one read. Products fetched by id (cards, quotes, orders) are always read fresh.
  const listingCache = createTtlCache<readonly CatalogProduct[]>(
    options.tuning?.listingTtlMs ?? 10_000,
    now,
  );
  // A lookup of many ids reads the whole catalog (pages, stock and a view per product): the
  // lookups of a short period share that read rather than making it once each.
  const lookupListingMs = options.tuning?.lookupListingMs ?? defaultLookupListingMs;
  const lookupListing = createSharedListing<CatalogProduct>(
    async () => ({ items: await readCatalog(), last: true }),
    lookupListingMs,
    now,
  );
  // Stock comes only with the references listing, which every lookup of a few ids needs too.
  const lookupStock = createTtlCache<StockSnapshot>(lookupListingMs, now);

  function forgetCatalog(): void {
    listingCache.clear();
    lookupListing.clear();
    lookupStock.clear();
  }

  async function readStock(): Promise<StockSnapshot> {
    const references = await client.listProductReferences();
    const stores = references.flatMap((reference) => (reference.store ? [reference.store] : []));
    const store = stores.find((candidate) => candidate.id === storeId) ?? stores[0];
    const currency = storeCurrency(store);
    if (currency === undefined) {
      logger.error("sellsn_currency_unreadable", { preferredCurrency: store?.preferredCurrency });
      throw new UpstreamError(
        "unavailable",
        "SellSN names the store's currency in words that are not a currency code",
        { unreadable: true },
      );
    }
    return {
      stock: new Map(references.map((reference) => [reference.id, reference.stock])),
      store,
      currency,
    };
  }

  function mapAll(
    products: readonly SellsnProduct[],
    stock: StockSnapshot,
    views: ReadonlyMap<string, SellsnPublicView>,
  ): CatalogProduct[] {
    const mapped = skipUnmappable("sellsn", logger, (product: SellsnProduct) =>
      toCatalogProduct(product, stock.stock.get(product.id), stock.currency, views.get(product.id)),
    );
    return products.flatMap((product) => mapped(product) ?? []);
  }

  /** Every product of the store, read page by page, with stock from the references. */
  async function readCatalog(): Promise<CatalogProduct[]> {
    const [products, stock] = await bothSettled(client.listAllProducts(), readStock());
    const shown = products.filter((product) => isPublicVisibility(product.visibility));
    return mapAll(products, stock, await readViews(shown.map((product) => product.id)));
  }

  /** A few products by id: one read each and their public views, plus the stock references. */
  async function readSome(ids: readonly string[]): Promise<CatalogProduct[]> {
    const [[products, views], stock] = await bothSettled(
      bothSettled(
        readEachProduct("sellsn", logger, ids, ids.length, (id) => client.getProduct(id)),
        readViews(ids),
      ),
      lookupStock.get("stock", readStock),
    );
    return mapAll(
      products.filter((product) => product !== undefined),
      stock,
      views,
    );
  }

  /** The public views (images, category) of these products, by id; a missing view is left out. */
  async function readViews(ids: readonly string[]): Promise<Map<string, SellsnPublicView>> {
    const views = await mapLimit(ids, viewConcurrency, (id) => client.getPublicView(id));
    return new Map(
      ids.flatMap((id, index) => {
        const view = views[index];
        return view ? [[id, view] as const] : [];
      }),
    );
  }

  function orderStatus(order: SellsnOrder): OrderStatus {
    const status = toOrderStatus(order.status);
    if (status) return status;
    // An unknown word must not break the buyer's order page; it is logged so it can be mapped.
    logger.warn("sellsn_unknown_order_status", {
      status: normalizeOrderStatus(order.status).slice(0, 32),
    });
    return "pending";
  }

  async function toOrder(order: SellsnOrder): Promise<PlatformOrder> {
    // A currency in words ("€") is the store's, as the catalog reads it: never taken for dollars.
    const code = order.currency?.trim().toUpperCase();
    const fallback = code && isCurrencyCode(code) ? undefined : (await readStock()).currency;
    return toPlatformOrder(order, orderStatus(order), fallback ?? fallbackCurrency);
  }

  return {
    id: "sellsn",
    capabilities: { coupons: false, webhooks: true },

    async getStore() {
      const { store, currency } = await readStock();
      return {
        name: store?.name ?? "SellSN store",
        currency,
        mode: modeOfKey(options.secretKey, adapter.keyFormat),
        // The document lists no payment methods; SellSN's own checkout offers the store's.
        paymentMethods: [],
      };
    },

    async listProducts(query) {
      return searchLocally(await listingCache.get("catalog", readCatalog), query);
    },

    async getProducts(ids) {
      const wanted = [...new Set(ids)].filter((id) => productIdPattern.test(id));
      if (wanted.length === 0) return [];
      // Prices, limits and stock for a quote or an order are never taken from the storefront's
      // listing cache; a lookup's listing is at most a moment old and forgotten on every order.
      const products =
        wanted.length <= perIdReadLimit
          ? await readSome(wanted)
          : (await lookupListing.scan().page(1)).items;
      const byId = new Map(products.map((product) => [product.id, product]));
      return wanted.flatMap((id) => {
        const product = byId.get(id);
        return product?.visible ? [product] : [];
      });
    },

    // SellSN's document describes no coupons: every code is not applicable.
    async findCoupon() {
      return undefined;
    },

    async createOrder(input) {
      const variantLine = input.items.findIndex((item) => item.variantId !== undefined);
      if (variantLine >= 0) {
        throw new UpstreamError("rejected", "SellSN products have no variants", {
          fields: { [`items.${variantLine}.variantId`]: "SellSN products have no variants" },
        });
      }
      const order = await client
        .createOrder({
          emailAddress: input.email,
          products: input.items.map((item) => ({
            productId: item.productId,
            quantity: item.quantity,
          })),
          customValues: input.fields,
          ...(input.paymentMethod ? { gateway: input.paymentMethod } : {}),
        })
        // The order took stock, or may have: the next reads must not show what is gone.
        .finally(forgetCatalog);
      // Reading it may need the store's currency: a refused read must not lose the order.
      return mapCreated("SellSN", order.id, () => toOrder(order));
    },

    async getOrder(id) {
      return unlessNotFound(client.getOrder(id).then(toOrder));
    },

    verifyWebhook: webhookMethod(verifyWebhook, options),
    forgetCatalog,
  };
}

/** How the proxy finds SellSN: `KIOSK_PLATFORM=sellsn`, with `KIOSK_STORE_ID` required. */
export const adapter: PlatformAdapter = {
  id: "sellsn",
  name: "SellSN",
  // The documented host; its paths (`/stores/{storeId}/…`) sit directly under it.
  defaultApiBase: "https://api.sellsn.io",
  storeId: { required: true, meaning: "the store id its paths name" },
  // SellSN keys (JWTs) carry no test/live distinction: every key sells for real.
  keyFormat: undefined,
  webhookSecretProblem: standardWebhookSecretProblem,
  create: createPlatform,
};
