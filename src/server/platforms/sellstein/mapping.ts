import {
  type DeliveredItem,
  fromDecimal,
  isDeliveredLink,
  type OrderStatus,
  type Product,
  priceFromDecimal,
} from "../../../core";
import { isAvailable } from "../../../core/availability";
import type { CatalogProduct, PlatformOrder, PlatformOrderInput } from "../platform";
import type { DescribedError } from "../upstream/http-client";
import {
  type SellsteinOrder,
  type SellsteinOrderStatus,
  type SellsteinProduct,
  type SellsteinProductType,
  type SellsteinVariant,
  sellsteinErrorSchema,
} from "./schemas";

/**
 * SellStein's `-1` means unlimited; the contract says `null`. Any other count below zero (sold
 * past its stock) is none left, not unlimited.
 */
export function mapStock(stock: number): number | null {
  return stock === -1 ? null : Math.max(0, stock);
}

/** SellStein's four product types onto the contract's words. */
export function mapProductType(type: SellsteinProductType): Product["type"] {
  return productTypes[type];
}

const productTypes: Readonly<Record<SellsteinProductType, Product["type"]>> = {
  digital: "digital",
  physical: "physical",
  subscription: "subscription",
  service: "service",
};

/**
 * The id a variant has in the contract. The document describes variants by name, price and stock
 * only, so the name stands in for an id unless SellStein sends one.
 */
export function variantId(variant: SellsteinVariant): string {
  return variant.id ?? variant.name;
}

/**
 * A SellStein product as the proxy sees it. Built field by field from an allow-list: whatever
 * else the upstream object carries stays here.
 */
export function toCatalogProduct(product: SellsteinProduct): CatalogProduct {
  const currency = product.currency.toUpperCase();
  const stock = mapStock(product.stock);
  const variants = (product.variants ?? []).map((variant) => ({
    id: variantId(variant),
    name: variant.name,
    price: priceFromDecimal(variant.price, currency),
    stock: mapStock(variant.stock),
  }));
  const visible = product.status === "active";
  return {
    id: product.id,
    name: product.name,
    ...(product.slug ? { slug: product.slug } : {}),
    type: mapProductType(product.type),
    description: product.description ?? "",
    images: [...(product.images ?? [])],
    ...(product.category ? { category: product.category } : {}),
    price: priceFromDecimal(product.price, currency),
    variants,
    stock,
    available: isAvailable({ available: visible, stock, variants }),
    // SellStein documents no per-product quantity limits; stock caps the maximum downstream.
    quantity: { min: 1, max: null },
    customFields: [],
    visible,
  };
}

/**
 * SellStein's order statuses onto the contract's. `shipped` means paid and on its way;
 * `disputed` is a chargeback, which takes the money back like a refund, so the buyer's view ends
 * there rather than showing goods for an order whose payment is contested.
 */
export function toOrderStatus(status: SellsteinOrderStatus): OrderStatus {
  return orderStatuses[status];
}

const orderStatuses: Readonly<Record<SellsteinOrderStatus, OrderStatus>> = {
  pending: "pending",
  completed: "completed",
  shipped: "delivering",
  refunded: "refunded",
  // A chargeback opened, not money returned: paid, and its goods not shown while it is open.
  disputed: "paid",
  cancelled: "cancelled",
};

/** A delivered good's kind: a URL is a download link, anything else a key or code. */
export function deliveredKind(value: string): DeliveredItem["kind"] {
  return isDeliveredLink(value) ? "link" : "key";
}

/**
 * A SellStein order in the contract's words; customer details and notes are not copied. The
 * delivered goods are read only from a completed order: they are what the buyer paid for.
 */
export function toPlatformOrder(order: SellsteinOrder): PlatformOrder {
  const currency = order.currency.toUpperCase();
  const status = toOrderStatus(order.status);
  const delivered = status === "completed" ? (order.delivered_items ?? []) : [];
  return {
    id: order.id,
    status,
    total: fromDecimal(order.total, currency),
    items: order.items.map((item) => ({
      productId: item.product_id,
      ...(item.variant ? { variantId: item.variant } : {}),
      name: item.product_name,
      quantity: item.quantity,
    })),
    ...(order.checkout_url ? { checkoutUrl: order.checkout_url } : {}),
    ...(order.order_number === undefined ? {} : { reference: String(order.order_number) }),
    ...(delivered.length > 0
      ? {
          deliveredItems: delivered.map((item) => ({
            ...(item.product_id ? { productId: item.product_id } : {}),
            kind: deliveredKind(item.value),
            value: item.value,
          })),
        }
      : {}),
  };
}

/** The body of `POST /business/:bizId/orders`, in the SDK's `orders.create` words. */
export interface SellsteinOrderRequest {
  readonly customer_email: string;
  readonly items: readonly {
    readonly product_id: string;
    readonly quantity: number;
    readonly variant?: string;
  }[];
  readonly payment_provider?: string;
}

/**
 * The order call's body. The document's SDK shows `customer_email` and `items[{product_id,
 * quantity}]`; a variant travels as `variant` (the variant's id, or its name where SellStein
 * gives none). No price is sent: SellStein prices its own orders.
 */
export function toOrderRequest(input: PlatformOrderInput): SellsteinOrderRequest {
  return {
    customer_email: input.email,
    items: input.items.map((item) => ({
      product_id: item.productId,
      quantity: item.quantity,
      ...(item.variantId ? { variant: item.variantId } : {}),
    })),
    ...(input.paymentMethod ? { payment_provider: input.paymentMethod } : {}),
  };
}

const codeMessages: Readonly<Record<string, string>> = {
  VALIDATION_ERROR: "SellStein refused the request as invalid",
  UNAUTHORIZED: "SellStein refused the proxy's key",
  FORBIDDEN: "SellStein refused the proxy's key",
  NOT_FOUND: "SellStein has no such resource",
  RATE_LIMITED: "SellStein is rate limiting the proxy",
  INTERNAL_ERROR: "SellStein had an internal error",
};

/**
 * An upstream field name from `details[].field` as a contract field path, or `undefined` when it
 * names nothing the buyer sent. Accepts `items[0].quantity` and `items.0.quantity`.
 */
export function toContractField(field: string): string | undefined {
  const path = field.replace(/\[(\d+)\]/g, ".$1");
  if (path === "customer_email") return "email";
  if (path === "items") return "items";
  const match = /^items\.(\d+)\.(product_id|quantity|variant)$/.exec(path);
  if (!match) return undefined;
  const [, index, name] = match;
  const contractName =
    name === "product_id" ? "productId" : name === "variant" ? "variantId" : name;
  return `items.${index}.${contractName}`;
}

/**
 * Reads SellStein's error body into safe words: a message chosen by its `code`, and the fields it
 * names mapped to contract paths. The upstream `message` and `issue` texts are never copied.
 */
export function describeError(status: number, body: unknown): DescribedError {
  const parsed = sellsteinErrorSchema.safeParse(body);
  if (!parsed.success) return { message: `SellStein answered ${status}` };
  const { code, details } = parsed.data.error;
  const message = codeMessages[code] ?? `SellStein answered ${status}`;
  const fields: Record<string, string> = {};
  for (const detail of details ?? []) {
    const path = toContractField(detail.field);
    if (path) fields[path] = "SellStein refused this value";
  }
  return Object.keys(fields).length > 0 ? { message, fields } : { message };
}
