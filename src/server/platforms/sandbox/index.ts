// platforms/sandbox/: a platform inside the process, from a catalog file, with its own pay page.
import {
  type CouponRule,
  type DeliveredItem,
  type Money,
  money,
  sameCouponCode,
} from "../../../core";
import { randomBytes, toBase64Url } from "../../web-crypto";
import type {
  PlatformOrder,
  PlatformOrderInput,
  ProductPage,
  ProductQuery,
  SellerPlatform,
} from "../platform";
import { searchLocally } from "../shared/search-locally";
import { UpstreamError } from "../upstream/upstream-error";
import type { SandboxCatalog, SandboxCatalogProduct } from "./catalog";
import { deliveryOf } from "./delivery";
import { toCatalogProduct, toCouponRule } from "./mapping";
import { type Reservation, release, reserve } from "./stock";

export { CatalogError, parseCatalog, type SandboxCatalog } from "./catalog";

interface SandboxOrder {
  readonly id: string;
  readonly payToken: string;
  status: PlatformOrder["status"];
  readonly items: PlatformOrder["items"];
  readonly total: Money;
  readonly coupon: string | undefined;
  /** When an unpaid order expires and its reservation goes back to stock. */
  readonly expiresAt: number;
  readonly reservation: Reservation;
  deliveredItems?: DeliveredItem[];
  deliveryMessage?: string;
}

/** The embedded store, with the extra calls its pay page needs. */
export interface SandboxPlatform extends SellerPlatform {
  readonly id: "sandbox";
  /** The order behind a pay link, or `undefined` when the id or pay token is wrong. */
  findPayableOrder(orderId: string, payToken: string): PlatformOrder | undefined;
  /** Settles an order as the pay page's buttons do: `paid` delivers, `failed` fails it. */
  settle(orderId: string, payToken: string, outcome: "paid" | "failed"): PlatformOrder | undefined;
}

/** How the sandbox runs, beside its catalog. */
export interface SandboxOptions {
  /** How long an unpaid order holds its stock before it expires; default 30 min. */
  readonly orderTtlMs?: number;
  /**
   * How many ended orders (completed, failed or expired) it remembers, the oldest forgotten
   * first: a demo open to the world ends orders for as long as it runs. Default 10,000.
   */
  readonly endedOrdersKept?: number;
  /** Injected for tests; `Date.now` otherwise. */
  readonly now?: () => number;
}

/** How long an unpaid sandbox order holds its stock when nothing else is set. */
export const defaultSandboxOrderTtlMs = 30 * 60 * 1000;

const randomId = (prefix: string) => `${prefix}_${toBase64Url(randomBytes(9))}`;

/**
 * An in-process store that behaves like a seller platform: products from a catalog file, stock
 * (serials included) reserved when an order is created and released when it fails or expires
 * unpaid, so no unit is sold twice and no paid order lacks its goods; coupons with their rules;
 * orders paid on the proxy's own `/sandbox/pay` page.
 */
