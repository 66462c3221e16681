import { z } from "zod";
import { money, type OrderStatus, type Product } from "../../../core";
import { inStock } from "../../../core/availability";
import type { CatalogProduct, PlatformOrder } from "../platform";
import type { DescribedError } from "../upstream/http-client";
import {
  type SxOrder,
  type SxOrderStatus,
  type SxProblemType,
  type SxProduct,
  type SxProductType,
  sxOrderStatuses,
  sxProblemSchema,
  sxProblemTypes,
} from "./schemas";

/** The platform's product kinds in the contract's words. */
export function mapProductType(type: SxProductType): Product["type"] {
  return productTypes[type];
}

const productTypes: Readonly<Record<SxProductType, Product["type"]>> = {
  license_key: "license_key",
  account: "account",
  file_download: "download",
  dynamic: "dynamic",
  physical: "physical",
  subscription: "subscription",
};

/**
 * An upstream product as the proxy may show it. Built field by field from an allow-list: whatever
 * else the platform sends (stock pools, delivery settings, timestamps) never gets past here.
 */
export function toCatalogProduct(product: SxProduct): CatalogProduct {
  const visible = product.status === "active";
  // `price_cents` is documented as the smallest unit of `currency`, so it is the amount as is.
  const price = money(product.price_cents, product.currency);
  return {
    id: product.id,
    name: product.name,
    ...(product.slug ? { slug: product.slug } : {}),
    type: mapProductType(product.type),
    description: product.description ?? "",
    images: [],
    price,
    // The document shows no variants: a product is one price.
    variants: [],
    stock: product.stock,
    available: visible && inStock(product.stock),
    // The document has no per-product quantity limits; stock still caps the maximum.
    quantity: { min: 1, max: null },
    customFields: [],
    visible,
  };
}

/** An `sx` order status in the contract's words; `undefined` for a word the document lacks. */
export function toOrderStatus(status: string): OrderStatus | undefined {
  const known = sxOrderStatuses.find((candidate) => candidate === status);
  return known && statusOf(known);
}

/** The document's order statuses are the contract's own words; the table keeps it that way. */
function statusOf(status: SxOrderStatus): OrderStatus {
  return orderStatuses[status];
}

const orderStatuses: Readonly<Record<SxOrderStatus, OrderStatus>> = {
  pending: "pending",
  awaiting_payment: "awaiting_payment",
  paid: "paid",
  delivering: "delivering",
  completed: "completed",
  failed: "failed",
  refunded: "refunded",
};

/** The product ids of an order's lines, as the proxy sent them, in order. */
export type KnownLines = readonly { readonly productId: string }[];

/** `KnownLines` as read back from the store, which other instances write too. */
export const knownLinesSchema: z.ZodType<KnownLines> = z.array(z.object({ productId: z.string() }));

/**
 * An upstream order in the contract's words. The document's order lines name the product by its
 * display name only, so line ids come from `product_id` when the platform sends one, else from the
 * lines the proxy itself sent when it created the order. Payment details (chain, wallet,
 * transaction hash) and the customer's email are not copied.
 */
export function toPlatformOrder(order: SxOrder, knownLines?: KnownLines): PlatformOrder {
  const items = (order.items ?? []).map((item, index) => ({
    productId: item.product_id ?? knownLines?.[index]?.productId ?? "",
    name: item.product,
    quantity: item.qty,
  }));
  const delivered = order.delivery?.state === "delivered";
  return {
    id: order.id,
    status: delivered ? deliveredStatus(order.status) : statusOf(order.status),
    total: money(order.total_cents, order.currency),
    items,
    ...(order.checkout_url ? { checkoutUrl: order.checkout_url } : {}),
    // The order object never carries the goods: the platform sends them to the buyer's email
    // (its resend-delivery call answers with that recipient), so the buyer is told where to look.
    ...(delivered ? { deliveryMessage: deliveredByEmail } : {}),
  };
}

