import { z } from "zod";
import {
  type CouponRule,
  type DeliveredItem,
  fromDecimal,
  type OrderStatus,
  type Product,
  parseDecimal,
  priceFromDecimal,
} from "../../../core";
import { isAvailable } from "../../../core/availability";
import type { CatalogProduct, PlatformOrder } from "../platform";
import type { DescribedError } from "../upstream/http-client";
import {
  type SellvyCoupon,
  type SellvyOrder,
  type SellvyOrderStatus,
  type SellvyPaymentStatus,
  type SellvyProduct,
  sellvyCouponTypes,
  sellvyErrorSchema,
} from "./schemas";

/** Sellvy's stock count as the contract's: `null` and `-1` are unlimited, an oversell is 0. */
export function mapStock(stock: number | null | undefined): number | null {
  if (stock === undefined || stock === null || stock === -1) return null;
  return Math.max(0, stock);
}

/**
 * Sellvy's product `type` as a contract type. The document shows `digital_download` only, so the
 * other words are the ones its events and filters suggest; anything unknown is plain `digital`.
 */
export function mapProductType(type: string): Product["type"] {
  switch (type.toLowerCase()) {
    case "digital_download":
    case "download":
    case "file":
      return "download";
    case "license_key":
    case "serial":
    case "serials":
      return "license_key";
    case "account":
      return "account";
    case "service":
      return "service";
    case "subscription":
      return "subscription";
    case "dynamic":
      return "dynamic";
    case "physical":
      return "physical";
    default:
      return "digital";
  }
}

