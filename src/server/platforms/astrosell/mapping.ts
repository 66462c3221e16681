import { z } from "zod";
import type { CouponRule, DeliveredItem, OrderStatus, Product } from "../../../core";
import { fromDecimal, isDeliveredLink, priceFromDecimal, sameCouponCode } from "../../../core";
import { inStock } from "../../../core/availability";
import type { CatalogProduct, PlatformOrder } from "../platform";
import type { DescribedError } from "../upstream/http-client";
import {
  type AstrosellCoupon,
  type AstrosellOrder,
  type AstrosellOrderStatus,
  type AstrosellProduct,
  type AstrosellProductType,
  astrosellErrorSchema,
  astrosellOrderStatuses,
} from "./schemas";

/** AstroSell product types in the contract's words: serials are license keys, files downloads. */
export function toProductType(type: AstrosellProductType): Product["type"] {
  switch (type) {
    case "serials":
      return "license_key";
    case "service":
      return "service";
    case "file":
      return "download";
    case "dynamic":
      return "dynamic";
    default: {
      const unknownType: never = type;
      throw new Error(`unknown AstroSell product type ${String(unknownType)}`);
    }
  }
}

/**
 * Stock in the contract's words (`null` = unlimited). The document makes service, file and
 * dynamic products unlimited, and `unlimitedStock` says so for any product. A serials product
 * reports the live count of its warehouse, which is shared by every product linked to the same
 * pool; one without a usable count is treated as sold out rather than sold without keys.
 */
export function toStock(product: AstrosellProduct): number | null {
  if (product.unlimitedStock === true) return null;
  switch (product.type) {
    case "service":
    case "file":
    case "dynamic":
      return null;
    case "serials":
      return typeof product.stock === "number" && product.stock > 0 ? product.stock : 0;
    default: {
      const unknownType: never = product.type;
      throw new Error(`unknown AstroSell product type ${String(unknownType)}`);
    }
  }
}

/** Shown in the storefront: only `public` products. */
export function isListed(product: AstrosellProduct): boolean {
  return product.visibility === "public";
}

/**
 * Reachable by id (a buy link, a card on the merchant's page): `public` and `unlisted`, which
 * AstroSell means as "anyone with the link". `private` never leaves the proxy.
 */
export function isReachable(product: AstrosellProduct): boolean {
  return product.visibility === "public" || product.visibility === "unlisted";
}

/**
 * An upstream product as the proxy may serve it. Built field by field from an allow-list:
 * `salesCount`, `createdAt` and anything the platform adds stay here.
 */
export function toCatalogProduct(product: AstrosellProduct): CatalogProduct {
  const stock = toStock(product);
  return {
    id: product.id,
    name: product.title,
    ...(product.slug ? { slug: product.slug } : {}),
    type: toProductType(product.type),
    // The document gives products no description or images.
    description: "",
    images: [],
    price: priceFromDecimal(product.price, product.currency.toUpperCase()),
    variants: [],
    stock,
    available: inStock(stock),
    quantity: { min: 1, max: null },
    customFields: [],
    visible: isReachable(product),
  };
}

function isKnownStatus(status: string): status is AstrosellOrderStatus {
  return (astrosellOrderStatuses as readonly string[]).includes(status);
}

/**
 * An AstroSell order status in the contract's words, or `undefined` for a word the document
 * does not name. `pending` is an open invoice the buyer has not paid yet; `processing` is a
 * payment received and being confirmed or delivered.
 */
export function toOrderStatus(status: string): OrderStatus | undefined {
  const word = status.toLowerCase();
  if (!isKnownStatus(word)) return undefined;
  switch (word) {
    case "pending":
      return "awaiting_payment";
    case "processing":
      return "paid";
    case "completed":
      return "completed";
    case "expired":
      return "expired";
    case "refunded":
      return "refunded";
    case "cancelled":
    case "canceled":
      return "cancelled";
    case "failed":
      return "failed";
    default: {
      const unknownStatus: never = word;
      throw new Error(`unmapped AstroSell order status ${String(unknownStatus)}`);
    }
  }
}

/** What the adapter remembers of an order it created, for order objects that do not say. */
export interface OrderLineMemo {
  readonly productId: string;
  readonly quantity: number;
}

/** An `OrderLineMemo` as read back from the store, which other instances write too. */
export const orderLineMemoSchema: z.ZodType<OrderLineMemo> = z.object({
  productId: z.string(),
  quantity: z.int().positive(),
});