/**
 * The status of an order whose goods went out. The document's own example is `status: "paid"`
 * with `delivery.state: "delivered"`: paid and delivered is done, so the buyer's view ends there.
 * A refund or failure still says so.
 */
function deliveredStatus(status: SxOrderStatus): OrderStatus {
  return status === "paid" || status === "delivering" ? "completed" : statusOf(status);
}

/** What a delivered order tells the buyer, since the goods themselves go out by email. */
export const deliveredByEmail = "Your order has been delivered to the email address you gave.";

/** The slug of an RFC 7807 `type`, which may be a bare slug or a URL ending in one. */
export function problemSlug(type: string): SxProblemType | undefined {
  const slug = type.split(/[/#]/).pop()?.trim().toLowerCase() ?? "";
  return (sxProblemTypes as readonly string[]).includes(slug) ? (slug as SxProblemType) : undefined;
}

const slugMessages: Readonly<Record<SxProblemType, string>> = {
  invalid_request: "sx refused the request as invalid",
  unauthenticated: "sx refused the proxy's key",
  forbidden_scope: "the proxy's sx key lacks an ability this call needs",
  not_found: "sx has no such resource",
  conflict: "sx already used this order attempt for a different order",
  unprocessable: "sx refused the order's details",
  rate_limited: "sx is rate limiting the proxy",
  server_error: "sx had an internal error",
};

/** Fixed words per contract field, so no upstream text reaches a buyer. */
const fieldMessages = {
  email: "is not accepted by the store",
  productId: "is not available",
  quantity: "is not available in this quantity",
  items: "are not accepted by the store",
} as const;

/** An upstream field name (`customer_email`, `items.0.qty`, `items[0].product_id`) as a contract path. */
export function contractFieldPath(field: string): string | undefined {
  const path = field.replace(/\[(\d+)\]/g, ".$1").replace(/^\.+/, "");
  if (path === "customer_email" || path === "email") return "email";
  if (path === "items") return "items";
  const line = /^items\.(\d{1,2})\.(\w+)$/.exec(path);
  if (!line) return undefined;
  const [, index, name] = line;
  if (name === "qty" || name === "quantity") return `items.${index}.quantity`;
  if (name === "product_id" || name === "product") return `items.${index}.productId`;
  return undefined;
}

function fieldMessage(path: string): string {
  if (path === "email") return fieldMessages.email;
  if (path === "items") return fieldMessages.items;
  return path.endsWith(".quantity") ? fieldMessages.quantity : fieldMessages.productId;
}

/**
 * Reads an RFC 7807 body into safe words: the message is chosen by the type slug (or the status
 * when the slug is unknown), and the per-field `errors` map keeps only keys that name a contract
 * field, each with a fixed message. Nothing the platform wrote is passed on.
 */
export function describeError(status: number, body: unknown): DescribedError {
  const parsed = sxProblemSchema.safeParse(body);
  const slug =
    (parsed.success ? problemSlug(parsed.data.type) : undefined) ?? slugForStatus(status);
  const fields: Record<string, string> = {};
  if (parsed.success && parsed.data.errors) {
    for (const key of Object.keys(parsed.data.errors)) {
      const path = contractFieldPath(key);
      if (path) fields[path] = fieldMessage(path);
    }
  }
  return {
    ...(slug ? { message: slugMessages[slug] } : {}),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}

function slugForStatus(status: number): SxProblemType | undefined {
  if (status === 400) return "invalid_request";
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden_scope";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 422) return "unprocessable";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  return undefined;
}

/** The `trace_id` of a `server_error`, when it looks like an id: useful to support, never secret. */
export function problemTraceId(body: unknown): string | undefined {
  const parsed = sxProblemSchema.safeParse(body);
  const traceId = parsed.success ? parsed.data.trace_id : undefined;
  return traceId && /^[\w.:-]{1,100}$/.test(traceId) ? traceId : undefined;
}
