// platforms/sellvy/: the Sellvy adapter.
import { type CouponRule, sameCouponCode } from "../../../core";
import type {
  CatalogProduct,
  ListedIds,
  PlatformAdapter,
  PlatformOptions,
  ProductQuery,
  SellerPlatform,
} from "../platform";
import { attemptClockSkewMs, findAttemptOrder, listedTotal } from "../shared/attempt-match";
import { type CouponList, findListedCoupon, unreadableCoupon } from "../shared/coupon-list";
import { mapCreated } from "../shared/created-id";
import { modeOfKey } from "../shared/key-mode";
import { readEachProduct, skipUnmappable } from "../shared/priced-products";
import { createRememberedLines } from "../shared/remembered-lines";
import { webhookMethod } from "../shared/signed-body";
import { createTtlCache } from "../upstream/ttl-cache";
import { createClient, type SellvyOrderRequest } from "./client";
import {
  knownLinesSchema,
  mapCoupon,
  pageCountOf,
  toCatalogProduct,
  toPlatformOrder,
} from "./mapping";
import type { SellvyCategory, SellvyCoupon } from "./schemas";
import { verifyWebhook } from "./webhook";

/** Coupons change rarely and are read on every quote with a code, so the list is kept this long. */
const couponTtlMs = 30_000;
/** Store currency and categories change even more rarely. */
const catalogTtlMs = 5 * 60_000;
/** Parallel single-product reads, kept low for Sellvy's burst limit (10 on the Free plan). */
const readConcurrency = 4;
/** The currency Sellvy's own examples use, for a store that has no product to tell. */
const fallbackCurrency = "USD";

