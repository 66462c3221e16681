// platforms/resilience/: a platform wrapped so that its failures stay its own: reads cached and kept, calls bounded in time, a failing platform left alone.
import type { OrderStatus } from "../../../core";
import type { Logger } from "../../runtime/logger";
import type {
  CatalogProduct,
  PlatformOrder,
  ProductQuery,
  SellerPlatform,
  WebhookEvent,
} from "../platform";
import { UpstreamError } from "../upstream/upstream-error";
import type { BreakerSnapshot } from "./circuit-breaker";
import { createGuard } from "./guarded-call";
import { notFresh, ReadCache, type ReadMode } from "./read-cache";
import { type ResilienceSettings, resolveSettings } from "./settings";

export { type BreakerSnapshot, type BreakerState, CircuitBreaker } from "./circuit-breaker";
export { defaultResilience, type ResilienceSettings } from "./settings";

/** The reads a storefront shows: answered with the last known data when the platform fails. */
export interface CatalogReads
  extends Pick<SellerPlatform, "getStore" | "listProducts" | "getProducts"> {
  /**
   * Of `ids`, those a `getProducts` would ask the platform about (no fresh entry, found or
   * missing); absent where nothing is cached, and then every id is asked about.
   */
  readonly uncachedIds?: (ids: readonly string[]) => string[];
  /**
   * What `getProducts(ids)` would give now when it would ask the platform nothing (every id
   * fresh in the cache, found or missing), at once; `undefined` when it would ask.
   */
  readonly cachedProducts?: (ids: readonly string[]) => CatalogProduct[] | undefined;
  /** Whether a `listProducts` of `query` would be answered without the platform. */
  readonly pageCached?: (query: ProductQuery) => boolean;
}

/** A platform behind the read cache, deadlines and circuit breaker. */
export interface ResilientPlatform extends SellerPlatform {
  /**
   * The same reads for display (cards, storefront, store info): fresh when cached, else stale
   * while revalidating, else the platform, else the last known data within the stale-if-error bound.
   * The platform's own methods (`getProducts` for pricing) never use stale data.
   */
  readonly lastKnown: CatalogReads;
  /** Forgets what a verified webhook says has changed, so the next read asks the platform. */
  invalidate(event: WebhookEvent): void;
  /** The circuit breaker's state, for a readiness check. */
  breakerState(): BreakerSnapshot;
}

export interface ResilienceOptions extends Partial<ResilienceSettings> {
  readonly logger: Logger;
  readonly now?: () => number;
}

type Store = Awaited<ReturnType<SellerPlatform["getStore"]>>;
type Page = Awaited<ReturnType<SellerPlatform["listProducts"]>>;

/**
 * Wraps `platform` so that product and store reads are cached per platform and coalesced, every
 * upstream read answers within the deadline, and a platform that keeps failing is not called until
 * a probe finds it back. See `ResilientPlatform`.
 */
