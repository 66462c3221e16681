import * as z from "zod/mini";
import { maxCouponLength } from "../coupon";
import { couponReasons } from "../order-words";
import { maxLineQuantity } from "../quantity";
import { moneySchema } from "./money";

/** A code as a buyer types it: something besides spaces, and not too long. */
export const couponCodeSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(maxCouponLength), z.regex(/\S/));

export const orderItemSchema = z.strictObject({
  productId: z.string().check(z.minLength(1), z.maxLength(128)),
  variantId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  quantity: z.int().check(z.minimum(1), z.maximum(maxLineQuantity)),
});

/** `POST /api/quote` body. Strict: a `price` or `total` from the browser is refused. */
export const quoteRequestSchema = z.strictObject({
  items: z.array(orderItemSchema).check(z.minLength(1), z.maxLength(50)),
  coupon: z.optional(couponCodeSchema),
});

export const quoteLineSchema = z.strictObject({
  productId: z.string(),
  variantId: z.optional(z.string()),
  name: z.string(),
  unitPrice: moneySchema,
  quantity: z.int(),
  total: moneySchema,
});

export const quoteCouponSchema = z.strictObject({
  code: z.string(),
  valid: z.boolean(),
  reason: z.optional(z.enum(couponReasons)),
  /** With `min_order`: the subtotal the code needs. */
  minimum: z.optional(moneySchema),
});

export const quoteSchema = z.strictObject({
  lines: z.array(quoteLineSchema),
  subtotal: moneySchema,
  discount: moneySchema,
  total: moneySchema,
  coupon: z.optional(quoteCouponSchema),
});