/** Creates the Sellvy `SellerPlatform`. */
export function createPlatform(options: PlatformOptions): SellerPlatform {
  const client = createClient(options);
  const { logger } = options;
  const mapped = skipUnmappable("sellvy", logger, toCatalogProduct);
  // What this proxy asked each order for, where Sellvy's order says only its product.
  const orderLines = createRememberedLines("sellvy", knownLinesSchema, options);
  const now = options.now ?? Date.now;
  const coupons = createTtlCache<CouponList<SellvyCoupon>>(couponTtlMs, now);
  const currency = createTtlCache<string>(catalogTtlMs, now);
  const categories = createTtlCache<readonly SellvyCategory[]>(catalogTtlMs, now);

  const storeCurrency = () =>
    currency.get("currency", async () => {
      // Sellvy documents no store endpoint; the catalog's own currency is the store's. A whole
      // page is read, so that a first product that cannot be read leaves it to the next.
      const first = await client.listProducts({ page: 1 });
      return first.data[0]?.currency.toUpperCase() ?? fallbackCurrency;
    });

  /**
   * The coupon a buyer's code names, matched without regard to case or spacing; a code that names
   * a coupon the proxy could not read fails as unavailable (see `findListedCoupon`).
   */
  async function couponByCode(code: string): Promise<SellvyCoupon | undefined> {
    const list = await coupons.get("coupons", () => client.listCoupons());
    return findListedCoupon("sellvy", logger, list, code, (read, wanted) =>
      read.find((candidate) => sameCouponCode(candidate.code, wanted)),
    );
  }

  /** A storefront `category` may be a Sellvy category id or its name. */
  async function categoryId(category: string): Promise<string> {
    const all = await categories.get("categories", () => client.listCategories());
    const wanted = category.trim().toLowerCase();
    const match =
      all.find((candidate) => candidate.id === category) ??
      all.find((candidate) => candidate.name.trim().toLowerCase() === wanted);
    return match?.id ?? category;
  }

  async function getProducts(ids: readonly string[]): Promise<CatalogProduct[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    // Only the single-product read carries stock (the list omits it), so every id is read on
    // its own; the proxy's read cache keeps repeated reads of the same ids off the platform.
    const products = await readEachProduct("sellvy", logger, unique, readConcurrency, (id) =>
      client.getProduct(id),
    );
    const byId = new Map<string, CatalogProduct>();
    for (const product of products) {
      const read = product ? mapped(product) : undefined;
      if (read?.visible) byId.set(read.id, read);
    }
    return unique.flatMap((id) => {
      const product = byId.get(id);
      return product ? [product] : [];
    });
  }

  /** A page of the list: the ids it shows, each read on its own for what the list leaves out. */
  async function listProductIds(query: ProductQuery): Promise<ListedIds> {
    const result = await client.listProducts({
      page: query.page,
      perPage: query.limit,
      ...(query.search ? { search: query.search } : {}),
      ...(query.category ? { categoryId: await categoryId(query.category) } : {}),
    });
    return {
      ids: result.data.filter((listed) => listed.is_visible !== false).map((listed) => listed.id),
      page: result.page,
      pageCount: pageCountOf({ per_page: result.perPage, total: result.total }),
    };
  }

  return {
    id: "sellvy",
    capabilities: { coupons: true, webhooks: true },

    async getStore() {
      return {
        // Sellvy documents no store profile, so the store id (when set) is the best name there is.
        name: options.storeId ?? "Sellvy store",
        currency: await storeCurrency(),
        mode: modeOfKey(options.secretKey, adapter.keyFormat),
        // Payment methods are chosen on Sellvy's own checkout page.
        paymentMethods: [],
      };
    },

    // The list carries no stock or variants: each listed product is read on its own too, as
    // batches are, so a sold-out product is not shown as available without limit. Through the
    // proxy, those reads are its cached product reads (see `listProductIds`).
    async listProducts(query) {
      const { ids, page, pageCount } = await listProductIds(query);
      return { data: await getProducts(ids), page, pageCount };
    },
    listProductIds,
    getProducts,

    async findCoupon(code): Promise<CouponRule | undefined> {
      const coupon = await couponByCode(code);
      if (!coupon) return undefined;
      const currency = await storeCurrency();
      try {
        return mapCoupon(coupon, currency);
      } catch {
        // An amount the store's currency cannot hold (`5.5` yen): neither "not found" nor a guess.
        throw unreadableCoupon("sellvy", logger);
      }
    },

    async createOrder(input) {
      // The code as Sellvy wrote it, from pricing (`couponAsWritten`): nothing is read between
      // the record that says sent and the create, which would make the create land later.
      const couponCode = input.coupon;
      const body: SellvyOrderRequest = {
        customer_email: input.email,
        items: input.items.map((item) => ({
          product_id: item.productId,
          ...(item.variantId ? { variant_id: item.variantId } : {}),
          quantity: item.quantity,
        })),
        // The code as Sellvy wrote it, not as the buyer typed it.
        ...(couponCode ? { coupon_code: couponCode } : {}),
        ...(input.paymentMethod ? { payment_method: input.paymentMethod } : {}),
        ...(Object.keys(input.fields).length > 0 ? { custom_fields: input.fields } : {}),
      };
      const order = await client.createOrder(body).finally(() => {
        // A redeemed coupon's use count changed upstream, or may have: the next quote reads it.
        if (input.coupon) coupons.clear();
      });
      await orderLines.set(order.id, input.items);
      return mapCreated("Sellvy", order.id, () => toPlatformOrder(order, input.items));
    },

    async findCreatedOrder(attempt) {
      const [first] = attempt.items;
      if (!first) return undefined;
      const listed = await client.listOrders({
        email: attempt.email,
        productId: first.productId,
        from: new Date(attempt.sentAt - attemptClockSkewMs).toISOString(),
      });
      const match = findAttemptOrder(listed, attempt, (order) => ({
        email: order.customer_email,
        createdAt: order.created_at,
        total: listedTotal(order.total, order.currency),
        // Its `items` where it has them. The document's order shows one `product` and no
        // quantity: such an order may be a two-unit or a two-line attempt's without showing it,
        // and the lookup says it cannot tell rather than take it for none and create another.
        ...(order.items
          ? {
              lines: order.items.map((item) => ({
                productId: item.product_id,
                quantity: item.quantity,
                variantId: item.variant_id,
              })),
            }
          : {
              lines: order.product
                ? [{ productId: order.product.id, quantity: order.quantity }]
                : [],
              // Listed by the product filter though it names none: it cannot tell, not "not ours".
              partial: attempt.items.length > 1 || !order.product,
            }),
      }));
      // Remembered only where nothing is: the match may be another attempt's order (which the
      // proxy then refuses), whose own create's lines must stay as they were asked.
      if (match && (await orderLines.get(match.id)) === undefined) {
        await orderLines.set(match.id, attempt.items);
      }
      return match && mapCreated("Sellvy", match.id, () => toPlatformOrder(match, attempt.items));
    },

    async getOrder(id) {
      const order = await client.getOrder(id);
      if (!order) return undefined;
      // The store is asked only for an order that does not say its quantity itself.
      const unsaid = !order.items && order.product && order.quantity === undefined;
      return toPlatformOrder(order, unsaid ? await orderLines.get(id) : undefined);
    },

    verifyWebhook: webhookMethod(verifyWebhook, options),
  };
}

/** Sellvy (`KIOSK_PLATFORM=sellvy`): products, coupons, orders (inferred `POST /orders`), webhooks. */
export const adapter: PlatformAdapter = {
  id: "sellvy",
  name: "Sellvy",
  defaultApiBase: "https://api.sellvy.io/v1",
  storeId: { required: false, meaning: "the store's name, since the platform has no store call" },
  keyFormat: { live: "sk_live_", test: "sk_test_", strict: false },
  create: createPlatform,
};