export function createResilientPlatform(
  platform: SellerPlatform,
  options: ResilienceOptions,
): ResilientPlatform {
  const settings = resolveSettings(options);
  const now = options.now ?? Date.now;
  const logger = options.logger;
  const { guarded, breaker } = createGuard(platform.id, settings, now, logger);

  const cacheOptions = (kind: string) => ({
    freshMs: settings.freshMs,
    staleWhileRevalidateMs: settings.staleWhileRevalidateMs,
    staleIfErrorMs: settings.staleIfErrorMs,
    maxEntries: settings.maxEntries,
    now,
    onStaleIfError: (key: string, ageMs: number, error: unknown) => {
      logger.warn("served_last_known", {
        platform: platform.id,
        read: kind,
        key,
        ageSeconds: Math.round(ageMs / 1000),
        reason: error instanceof UpstreamError ? error.failure : "error",
      });
    },
  });

  /**
   * Loads the products one read asks for in a single upstream call: each id's load (started by the
   * cache for the ids it has no usable entry for) joins the batch, sent once the read has asked
   * for all of them. A batch is one caller's, so one caller's bad id never fails another's read.
   */
  function productBatch(): (id: string) => Promise<CatalogProduct | undefined> {
    const waiting = new Map<
      string,
      { resolve(product: CatalogProduct | undefined): void; reject(error: unknown): void }
    >();
    return (id) =>
      new Promise((resolve, reject) => {
        if (waiting.size === 0) {
          queueMicrotask(() => {
            const ids = [...waiting.keys()];
            guarded(() => platform.getProducts(ids), true).then(
              (found) => {
                const byId = new Map(found.map((product) => [product.id, product]));
                for (const [key, one] of waiting) one.resolve(byId.get(key));
              },
              (error: unknown) => {
                for (const one of waiting.values()) one.reject(error);
              },
            );
          });
        }
        waiting.set(id, { resolve, reject });
      });
  }

  const products = new ReadCache<
    CatalogProduct | undefined,
    (id: string) => Promise<CatalogProduct | undefined>
  >(
    {
      ...cacheOptions("product"),
      // Unknown ids are remembered as missing too, but never take more than a fifth of the room.
      misses: {
        is: (product) => product === undefined,
        max: Math.max(1, Math.floor(settings.maxEntries / 5)),
      },
    },
    (id, load) => load(id),
  );
  const listIds = platform.listProductIds?.bind(platform);
  // A platform that lists ids alone has its pages filled from the products read and kept here.
  const pages = new ReadCache<Page>(cacheOptions("page"), async (key) => {
    const query = JSON.parse(key) as ProductQuery;
    if (!listIds) return guarded(() => platform.listProducts(query), true);
    const listed = await guarded(() => listIds(query), true);
    const data = await readProducts(listed.ids, "fresh");
    return {
      data: data.filter((product) => product.visible),
      page: listed.page,
      pageCount: listed.pageCount,
    };
  });
  const store = new ReadCache<Store>(cacheOptions("store"), () =>
    guarded(() => platform.getStore(), true),
  );

  // What each order contains and how it stood, so an order's news reaches its products' entries.
  const orders = new Map<string, { productIds: readonly string[]; status?: OrderStatus }>();
  function remember(id: string, productIds: readonly string[], status?: OrderStatus): boolean {
    const before = orders.get(id);
    orders.delete(id);
    orders.set(id, { productIds, ...(status === undefined ? {} : { status }) });
    if (orders.size > settings.maxEntries * 10) {
      const oldest = orders.keys().next().value;
      if (oldest !== undefined) orders.delete(oldest);
    }
    return before !== undefined && status !== undefined && before.status !== status;
  }
  function forgetProducts(productIds: readonly string[] | undefined): void {
    products.invalidate(productIds);
    // Pages show stock too; which pages hold a product is not known, so all are re-read.
    pages.invalidate();
  }

  /** The products of `ids` when every one is fresh in the cache (found or missing). */
  const freshProducts = (ids: readonly string[]) => {
    const fresh: CatalogProduct[] = [];
    for (const id of ids) {
      const product = products.readFresh(id);
      if (product === notFresh) return undefined;
      if (product !== undefined) fresh.push(product);
    }
    return fresh;
  };
  // The usual read (cards showing products read moments ago) finds them all fresh.
  const readProducts = async (ids: readonly string[], mode: ReadMode) =>
    freshProducts(ids) ?? readThrough(ids, mode);
  const readThrough = async (ids: readonly string[], mode: ReadMode) => {
    const load = productBatch();
    const found = await Promise.all(ids.map((id) => products.read(id, mode, load)));
    return found.filter((product): product is CatalogProduct => product !== undefined);
  };
  const pageKey = (query: ProductQuery) =>
    JSON.stringify({
      page: query.page,
      limit: query.limit,
      ...(query.search === undefined ? {} : { search: query.search }),
      ...(query.category === undefined ? {} : { category: query.category }),
    });

  const observed = (order: PlatformOrder): PlatformOrder => {
    const changed = remember(
      order.id,
      order.items.map((item) => item.productId),
      order.status,
    );
    if (changed) forgetProducts(orders.get(order.id)?.productIds);
    return order;
  };

  const find = platform.findCreatedOrder?.bind(platform);
  const cancel = platform.cancelOrder?.bind(platform);
  const forgetCatalog = platform.forgetCatalog?.bind(platform);
  return {
    id: platform.id,
    capabilities: platform.capabilities,
    getStore: () => store.read("store", "fresh", undefined),
    listProducts: (query) => pages.read(pageKey(query), "fresh", undefined),
    getProducts: (ids) => readProducts(ids, "fresh"),
    ...(listIds ? { listProductIds: (query) => guarded(() => listIds(query), true) } : {}),
    findCoupon: (code) => guarded(() => platform.findCoupon(code), true),
    async createOrder(input) {
      const productIds = input.items.map((item) => item.productId);
      try {
        // No deadline of its own: an abandoned create would leave its outcome unknown.
        const created = await guarded(() => platform.createOrder(input), false);
        remember(created.id, productIds, created.status);
        return created;
      } finally {
        // Stock moved, is reserved, or may have been: whatever the outcome, re-read them.
        forgetProducts(productIds);
      }
    },
    ...(find
      ? {
          async findCreatedOrder(attempt) {
            const found = await guarded(() => find(attempt), true);
            if (found) {
              remember(
                found.id,
                attempt.items.map((item) => item.productId),
                found.status,
              );
            }
            return found;
          },
        }
      : {}),
    ...(cancel
      ? {
          async cancelOrder(id) {
            await guarded(() => cancel(id), false);
            // Its stock is back upstream.
            forgetProducts(orders.get(id)?.productIds);
          },
        }
      : {}),
    async getOrder(id) {
      const order = await guarded(() => platform.getOrder(id), true);
      return order ? observed(order) : undefined;
    },
    verifyWebhook: (request) => platform.verifyWebhook(request),
    ...(forgetCatalog ? { forgetCatalog } : {}),
    lastKnown: {
      getStore: () => store.read("store", "lastKnown", undefined),
      listProducts: (query) => pages.read(pageKey(query), "lastKnown", undefined),
      getProducts: (ids) => readProducts(ids, "lastKnown"),
      uncachedIds: (ids) => ids.filter((id) => !products.isFresh(id)),
      cachedProducts: freshProducts,
      pageCached: (query) => pages.isFresh(pageKey(query)),
    },
    invalidate(event) {
      if (event.orderId !== undefined) {
        forgetProducts(orders.get(event.orderId)?.productIds);
        return;
      }
      // An event about no order (a product or store change) names nothing more precise.
      forgetProducts(undefined);
      store.invalidate();
    },
    breakerState: () => breaker.snapshot(),
  };
}
