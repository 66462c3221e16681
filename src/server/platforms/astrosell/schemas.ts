import { z } from "zod";
import { eachCoupon } from "../shared/coupon-list";
import { eachProduct } from "../shared/priced-products";

/*
 * AstroSell's upstream shapes, written from its API document (v1). Objects strip unknown keys,
 * so anything the document does not list (and anything secret it adds later) is dropped at the
 * first parse. The detail and warehouse reads (`GET /products/:id`, `GET /warehouses/:id`) carry
 * the real serial keys (`stockItems`, `items`); the adapter never calls them, so they have no
 * schema here on purpose.
 */

/** `type` of a product: the document lists exactly these four ("serials (default), service, file or dynamic"). */
export const astrosellProductTypes = ["serials", "service", "file", "dynamic"] as const;
export type AstrosellProductType = (typeof astrosellProductTypes)[number];

/** `visibility` of a product: "public (default), unlisted or private". */
export const astrosellVisibilities = ["public", "unlisted", "private"] as const;
export type AstrosellVisibility = (typeof astrosellVisibilities)[number];

/** One entry of `GET /products` (a bare array, newest first, every product of the shop). */
export const astrosellProductSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  slug: z.string().optional(),
  /** A decimal in the product's currency, e.g. `4.99`. */
  price: z.number().nonnegative(),
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  type: z.enum(astrosellProductTypes),
  /** For serials, the live count of the linked warehouse (shared pools count for every product). */
  stock: z.number().int().nullable().optional(),
  unlimitedStock: z.boolean().optional(),
  visibility: z.enum(astrosellVisibilities),
  salesCount: z.number().int().optional(),
  createdAt: z.string().optional(),
});
export type AstrosellProduct = z.output<typeof astrosellProductSchema>;

/** `GET /products`: the bare array, each product read on its own (one that cannot be read is left out, not the list). */
export const astrosellProductListSchema = eachProduct(astrosellProductSchema);

/**
 * Order statuses the document names ("e.g. completed, pending, processing, expired, refunded"),
 * plus the usual words for the cases an "e.g." leaves open. The field itself stays an open
 * string so a new word degrades one order read instead of failing it.
 */
export const astrosellOrderStatuses = [
  "pending",
  "processing",
  "completed",
  "expired",
  "refunded",
  "cancelled",
  "canceled",
  "failed",
] as const;
export type AstrosellOrderStatus = (typeof astrosellOrderStatuses)[number];

/** `GET /orders/:invoiceId`: one product per order, delivered items once completed. */
export const astrosellOrderSchema = z.object({
  invoiceId: z.string().min(1),
  productTitle: z.string(),
  /** Not in the document's example; read when present so order lines can name their product. */
  productId: z.string().min(1).optional(),
  /** Not in the document's example; read when present. */
  quantity: z.number().int().positive().optional(),
  total: z.number().nonnegative(),
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  status: z.string().min(1),
  gateway: z.string().optional(),
  createdAt: z.string().optional(),
  deliveredItems: z.array(z.string()).optional(),
});
export type AstrosellOrder = z.output<typeof astrosellOrderSchema>;

/**
 * The answer to `POST /orders`. The document gives no order call; by AstroSell's conventions it
 * answers with its documented order object, and a hosted payment page when it has one.
 */
export const astrosellCreatedOrderSchema = astrosellOrderSchema.extend({
  checkoutUrl: z
    .string()
    .regex(/^https?:\/\//)
    .optional(),
});
export type AstrosellCreatedOrder = z.output<typeof astrosellCreatedOrderSchema>;

/** The body of the inferred `POST /orders`, in AstroSell's camelCase naming. */
export interface AstrosellOrderBody {
  readonly productId: string;
  readonly quantity: number;
  readonly customerEmail: string;
  readonly coupon?: string;
  readonly gateway?: string;
}

/** One entry of `GET /coupons`. Only `percent` is documented; other words are read, not applied. */
export const astrosellCouponSchema = z.object({
  code: z.string().min(1),
  type: z.string().min(1),
  value: z.number().nonnegative(),
  uses: z.number().int().nonnegative().optional(),
  maxUses: z.number().int().nonnegative().nullable().optional(),
  expiresAt: z.string().nullable().optional(),
});
export type AstrosellCoupon = z.output<typeof astrosellCouponSchema>;

/**
 * `GET /coupons`: a bare array, each coupon read on its own (one that cannot be read is set
 * aside, not the list, and a buyer's code that names it is not priced).
 */
export const astrosellCouponListSchema = eachCoupon(astrosellCouponSchema);

/** Every AstroSell error: `{ "error": "<human-readable message>" }`. */
export const astrosellErrorSchema = z.object({ error: z.string() });
