import { fromDecimal, type OrderStatus, priceFromDecimal } from "../../../core";
import type { CatalogProduct, PlatformOrder } from "../platform";
import type { DescribedError } from "../upstream/http-client";
import {
  type TemplateOrder,
  type TemplateProduct,
  templateErrorSchema,
  templateOrderStatuses,
} from "./schemas";

/**
 * An upstream product as the proxy may serve it, copied field by field from an allow-list:
 * whatever else the platform sends never gets past here.
 */
export function toCatalogProduct(product: TemplateProduct): CatalogProduct {
  return {
    id: product.id,
    name: product.name,
    type: "license_key",
    description: "",
    images: [],
    price: priceFromDecimal(product.price, product.currency.toUpperCase()),
    variants: [],
    stock: product.stock,
    available: product.stock === null || product.stock > 0,
    quantity: { min: 1, max: null },
    customFields: [],
    visible: product.status === "active",
  };
}

/** The platform's order status in the contract's words; `undefined` for a word it lacks. */
export function toOrderStatus(status: string): OrderStatus | undefined {
  const known = templateOrderStatuses.find((candidate) => candidate === status);
  switch (known) {
    case undefined:
      return undefined;
    case "pending":
      return "awaiting_payment";
    case "paid":
      return "paid";
    case "completed":
      return "completed";
    case "refunded":
      return "refunded";
    default: {
      const unknownStatus: never = known;
      return unknownStatus;
    }
  }
}

/** An upstream order in the contract's words; an unknown status reads as pending. */
export function toPlatformOrder(order: TemplateOrder): PlatformOrder {
  return {
    id: order.id,
    status: toOrderStatus(order.status) ?? "pending",
    total: fromDecimal(order.total, order.currency.toUpperCase()),
    items: order.items.map((item) => ({
      productId: item.product_id,
      name: item.name,
      quantity: item.quantity,
    })),
    ...(order.checkout_url ? { checkoutUrl: order.checkout_url } : {}),
  };
}

/** Safe words for an error body; the platform's own text never leaves this function. */
export function describeError(status: number, body: unknown): DescribedError {
  const parsed = templateErrorSchema.safeParse(body);
  return { message: `the platform answered ${status}${parsed.success ? "" : " (unreadable)"}` };
}