/** A Sellvy product as a `CatalogProduct`, built field by field from an allow-list. */
export function toCatalogProduct(product: SellvyProduct): CatalogProduct {
  const currency = product.currency.toUpperCase();
  const stock = mapStock(product.stock);
  const variants = (product.variants ?? []).map((variant) => ({
    id: variant.id,
    name: variant.title ?? variant.name ?? "",
    price: priceFromDecimal(variant.price, currency),
    stock: mapStock(variant.stock),
  }));
  const available = isAvailable({ available: product.is_visible, stock, variants });
  const category = product.category?.name;
  return {
    id: product.id,
    name: product.title,
    type: mapProductType(product.type),
    description: product.description ?? "",
    images: (product.images ?? []).filter((image) => /^https?:\/\//i.test(image)),
    ...(category ? { category } : {}),
    price: priceFromDecimal(product.price, currency),
    variants,
    stock,
    available,
    // Sellvy documents no per-product quantity limits or buyer inputs.
    quantity: { min: 1, max: null },
    customFields: [],
    visible: product.is_visible,
  };
}

/**
 * A Sellvy coupon as a `CouponRule`. Coupons carry no currency of their own, so amounts are read
 * in the store's currency, and exactly: one below zero or with more places than that currency has
 * (`5.5` yen) throws a `MoneyError` rather than be rounded into a discount the platform may not give.
 */
export function mapCoupon(coupon: SellvyCoupon, storeCurrency: string): CouponRule {
  const maxUses = coupon.max_uses ?? null;
  const common = {
    code: coupon.code,
    expiresAt: coupon.expires_at ?? null,
    maxUses,
    uses: coupon.uses ?? 0,
    minOrder:
      coupon.min_order_amount === undefined || coupon.min_order_amount === null
        ? null
        : priceFromDecimal(coupon.min_order_amount, storeCurrency),
    productIds:
      coupon.applies_to_products && coupon.applies_to_products.length > 0
        ? coupon.applies_to_products
        : null,
  };
  // A rule without an amount is never valid: `not_applicable`, for this code alone.
  const notApplicable: CouponRule = { ...common, kind: "percent" };
  // With a limit but no count of uses, the code may be used up: it cannot count as unused.
  if (maxUses !== null && coupon.uses === undefined) return notApplicable;
  const type = sellvyCouponTypes.find((known) => known === coupon.type);
  switch (type) {
    case undefined:
      return notApplicable;
    case "percentage": {
      const percent = parseDecimal(coupon.value);
      if (!percent) throw new RangeError("coupon value is not a decimal");
      return { ...common, kind: "percent", percent: String(coupon.value) };
    }
    case "fixed":
      return { ...common, kind: "fixed", amount: priceFromDecimal(coupon.value, storeCurrency) };
    default: {
      const unknownType: never = type;
      throw new Error(`unknown coupon type ${String(unknownType)}`);
    }
  }
}

/**
 * Sellvy's two order states (`status`, and `payment_status` when present) as one contract status.
 * `payment_status` refines the early states: a pending order is awaiting payment, a processing
 * one that is paid is being delivered.
 */
export function toOrderStatus(
  status: SellvyOrderStatus,
  payment: SellvyPaymentStatus | undefined,
): OrderStatus {
  switch (status) {
    case "completed":
      return "completed";
    case "cancelled":
      return "cancelled";
    case "refunded":
      return "refunded";
    case "pending":
    case "processing":
      return mapPaymentStatus(status, payment);
    default: {
      const unknownStatus: never = status;
      throw new Error(`unknown order status ${String(unknownStatus)}`);
    }
  }
}

function mapPaymentStatus(
  status: "pending" | "processing",
  payment: SellvyPaymentStatus | undefined,
): OrderStatus {
  switch (payment) {
    case undefined:
      return status === "pending" ? "pending" : "delivering";
    case "pending":
      return "awaiting_payment";
    case "paid":
      return status === "pending" ? "paid" : "delivering";
    // One attempt failed ("payment.failed: Payment attempt failed"); the order is still open to
    // pay, and ends only by its own status (`cancelled`).
    case "failed":
      return "awaiting_payment";
    case "refunded":
      return "refunded";
    default: {
      const unknownPayment: never = payment;
      throw new Error(`unknown payment status ${String(unknownPayment)}`);
    }
  }
}

const deliveredKinds = { serial: "key", file: "link", text: "text" } as const;

/** The lines this proxy asked an order for, for an answer that does not say them. */
export type KnownLines = readonly { readonly productId: string; readonly quantity: number }[];

/** `KnownLines` as read back from the store, which other instances write too. */
export const knownLinesSchema: z.ZodType<KnownLines> = z.array(
  z.object({ productId: z.string(), quantity: z.int().positive() }),
);

/**
 * A Sellvy order's lines: its `items` where it has them, else the one `product` of the order the
 * document shows, with its `quantity` where the answer gives one, else the quantity the proxy
 * asked for (`known`): a receipt that said "× 1" for two keys would be wrong.
 */
function orderLines(order: SellvyOrder, known?: KnownLines): PlatformOrder["items"] {
  if (order.items) {
    return order.items.map((item) => ({
      productId: item.product_id,
      ...(item.variant_id ? { variantId: item.variant_id } : {}),
      name: item.title,
      quantity: item.quantity,
    }));
  }
  const product = order.product;
  if (!product) return [];
  const asked = known?.find((line) => line.productId === product.id)?.quantity;
  return [{ productId: product.id, name: product.title, quantity: order.quantity ?? asked ?? 1 }];
}

/**
 * A Sellvy order as a `PlatformOrder`. Delivered goods are copied only for a completed order;
 * customer, payment and fraud details are never read.
 */
export function toPlatformOrder(order: SellvyOrder, known?: KnownLines): PlatformOrder {
  const status = toOrderStatus(order.status, order.payment_status);
  const items = orderLines(order, known);
  const completed = status === "completed";
  const delivered: DeliveredItem[] = completed
    ? (order.delivered_items ?? []).map((item) => ({
        ...(item.product_id ? { productId: item.product_id } : {}),
        kind: deliveredKinds[item.type],
        value: item.value,
      }))
    : [];
  return {
    id: order.id,
    status,
    total: fromDecimal(order.total, order.currency),
    items,
    // The number the buyer's invoice and the merchant's dashboard show ("ORD-1234").
    ...(order.order_number && order.order_number !== order.id
      ? { reference: order.order_number }
      : {}),
    ...(order.checkout_url ? { checkoutUrl: order.checkout_url } : {}),
    ...(delivered.length > 0 ? { deliveredItems: delivered } : {}),
    ...(completed && order.delivery_message ? { deliveryMessage: order.delivery_message } : {}),
  };
}

/** Safe words per documented error code; Sellvy's own `message` is never passed on. */
const errorWords: Readonly<Record<string, string>> = {
  unauthorized: "Sellvy refused the proxy's API key",
  forbidden: "Sellvy's API key lacks a permission the proxy needs",
  not_found: "Sellvy has no such resource",
  validation_error: "Sellvy refused the request as invalid",
  rate_limited: "Sellvy is limiting the proxy's request rate",
  internal_error: "Sellvy had an internal error",
};

/**
 * Reads `{ error: { code, message, status } }` into safe words. Sellvy's errors name no fields, so
 * no field paths can be given; the message comes from the code, never from the body's text.
 */
export function describeError(status: number, body: unknown): DescribedError {
  const parsed = sellvyErrorSchema.safeParse(body);
  const words = parsed.success ? errorWords[parsed.data.error.code] : undefined;
  return { message: words ?? `Sellvy answered ${status}` };
}

/** How many pages a list has, from its `meta`. */
export function pageCountOf(meta: { readonly per_page: number; readonly total: number }): number {
  return Math.ceil(meta.total / meta.per_page);
}
