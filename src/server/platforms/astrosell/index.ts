// platforms/astrosell/: the AstroSell adapter.
import type { CouponRule } from "../../../core";
import type {
  PlatformAdapter,
  PlatformOptions,
  PlatformOrder,
  PlatformOrderInput,
  SellerPlatform,
} from "../platform";
import { type CouponList, findListedCoupon } from "../shared/coupon-list";
import { mapCreated } from "../shared/created-id";
import { modeOfKey } from "../shared/key-mode";
import { skipUnmappable } from "../shared/priced-products";
import { createRememberedLines } from "../shared/remembered-lines";
import { searchLocally } from "../shared/search-locally";
import { createSharedListing, defaultLookupListingMs } from "../shared/shared-listing";
import { webhookMethod } from "../shared/signed-body";
import { createTtlCache } from "../upstream/ttl-cache";
import { unlessNotFound } from "../upstream/unless-not-found";
import { UpstreamError } from "../upstream/upstream-error";
import { createClient } from "./client";
import {
  findCouponByCode,
  isListed,
  isReachable,
  type OrderLineMemo,
  orderLineMemoSchema,
  storeCurrency,
  toCatalogProduct,
  toCouponRule,
  toOrderStatus,
  toPlatformOrder,
} from "./mapping";
import type {
  AstrosellCoupon,
  AstrosellOrder,
  AstrosellOrderBody,
  AstrosellProduct,
} from "./schemas";
import { verifyWebhook } from "./webhook";

/** Coupon lists change rarely and a stale minute costs little; every quote would fetch them otherwise. */
const couponTtlMs = 30_000;
const storeTtlMs = 60_000;

/** Creates the AstroSell implementation of `SellerPlatform`. */
export function createPlatform(options: PlatformOptions): SellerPlatform {
  const client = createClient(options);
  const mapped = skipUnmappable("astrosell", options.logger, toCatalogProduct);
  const now = options.now ?? Date.now;
  const coupons = createTtlCache<CouponList<AstrosellCoupon>>(couponTtlMs, now);
  const currencies = createTtlCache<string>(storeTtlMs, now);
  // The line of each order created, which AstroSell's order object may not repeat.
  const createdLines = createRememberedLines("astrosell", orderLineMemoSchema, options);
  // A lookup by id reads the whole list (the read by id carries serial keys): the lookups of a
  // short period share one list instead of reading it once each.
  const catalog = createSharedListing<AstrosellProduct>(
    async () => ({ items: await client.listProducts(), last: true }),
    options.tuning?.lookupListingMs ?? defaultLookupListingMs,
    now,
  );

  /**
   * The coupon a buyer's code names (an exact match first, then without regard to case); a code
   * that names a coupon the proxy could not read fails as unavailable (see `findListedCoupon`).
   */
  async function couponByCode(code: string): Promise<AstrosellCoupon | undefined> {
    const list = await coupons.get("coupons", () => client.listCoupons());
    return findListedCoupon("astrosell", options.logger, list, code, findCouponByCode);
  }

  function mapOrder(
    order: AstrosellOrder,
    memo: OrderLineMemo | undefined,
    checkoutUrl?: string,
  ): PlatformOrder {
    if (toOrderStatus(order.status) === undefined) {
      // A word the document does not name: the order reads as pending until someone maps it.
      options.logger.warn("upstream_unknown_status", {
        platform: "astrosell",
        status: order.status.slice(0, 40),
      });
    }
    return toPlatformOrder(order, memo, checkoutUrl);
  }

  return {
    id: "astrosell",
    capabilities: { coupons: true, webhooks: false },

    async getStore() {
      const currency = await currencies.get("currency", async () =>
        storeCurrency(await client.listProducts()),
      );
      return {
        name: options.storeId ?? "AstroSell shop",
        currency,
        mode: modeOfKey(options.secretKey, adapter.keyFormat),
        // AstroSell's own checkout offers its gateways; the document names none to choose from.
        paymentMethods: [],
      };
    },

    async listProducts(query) {
      // The whole catalog comes in one bare array (no page, limit or cursor); only public
      // products are listed, and the platform has no categories, so asking for one finds nothing.
      const listed = (await client.listProducts())
        .filter(isListed)
        .flatMap((product) => mapped(product) ?? []);
      return searchLocally(listed, query);
    },

    async getProducts(ids) {
      if (ids.length === 0) return [];
      // One request for any number of ids: the list is the only read without serial keys.
      const wanted = new Set(ids);
      const { items: products } = await catalog.scan().page(1);
      return products
        .filter((product) => wanted.has(product.id) && isReachable(product))
        .flatMap((product) => mapped(product) ?? []);
    },

    async findCoupon(code): Promise<CouponRule | undefined> {
      const coupon = await couponByCode(code);
      return coupon ? toCouponRule(coupon) : undefined;
    },

    async createOrder(input: PlatformOrderInput) {
      const [line, ...rest] = input.items;
      if (!line || rest.length > 0) {
        throw new UpstreamError("rejected", "AstroSell orders hold one product", {
          status: 422,
          fields: { items: "AstroSell orders hold one product; order each product separately" },
        });
      }
      if (line.variantId !== undefined) {
        throw new UpstreamError("rejected", "AstroSell products have no variants", {
          status: 422,
          fields: { "items.0.variantId": "AstroSell products have no variants" },
        });
      }
      // The code as AstroSell wrote it, from pricing (`couponAsWritten`), not as the buyer typed
      // it: nothing is read between the record that says sent and the create.
      const coupon = input.coupon;
      const body: AstrosellOrderBody = {
        productId: line.productId,
        quantity: line.quantity,
        customerEmail: input.email,
        ...(coupon ? { coupon } : {}),
        ...(input.paymentMethod ? { gateway: input.paymentMethod } : {}),
      };
      // Stock moved, or may have: the next lookup reads the list again.
      const created = await client.createOrder(body).finally(() => catalog.clear());
      const memo = { productId: line.productId, quantity: line.quantity };
      await createdLines.set(created.invoiceId, memo);
      // The proxy compares this total with its quote: the buyer pays what AstroSell charges.
      return mapCreated("AstroSell", created.invoiceId, () =>
        mapOrder(created, memo, created.checkoutUrl),
      );
    },

    async getOrder(id) {
      const order = await unlessNotFound(client.getOrder(id));
      if (!order) return undefined;
      // The store is asked only for an order that does not say its product and quantity itself.
      const unsaid = order.productId === undefined || order.quantity === undefined;
      return mapOrder(order, unsaid ? await createdLines.get(order.invoiceId) : undefined);
    },

    verifyWebhook: webhookMethod(verifyWebhook, options),
  };
}

/** AstroSell (`KIOSK_PLATFORM=astrosell`): keys are scoped to one shop, so no store id is needed. */
export const adapter: PlatformAdapter = {
  id: "astrosell",
  name: "AstroSell",
  defaultApiBase: "https://api.astrosell.io/api/v1",
  storeId: { required: false, meaning: "the shop's name, since the platform has no shop call" },
  webhookSecretProblem: () => "is never used: AstroSell documents no webhooks",
  // The document shows only live `nsk_…` keys; `nsk_test_…` ones are read as test keys.
  keyFormat: { test: "nsk_test_", strict: false },
  create: createPlatform,
};