export function createSandboxPlatform(
  catalog: SandboxCatalog,
  options: SandboxOptions = {},
): SandboxPlatform {
  const now = options.now ?? Date.now;
  const orderTtlMs = options.orderTtlMs ?? defaultSandboxOrderTtlMs;
  // Each platform instance owns a copy, so two apps from one catalog never share a serial pool.
  const products = new Map<string, SandboxCatalogProduct>(
    structuredClone(catalog.products).map((product) => [product.id, product]),
  );
  const coupons = structuredClone(catalog.coupons);
  const orders = new Map<string, SandboxOrder>();
  const unpaid = new Set<SandboxOrder>();
  // In the order they ended: a Set iterates in insertion order, so its first is the oldest.
  const ended = new Set<SandboxOrder>();
  const endedOrdersKept = Math.max(1, options.endedOrdersKept ?? 10_000);
  const end = (order: SandboxOrder) => {
    unpaid.delete(order);
    ended.add(order);
    for (const oldest of ended) {
      if (ended.size <= endedOrdersKept) break;
      ended.delete(oldest);
      orders.delete(oldest.id);
    }
  };
  const storeCurrency = catalog.store.currency;

  const currencyOf = (product: SandboxCatalogProduct) => product.currency ?? storeCurrency;

  const couponOf = (code: string | undefined) =>
    code === undefined
      ? undefined
      : coupons.find((candidate) => sameCouponCode(candidate.code, code));
  // Ends an unpaid order (failed or expired) and gives its units back.
  const close = (order: SandboxOrder, status: "failed" | "expired") => {
    order.status = status;
    end(order);
    release(products, order.reservation);
    // Its use of the code is given back, as its units are: it was never paid.
    const coupon = couponOf(order.coupon);
    if (coupon) coupon.uses -= 1;
  };
  // Expiry is checked whenever the store is used, as a platform's clock would have moved on.
  const expireDue = () => {
    const time = now();
    for (const order of unpaid) if (order.expiresAt <= time) close(order, "expired");
  };

  const toPlatformOrder = (order: SandboxOrder, checkout: boolean): PlatformOrder => ({
    id: order.id,
    status: order.status,
    total: order.total,
    items: order.items,
    ...(checkout
      ? { checkoutUrl: `sandbox/pay/${encodeURIComponent(order.id)}?token=${order.payToken}` }
      : {}),
    ...(order.deliveredItems ? { deliveredItems: order.deliveredItems } : {}),
    ...(order.deliveryMessage ? { deliveryMessage: order.deliveryMessage } : {}),
  });

  const deliver = (order: SandboxOrder) => {
    const delivery = deliveryOf(products, order.reservation);
    order.deliveredItems = delivery.items;
    if (delivery.message !== undefined) order.deliveryMessage = delivery.message;
    order.status = "completed";
    end(order);
  };

  return {
    id: "sandbox",
    capabilities: { coupons: true, webhooks: false },

    async getStore() {
      return {
        name: catalog.store.name,
        currency: storeCurrency,
        mode: "test",
        paymentMethods: catalog.store.paymentMethods,
      };
    },

    async listProducts(query: ProductQuery): Promise<ProductPage> {
      expireDue();
      return searchLocally(
        [...products.values()].map((product) => toCatalogProduct(product, currencyOf(product))),
        query,
      );
    },

    async getProducts(ids) {
      expireDue();
      return ids.flatMap((id) => {
        const product = products.get(id);
        return product?.visible ? [toCatalogProduct(product, currencyOf(product))] : [];
      });
    },

    async findCoupon(code): Promise<CouponRule | undefined> {
      const coupon = couponOf(code);
      return coupon ? toCouponRule(coupon, storeCurrency) : undefined;
    },

    async createOrder(input: PlatformOrderInput): Promise<PlatformOrder> {
      expireDue();
      // A code's use is counted when an order takes it, as its units are held: two unpaid orders
      // never share the last use of a code limited to one.
      const coupon = couponOf(input.coupon);
      if (coupon?.maxUses !== undefined && coupon.uses >= coupon.maxUses) {
        throw new UpstreamError("rejected", "The sandbox's code is used up", {
          status: 409,
          fields: { coupon: "This code has been used up." },
        });
      }
      const reservation = reserve(products, input.items);
      if ("refused" in reservation) {
        throw new UpstreamError("rejected", "The sandbox has not enough stock for this order", {
          status: 409,
          fields: reservation.refused,
        });
      }
      const items = input.items.map((item) => {
        const product = products.get(item.productId);
        const variant = product?.variants.find((candidate) => candidate.id === item.variantId);
        const name = product ? (variant ? `${product.name} – ${variant.name}` : product.name) : "";
        return { ...item, name };
      });
      const order: SandboxOrder = {
        id: randomId("sbx_ord"),
        payToken: toBase64Url(randomBytes(18)),
        status: "awaiting_payment",
        items,
        total: money(input.total.amount, input.total.currency),
        coupon: input.coupon,
        expiresAt: now() + orderTtlMs,
        reservation,
      };
      orders.set(order.id, order);
      if (coupon) coupon.uses += 1;
      // Nothing to pay (a coupon took the whole total): delivered at once, as platforms complete
      // a free order, with no payment page.
      if (order.total.amount === 0) {
        deliver(order);
        return toPlatformOrder(order, false);
      }
      unpaid.add(order);
      return toPlatformOrder(order, true);
    },

    async getOrder(id) {
      expireDue();
      const order = orders.get(id);
      return order ? toPlatformOrder(order, false) : undefined;
    },

    async verifyWebhook() {
      return { kind: "refused" };
    },

    findPayableOrder(orderId, payToken) {
      expireDue();
      const order = orders.get(orderId);
      return order && order.payToken === payToken ? toPlatformOrder(order, false) : undefined;
    },

    settle(orderId, payToken, outcome) {
      const order = orders.get(orderId);
      if (!order || order.payToken !== payToken) return undefined;
      expireDue();
      if (order.status === "awaiting_payment") {
        if (outcome === "paid") deliver(order);
        else close(order, "failed");
      }
      return toPlatformOrder(order, false);
    },
  };
}
