import * as z from "zod/mini";
import { emailPattern, maxEmailLength } from "../custom-fields";
import { orderStatuses } from "../order-status";
import { deliveredItemKinds, paymentHints } from "../order-words";
import { moneySchema } from "./money";
import { couponCodeSchema, orderItemSchema } from "./quote";

/** The longest answer a custom field takes, whatever a product's field says. */
export const maxFieldAnswerLength = 5000;

export const idempotencyKeySchema = z.string().check(z.regex(/^[\x21-\x7e]{8,255}$/));

/** `POST /api/orders` body. */
export const orderRequestSchema = z.strictObject({
  items: z.array(orderItemSchema).check(z.minLength(1), z.maxLength(50)),
  coupon: z.optional(couponCodeSchema),
  email: z.email({ pattern: emailPattern }).check(z.maxLength(maxEmailLength)),
  fields: z.optional(
    z.record(
      z.string().check(z.maxLength(64)),
      z.string().check(z.maxLength(maxFieldAnswerLength)),
    ),
  ),
  paymentMethod: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /**
   * The total the buyer was shown. It is not a price: the proxy prices the order itself, and
   * refuses it (409 `price_changed`, nothing created) when its total is not this one.
   */
  total: z.optional(moneySchema),
});

/** `POST /api/orders` answer: a `checkoutUrl` (always http(s)) or, without one, a `payment` hint. */
export const createdOrderSchema = z.strictObject({
  id: z.string(),
  token: z.string(),
  status: z.enum(orderStatuses),
  total: moneySchema,
  checkoutUrl: z.optional(z.string()),
  payment: z.optional(z.enum(paymentHints)),
});

export const orderLineSchema = z.strictObject({
  productId: z.string(),
  variantId: z.optional(z.string()),
  name: z.string(),
  quantity: z.int(),
});

export const deliveredItemSchema = z.strictObject({
  productId: z.optional(z.string()),
  kind: z.enum(deliveredItemKinds),
  value: z.string(),
});

export const orderSchema = z.strictObject({
  id: z.string(),
  status: z.enum(orderStatuses),
  total: moneySchema,
  items: z.array(orderLineSchema),
  deliveredItems: z.optional(z.array(deliveredItemSchema)),
  deliveryMessage: z.optional(z.string()),
});
