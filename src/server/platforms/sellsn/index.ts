import type { OrderStatus } from "../../../core";
import { UpstreamError } from "../../errors/upstream-error";
import type {
  CatalogProduct,
  PlatformAdapter,
  PlatformOptions,
  PlatformOrder,
  SellerPlatform,
} from "../../platform";
import { createTtlCache } from "../../upstream/ttl-cache";
import { createSellsnClient } from "./client";
import {
  fallbackCurrency,
  mapOrderStatus,
  normalizeOrderStatus,
  storeCurrency,
  toCatalogProduct,
  toPlatformOrder,
} from "./mapping";
import type { SellsnOrder, SellsnStore } from "./schemas";
import { verifySellsnWebhook } from "./webhook";

/** SellSN's documented host; its paths (`/stores/{storeId}/…`) sit directly under it. */
export const sellsnDefaultApiBase = "https://api.sellsn.io";

/** What one catalog read learns: every product of the store, mapped, and the store itself. */
interface CatalogSnapshot {
  readonly products: readonly CatalogProduct[];
  readonly byId: ReadonlyMap<string, CatalogProduct>;
  readonly store: SellsnStore | undefined;
  readonly currency: string;
}

/** Knobs that only tests and tuning need; the proxy uses the defaults. */
export interface SellsnTuning {
  /**
   * How long a catalog read is reused. SellSN has no way to fetch some products by id with their
   * stock, so a storefront page, a product card and a quote each read the catalog; a brief cache
   * keeps that to one read for all of them. Default 10 s.
   */
  readonly catalogTtlMs?: number;
}

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
  const client = createSellsnClient({
    apiBase: options.apiBase,
    secretKey: options.secretKey,
    storeId,
    logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const catalogCache = createTtlCache<CatalogSnapshot>(tuning.catalogTtlMs ?? 10_000, now);

  async function readCatalog(): Promise<CatalogSnapshot> {
    const [products, references] = await Promise.all([
      client.listAllProducts(),
      client.listProductReferences(),
    ]);
    const stock = new Map(references.map((reference) => [reference.id, reference.stock]));
    const stores = references.flatMap((reference) => (reference.store ? [reference.store] : []));
    const store = stores.find((candidate) => candidate.id === storeId) ?? stores[0];
    const currency = storeCurrency(store);
    const mapped: CatalogProduct[] = [];
    for (const product of products) {
      try {
        mapped.push(toCatalogProduct(product, stock.get(product.id), currency));
      } catch {
        // A price that is not an exact amount of the currency cannot be sold; the rest can.
        logger.warn("sellsn_product_unpriceable", { productId: product.id });
      }
    }
    return {
      products: mapped,
      byId: new Map(mapped.map((product) => [product.id, product])),
      store,
      currency,
    };
  }

  const catalog = () => catalogCache.get("catalog", readCatalog);

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
    const fallback = order.currency ? undefined : (await catalog()).currency;
    return toPlatformOrder(order, orderStatus(order), fallback ?? fallbackCurrency);
  }

  return {
    id: "sellsn",
    capabilities: { coupons: false, webhooks: true },

    async getStore() {
      const snapshot = await catalog();
      return {
        name: snapshot.store?.name ?? "SellSN store",
        currency: snapshot.currency,
        // SellSN keys carry no test/live distinction: every key sells for real.
        mode: "live",
        // The document lists no payment methods; SellSN's own checkout offers the store's.
        paymentMethods: [],
      };
    },

    async listProducts(query) {
      const snapshot = await catalog();
      const matching = snapshot.products.filter(
        (product) =>
          product.visible &&
          matchesSearch(product, query.search) &&
          matchesCategory(product, query.category),
      );
      const limit = Math.max(1, Math.floor(query.limit));
      const page = Math.max(1, Math.floor(query.page));
      return {
        data: matching.slice((page - 1) * limit, page * limit),
        page,
        pageCount: Math.ceil(matching.length / limit),
      };
    },

    async getProducts(ids) {
      const snapshot = await catalog();
      const found: CatalogProduct[] = [];
      for (const id of new Set(ids)) {
        const product = snapshot.byId.get(id);
        if (product?.visible) found.push(product);
      }
      return found;
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
      // The order took stock; the next read must not sell what is gone.
      catalogCache.clear();
      return toOrder(order);
    },

    async getOrder(id) {
      try {
        return await toOrder(await client.getOrder(id));
      } catch (error) {
        if (error instanceof UpstreamError && error.failure === "not_found") return undefined;
        throw error;
      }
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
