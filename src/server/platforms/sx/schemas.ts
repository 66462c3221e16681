import { z } from "zod";
import { eachProduct } from "../shared/priced-products";

/**
 * The `sx_` platform's upstream shapes, written from its API document. Objects are not strict
 * (a new field is harmless and is dropped here), but every field the adapter reads is checked, so a
 * renamed or retyped field fails in this one place instead of deep inside a mapping.
 */

/** Product kinds the document lists for `type` ("decides which delivery strategy fires on payment"). */
export const sxProductTypes = [
  "license_key",
  "account",
  "file_download",
  "dynamic",
  "physical",
  "subscription",
] as const;

/** Product lifecycle statuses; only `active` products are shown to buyers. */
export const sxProductStatuses = ["active", "archived", "draft"] as const;

/** Order statuses, as the document's order filter lists them. */
export const sxOrderStatuses = [
  "pending",
  "awaiting_payment",
  "paid",
  "delivering",
  "completed",
  "failed",
  "refunded",
] as const;

export type SxProductType = (typeof sxProductTypes)[number];
export type SxOrderStatus = (typeof sxOrderStatuses)[number];

const currency = z.string().regex(/^[A-Za-z]{3}$/);
/** "Price in the smallest unit of `currency`": already minor units, never a decimal. */
const cents = z.number().int().nonnegative();

/** A product as the list and the single-product call return it (the list omits some fields). */
export const sxProductSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  slug: z.string().optional(),
  type: z.enum(sxProductTypes),
  price_cents: cents,
  currency,
  /** `null` = unlimited / pool-driven. */
  stock: z.number().int().nonnegative().nullable(),
  status: z.enum(sxProductStatuses),
  /** Markdown; accepted on create/update, so a read may carry it. */
  description: z.string().nullable().optional(),
});

export type SxProduct = z.infer<typeof sxProductSchema>;

/**
 * `{ object: "list", has_more, next_cursor, data }`, paged with `limit` and an opaque `cursor`;
 * `data` is the schema of the array.
 */
export function sxListSchema<T extends z.ZodType>(data: T) {
  return z.object({
    object: z.literal("list"),
    has_more: z.boolean(),
    // Some of the document's list examples leave it out when there is no next page.
    next_cursor: z.string().min(1).nullable().optional(),
    data,
  });
}

/** The product list, each product read on its own (one that cannot be read is left out, not the page). */
export const sxProductListSchema = sxListSchema(eachProduct(sxProductSchema));

/** A page of products as the adapter serves it: the products that could be read. */
export type SxProductList = Omit<z.output<typeof sxProductListSchema>, "data"> & {
  readonly data: SxProduct[];
};

/** One line of an order: the document names the product by its display name. */
export const sxOrderItemSchema = z.object({
  product: z.string(),
  /** Not in the document's example; read when the platform sends it. */
  product_id: z.string().min(1).optional(),
  qty: z.number().int().positive(),
  subtotal_cents: cents.optional(),
});

export const sxOrderSchema = z.object({
  id: z.string().min(1),
  status: z.enum(sxOrderStatuses),
  total_cents: cents,
  currency,
  paid_at: z.string().nullable().optional(),
  items: z.array(sxOrderItemSchema).optional(),
  delivery: z
    .object({
      kind: z.string().optional(),
      state: z.string().optional(),
      delivered_at: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  /** Where the buyer pays; the document shows no payment link, so it is optional. */
  checkout_url: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
});

export type SxOrder = z.infer<typeof sxOrderSchema>;

/** The body of `POST /orders` (inferred: the document has no order-creation call). */
export interface SxCreateOrderBody {
  readonly customer_email: string;
  readonly items: readonly { readonly product_id: string; readonly qty: number }[];
}

/** RFC 7807 error body: `type` is a slug (or a URL ending in one), `errors` a per-field map. */
export const sxProblemSchema = z.object({
  type: z.string(),
  title: z.string().optional(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
  errors: z.record(z.string(), z.unknown()).optional(),
  trace_id: z.string().optional(),
});

/** The type slugs the document lists; anything else is treated by HTTP status alone. */
export const sxProblemTypes = [
  "invalid_request",
  "unauthenticated",
  "forbidden_scope",
  "not_found",
  "conflict",
  "unprocessable",
  "rate_limited",
  "server_error",
] as const;

export type SxProblemType = (typeof sxProblemTypes)[number];

/**
 * A webhook payload in the Standard Webhooks envelope (`{ type, timestamp, data }`); the document
 * lists the event names (`order.paid`, `order.refunded`, `order.delivered`, `order.failed`, …) but
 * not the body, so only what the adapter needs is required.
 */
export const sxWebhookPayloadSchema = z.object({
  type: z.string().min(1).max(100),
  data: z
    .object({
      id: z.string().min(1).max(100).optional(),
      object: z.string().optional(),
      status: z.string().optional(),
    })
    .optional(),
});
