import type { OrderStatus } from "../../../core";
import type {
  CatalogProduct,
  PlatformAdapter,
  PlatformOptions,
  PlatformOrder,
  SellerPlatform,
} from "../platform";
import { pageLocally } from "../shared/page-locally";
import { createTtlCache } from "../upstream/ttl-cache";
import { unlessNotFound } from "../upstream/unless-not-found";
import { UpstreamError } from "../upstream/upstream-error";
import { createSellsnClient } from "./client";
import {
  fallbackCurrency,
  mapOrderStatus,
  normalizeOrderStatus,
  storeCurrency,
  toCatalogProduct,
  toPlatformOrder,
} from "./mapping";
import type { SellsnOrder, SellsnProduct, SellsnStore } from "./schemas";
import { verifySellsnWebhook } from "./webhook";

/** SellSN's documented host; its paths (`/stores/{storeId}/…`) sit directly under it. */
export const sellsnDefaultApiBase = "https://api.sellsn.io";

/** What the "all products" references say: stock by product id, and the store that prices them. */
interface StockSnapshot {
  readonly stock: ReadonlyMap<string, number>;
  readonly store: SellsnStore | undefined;
  readonly currency: string;
}

/** Knobs that only tests and tuning need; the proxy uses the defaults. */
export interface SellsnTuning {
  /**
   * How long a storefront listing is reused. A listing reads every page of the catalog, so a
   * buyer paging through the storefront is served from one read. Products fetched by id (cards,
   * quotes, orders) are always read fresh. Default 10 s.
   */
  readonly listingTtlMs?: number;
  /** Up to this many ids are read one by one; more read the whole catalog. Default 8. */
  readonly perIdReadLimit?: number;
}

/** SellSN product ids are UUIDs; anything else (a page number included) names no product. */
const productIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function matchesSearch(product: CatalogProduct, search: string | undefined): boolean {
  const needle = search?.trim().toLowerCase();
  if (!needle) return true;
  return (
    product.name.toLowerCase().includes(needle) ||
    product.description.toLowerCase().includes(needle)
  );
}

function matchesCategory(product: CatalogProduct, category: string | undefined): boolean {
  const wanted = category?.trim().toLowerCase();
  if (!wanted) return true;
  return product.category?.toLowerCase() === wanted;
}

/** The SellSN adapter: store-scoped catalog reads, inferred order calls, Standard Webhooks. */
export function createSellsnPlatform(
  options: PlatformOptions,
  tuning: SellsnTuning = {},
): SellerPlatform {
  const storeId = options.storeId?.trim();
  if (!storeId) throw new Error("KIOSK_STORE_ID is required for sellsn: its paths name the store");
  const now = options.now ?? Date.now;
  const logger = options.logger;
  const perIdReadLimit = tuning.perIdReadLimit ?? 8;
  const client = createSellsnClient({
    apiBase: options.apiBase,
    secretKey: options.secretKey,
    storeId,
    logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const listingCache = createTtlCache<readonly CatalogProduct[]>(
    tuning.listingTtlMs ?? 10_000,
    now,
  );

  async function readStock(): Promise<StockSnapshot> {
    const references = await client.listProductReferences();
    const stores = references.flatMap((reference) => (reference.store ? [reference.store] : []));
    const store = stores.find((candidate) => candidate.id === storeId) ?? stores[0];
    return {
      stock: new Map(references.map((reference) => [reference.id, reference.stock])),
      store,
      currency: storeCurrency(store),
    };
  }

  function mapAll(products: readonly SellsnProduct[], stock: StockSnapshot): CatalogProduct[] {
    const mapped: CatalogProduct[] = [];
    for (const product of products) {
      try {
        mapped.push(toCatalogProduct(product, stock.stock.get(product.id), stock.currency));
      } catch {
        // A price that is not an exact amount of the currency cannot be sold; the rest can.
        logger.warn("sellsn_product_unpriceable", { productId: product.id });
      }
    }
    return mapped;
  }

  /** Every product of the store, read page by page, with stock from the references. */
  async function readCatalog(): Promise<CatalogProduct[]> {
    const [products, stock] = await Promise.all([client.listAllProducts(), readStock()]);
    return mapAll(products, stock);
  }

  /** A few products by id: one read each, plus the references for their stock. */
  async function readSome(ids: readonly string[]): Promise<CatalogProduct[]> {
    const [products, stock] = await Promise.all([
      Promise.all(ids.map((id) => client.getProduct(id))),
      readStock(),
    ]);
    return mapAll(
      products.filter((product) => product !== undefined),
      stock,
    );
  }

  function orderStatus(order: SellsnOrder): OrderStatus {
    const status = mapOrderStatus(order.status);
    if (status) return status;
    // An unknown word must not break the buyer's order page; it is logged so it can be mapped.
    logger.warn("sellsn_unknown_order_status", {
      status: normalizeOrderStatus(order.status).slice(0, 32),
    });
    return "pending";
  }

  async function toOrder(order: SellsnOrder): Promise<PlatformOrder> {
    const fallback = order.currency ? undefined : (await readStock()).currency;
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
        // SellSN keys carry no test/live distinction: every key sells for real.
        mode: "live",
        // The document lists no payment methods; SellSN's own checkout offers the store's.
        paymentMethods: [],
      };
    },

    async listProducts(query) {
      const products = await listingCache.get("catalog", readCatalog);
      const matching = products.filter(
        (product) =>
          product.visible &&
          matchesSearch(product, query.search) &&
          matchesCategory(product, query.category),
      );
      return pageLocally(matching, query);
    },

    async getProducts(ids) {
      const wanted = [...new Set(ids)].filter((id) => productIdPattern.test(id));
      if (wanted.length === 0) return [];
      // Prices, limits and stock for a quote or an order are never taken from the listing cache.
      const products =
        wanted.length <= perIdReadLimit ? await readSome(wanted) : await readCatalog();
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
      const order = await client.createOrder({
        emailAddress: input.email,
        products: input.items.map((item) => ({
          productId: item.productId,
          quantity: item.quantity,
        })),
        customValues: input.fields,
        ...(input.paymentMethod ? { gateway: input.paymentMethod } : {}),
      });
      // The order took stock; the next listing must not show what is gone.
      listingCache.clear();
      return toOrder(order);
    },

    async getOrder(id) {
      return unlessNotFound(client.getOrder(id).then(toOrder));
    },

    async verifyWebhook(request) {
      return verifySellsnWebhook(options.webhookSecret, request, now(), logger);
    },
  };
}

/** How the proxy finds SellSN: `KIOSK_PLATFORM=sellsn`, with `KIOSK_STORE_ID` required. */
export const sellsnAdapter: PlatformAdapter = {
  id: "sellsn",
  defaultApiBase: sellsnDefaultApiBase,
  requiresStoreId: true,
  create: (options) => createSellsnPlatform(options),
};
