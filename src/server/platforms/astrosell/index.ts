import type { CouponRule } from "../../../core";
import type {
  PlatformAdapter,
  PlatformOptions,
  PlatformOrder,
  PlatformOrderInput,
  SellerPlatform,
} from "../platform";
import { createTtlCache } from "../upstream/ttl-cache";
import { unlessNotFound } from "../upstream/unless-not-found";
import { UpstreamError } from "../upstream/upstream-error";
import { createAstrosellClient } from "./client";
import {
  findCouponByCode,
  isReachable,
  modeOfKey,
  type OrderLineMemo,
  storeCurrency,
  toCatalogProduct,
  toCouponRule,
  toOrderStatus,
  toPlatformOrder,
  toProductPage,
} from "./mapping";
import type { AstrosellCoupon, AstrosellOrder, AstrosellOrderBody } from "./schemas";
import { astrosellWebhooksSupported, verifyAstrosellWebhook } from "./webhook";

/** The document's base URL. */
export const astrosellDefaultApiBase = "https://api.astrosell.io/api/v1";

/** Coupon lists change rarely and a stale minute costs little; every quote would fetch them otherwise. */
const couponTtlMs = 30_000;
const storeTtlMs = 60_000;
/** Orders created by this process whose line AstroSell's order object may not repeat. */
const maxRememberedOrders = 1_000;

/** Creates the AstroSell implementation of `SellerPlatform`. */
export function createAstrosellPlatform(options: PlatformOptions): SellerPlatform {
  const client = createAstrosellClient(options);
  const now = options.now ?? Date.now;
  const coupons = createTtlCache<AstrosellCoupon[]>(couponTtlMs, now);
  const currencies = createTtlCache<string>(storeTtlMs, now);
  const createdLines = new Map<string, OrderLineMemo>();

  function remember(invoiceId: string, line: OrderLineMemo): void {
    createdLines.set(invoiceId, line);
    if (createdLines.size > maxRememberedOrders) {
      const oldest = createdLines.keys().next().value;
      if (oldest !== undefined) createdLines.delete(oldest);
    }
  }

  function mapOrder(order: AstrosellOrder, checkoutUrl?: string): PlatformOrder {
    if (toOrderStatus(order.status) === undefined) {
      // A word the document does not name: the order reads as pending until someone maps it.
      options.logger.warn("upstream_unknown_status", {
        platform: "astrosell",
        status: order.status.slice(0, 40),
      });
    }
    return toPlatformOrder(order, createdLines.get(order.invoiceId), checkoutUrl);
  }

  return {
    id: "astrosell",
    capabilities: { coupons: true, webhooks: astrosellWebhooksSupported },

    async getStore() {
      const currency = await currencies.get("currency", async () =>
        storeCurrency(await client.listProducts()),
      );
      return {
        name: options.storeId ?? "AstroSell shop",
        currency,
        mode: modeOfKey(options.secretKey),
        // AstroSell's own checkout offers its gateways; the document names none to choose from.
        paymentMethods: [],
      };
    },

    async listProducts(query) {
      return toProductPage(await client.listProducts(), query);
    },

    async getProducts(ids) {
      if (ids.length === 0) return [];
      // One request for any number of ids: the list is the only read without serial keys.
      const wanted = new Set(ids);
      const products = await client.listProducts();
      return products
        .filter((product) => wanted.has(product.id) && isReachable(product))
        .map(toCatalogProduct);
    },

    async findCoupon(code): Promise<CouponRule | undefined> {
      const list = await coupons.get("coupons", () => client.listCoupons());
      const coupon = findCouponByCode(list, code);
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
      const body: AstrosellOrderBody = {
        productId: line.productId,
        quantity: line.quantity,
        customerEmail: input.email,
        ...(input.coupon ? { coupon: input.coupon } : {}),
        ...(input.paymentMethod ? { gateway: input.paymentMethod } : {}),
      };
      const created = await client.createOrder(body);
      remember(created.invoiceId, { productId: line.productId, quantity: line.quantity });
      // The proxy compares this total with its quote: the buyer pays what AstroSell charges.
      return mapOrder(created, created.checkoutUrl);
    },

    async getOrder(id) {
      const order = await unlessNotFound(client.getOrder(id));
      return order && mapOrder(order);
    },

    async verifyWebhook(request) {
      return verifyAstrosellWebhook(request, options.logger);
    },
  };
}

/** AstroSell (`KIOSK_PLATFORM=astrosell`): keys are scoped to one shop, so no store id is needed. */
export const astrosellAdapter: PlatformAdapter = {
  id: "astrosell",
  defaultApiBase: astrosellDefaultApiBase,
  requiresStoreId: false,
  create: createAstrosellPlatform,
};