/**
 * An upstream order in the contract's words. AstroSell orders hold one product. Delivered items
 * (the serials the buyer paid for) are passed on only once the order is completed; an unknown
 * status reads as `pending` so the widget keeps waiting instead of showing a wrong outcome.
 */
export function toPlatformOrder(
  order: AstrosellOrder,
  memo?: OrderLineMemo,
  checkoutUrl?: string,
): PlatformOrder {
  const status = toOrderStatus(order.status) ?? "pending";
  const productId = order.productId ?? memo?.productId ?? "";
  const delivered =
    status === "completed" && order.deliveredItems && order.deliveredItems.length > 0
      ? order.deliveredItems.map((value) => toDeliveredItem(value, productId))
      : undefined;
  return {
    id: order.invoiceId,
    status,
    total: fromDecimal(order.total, order.currency.toUpperCase()),
    items: [
      {
        productId,
        name: order.productTitle,
        quantity: order.quantity ?? memo?.quantity ?? 1,
      },
    ],
    ...(checkoutUrl ? { checkoutUrl } : {}),
    ...(delivered ? { deliveredItems: delivered } : {}),
  };
}

function toDeliveredItem(value: string, productId: string): DeliveredItem {
  return {
    ...(productId ? { productId } : {}),
    kind: isDeliveredLink(value) ? "link" : "key",
    value,
  };
}

/**
 * A coupon as the server applies it. The document shows only `percent` (value `10` = 10 %);
 * any other type keeps its code but no discount, so it is reported `not_applicable` instead of
 * being guessed at, as is a code with `maxUses` and no `uses`, which may be used up.
 */
export function toCouponRule(coupon: AstrosellCoupon): CouponRule {
  const limits = {
    code: coupon.code,
    ...(coupon.expiresAt !== undefined ? { expiresAt: coupon.expiresAt } : {}),
    ...(coupon.maxUses !== undefined ? { maxUses: coupon.maxUses } : {}),
    ...(coupon.uses !== undefined ? { uses: coupon.uses } : {}),
  };
  // With a limit but no count of uses, the code may be used up: it cannot count as unused.
  if (typeof coupon.maxUses === "number" && coupon.uses === undefined)
    return { ...limits, kind: "percent" };
  const type = coupon.type.toLowerCase();
  if (type === "percent" || type === "percentage") {
    return { ...limits, kind: "percent", percent: String(coupon.value) };
  }
  return { ...limits, kind: "percent" };
}

/** The coupon a buyer typed, matched without regard to case as shop codes usually are. */
export function findCouponByCode(
  coupons: readonly AstrosellCoupon[],
  code: string,
): AstrosellCoupon | undefined {
  const wanted = code.trim();
  return (
    coupons.find((coupon) => coupon.code === wanted) ??
    coupons.find((coupon) => sameCouponCode(coupon.code, wanted))
  );
}

/** The store's currency: that of the newest public product, or the document's default. */
export function storeCurrency(products: readonly AstrosellProduct[]): string {
  return products.find(isListed)?.currency.toUpperCase() ?? "USD";
}

const fieldHints: readonly [RegExp, string, string][] = [
  [
    /out of stock|sold out|not enough stock|insufficient stock/,
    "items.0.quantity",
    "is more than is in stock",
  ],
  [/quantity/, "items.0.quantity", "was refused by the platform"],
  [/e-?mail/, "email", "was refused by the platform"],
  [/coupon/, "coupon", "was refused by the platform"],
  [/product/, "items.0.productId", "was refused by the platform"],
];

/**
 * Reads `{ "error": "<message>" }` into safe words. The upstream message is only searched for
 * which field it is about; the words and field messages returned are the proxy's own.
 */
export function describeError(status: number, body: unknown): DescribedError {
  const parsed = astrosellErrorSchema.safeParse(body);
  const text = parsed.success ? parsed.data.error.toLowerCase() : "";
  if (status === 404) return { message: "AstroSell has no such item" };
  if (status === 429) return { message: "AstroSell is limiting the proxy's requests" };
  if (status >= 500) return { message: "AstroSell is unavailable" };
  if (status === 401 || status === 403) return { message: "AstroSell refused the proxy's key" };
  // The first hint wins: "product is out of stock" is about the quantity, not the product.
  const hint = fieldHints.find(([pattern]) => pattern.test(text));
  return {
    message: "AstroSell refused the request",
    ...(hint ? { fields: { [hint[1]]: hint[2] } } : {}),
  };
}
