import { z } from "zod";
import { eachCoupon } from "../shared/coupon-list";
import { eachProduct } from "../shared/priced-products";

/**
 * Sellvy's upstream shapes, written from its API document. `z.object` strips every key not named
 * here, so fields the contract has no use for (`file_url`, payment details, fraud score, customer
 * data) are dropped at the door and never reach a mapping, a response or a log line.
 */

/** A price as Sellvy writes it: a JSON number (`29.99`), or the same as text. */
export const decimalSchema = z.union([
  z.number(),
  z.string().regex(/^-?\d+(\.\d+)?$/, "a decimal"),
]);

/** `meta` of every list: `{ page, per_page, total }`. */
export const metaSchema = z.object({
  page: z.number().int().min(1),
  per_page: z.number().int().min(1),
  total: z.number().int().min(0),
});

/** The list envelope: `{ data: [...], meta: { page, per_page, total } }`. */
export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), meta: metaSchema });
}

/** The single-resource envelope: `{ data: {...} }`. */
export function itemSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: item });
}

/** Stock count: the document names it without a shape; `null` or `-1` mean unlimited. */
const stockSchema = z.number().int().nullable();

/**
 * A variant. The document says products carry "variant information" without its fields; Sellvy
 * names things `title` elsewhere, so `title` is expected and `name` accepted.
 */
export const sellvyVariantSchema = z
  .object({
    id: z.union([z.string().min(1), z.number().int()]).transform(String),
    title: z.string().optional(),
    name: z.string().optional(),
    price: decimalSchema,
    stock: stockSchema.optional(),
  })
  .refine((variant) => variant.title !== undefined || variant.name !== undefined, {
    message: "a variant needs a title",
  });

/** A category as `GET /categories` lists it and `GET /products/:id` embeds it. */
export const sellvyCategorySchema = z.object({
  id: z.string().min(1),
  name: z.string(),
});

/**
 * A product (`GET /products`, `GET /products/:id`). `stock`, `variants` and `category` are
 * documented only for the single-product read, so they are optional here.
 */
export const sellvyProductSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  type: z.string(),
  price: decimalSchema,
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  description: z.string().nullable().optional(),
  category_id: z.string().nullable().optional(),
  category: sellvyCategorySchema.nullable().optional(),
  is_visible: z.boolean(),
  images: z.array(z.string()).nullable().optional(),
  stock: stockSchema.optional(),
  variants: z.array(sellvyVariantSchema).nullable().optional(),
});

/**
 * `GET /products`: the list envelope, each product read on its own (one that cannot be read is
 * left out, not the page).
 */
export const sellvyProductListSchema = z.object({
  data: eachProduct(sellvyProductSchema),
  meta: metaSchema,
});

/** Coupon kinds. The document shows `percentage`; `fixed` is its only sensible counterpart. */
export const sellvyCouponTypes = ["percentage", "fixed"] as const;
export type SellvyCouponType = (typeof sellvyCouponTypes)[number];

/** A coupon from `GET /coupons`, with the fields `POST /coupons` documents. */
export const sellvyCouponSchema = z.object({
  code: z.string().min(1),
  // Any word: a kind the adapter does not know makes that one code not applicable, and must not
  // make the whole list (so every quote with a code) unreadable.
  type: z.string(),
  value: decimalSchema,
  max_uses: z.number().int().nullable().optional(),
  /** Redemptions so far; not in the document's create body, read when the list carries it. */
  uses: z.number().int().min(0).optional(),
  expires_at: z.string().nullable().optional(),
  min_order_amount: decimalSchema.nullable().optional(),
  applies_to_products: z.array(z.string()).nullable().optional(),
});

/**
 * A page of `GET /coupons`: the list envelope, each coupon read on its own (one that cannot be
 * read is set aside, not the list, and a buyer's code that names it is not priced).
 */
export const sellvyCouponListSchema = z.object({
  data: eachCoupon(sellvyCouponSchema),
  meta: metaSchema,
});

/** `status` filter values of `GET /orders`. */
export const sellvyOrderStatuses = [
  "pending",
  "processing",
  "completed",
  "cancelled",
  "refunded",
] as const;

/** `payment_status` filter values of `GET /orders`. */
export const sellvyPaymentStatuses = ["pending", "paid", "failed", "refunded"] as const;

export type SellvyOrderStatus = (typeof sellvyOrderStatuses)[number];
export type SellvyPaymentStatus = (typeof sellvyPaymentStatuses)[number];

/** Kinds of delivered goods; the document names "delivery status" without a shape. */
export const sellvyDeliveredTypes = ["serial", "file", "text"] as const;

/**
 * An order (`GET /orders/:id`, and the inferred `POST /orders`). The documented object (webhook
 * payload) has one `product`; `items` and `quantity` are read when present so multi-line orders
 * keep their lines.
 */
export const sellvyOrderSchema = z.object({
  id: z.string().min(1),
  order_number: z.string().optional(),
  status: z.enum(sellvyOrderStatuses),
  payment_status: z.enum(sellvyPaymentStatuses).optional(),
  total: decimalSchema,
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  product: z
    .object({ id: z.string().min(1), title: z.string() })
    .nullable()
    .optional(),
  quantity: z.number().int().min(1).optional(),
  items: z
    .array(
      z.object({
        product_id: z.string().min(1),
        variant_id: z.string().min(1).nullable().optional(),
        title: z.string(),
        quantity: z.number().int().min(1),
      }),
    )
    .optional(),
  checkout_url: z.url().nullable().optional(),
  delivered_items: z
    .array(
      z.object({
        product_id: z.string().optional(),
        type: z.enum(sellvyDeliveredTypes),
        value: z.string(),
      }),
    )
    .nullable()
    .optional(),
  delivery_message: z.string().nullable().optional(),
});

/** An order as `GET /orders` lists it: who bought and when, checked by the proxy itself. */
export const sellvyListedOrderSchema = sellvyOrderSchema.extend({
  customer_email: z.string(),
  created_at: z.string(),
});
export type SellvyListedOrder = z.output<typeof sellvyListedOrderSchema>;

/** Sellvy's error body: `{ error: { code, message, status } }`. */
export const sellvyErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().optional(),
    status: z.number().int().optional(),
  }),
});

/** The webhook payload every event shares: `{ id, type, created_at, data }`. */
export const sellvyWebhookSchema = z.object({
  id: z.string(),
  type: z.string(),
  created_at: z.string().optional(),
  data: z
    .object({
      id: z.string().optional(),
      order_id: z.string().optional(),
    })
    .nullable()
    .optional(),
});

export type SellvyProduct = z.output<typeof sellvyProductSchema>;
export type SellvyVariant = z.output<typeof sellvyVariantSchema>;
export type SellvyCoupon = z.output<typeof sellvyCouponSchema>;
export type SellvyOrder = z.output<typeof sellvyOrderSchema>;
export type SellvyCategory = z.output<typeof sellvyCategorySchema>;
