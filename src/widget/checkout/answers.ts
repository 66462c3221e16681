import { orderStatuses } from "../../core/order-status";
import { couponReasons, deliveredItemKinds, paymentHints } from "../../core/order-words";
import type { CreatedOrder, Order, Quote, StoreInfo } from "../../core/types";
import { answer, fields, flag, list, money, oneOf, optional, text, whole } from "../shape";

/*
 * The checkout's answers from the proxy, checked field by field for what the checkout reads
 * (see `shape.ts`): a broken answer is a `bad_response` error the buyer can retry, not a crash.
 */

const status = oneOf(orderStatuses);

export const storeAnswer = answer<StoreInfo>(
  fields({
    name: text,
    currency: text,
    paymentMethods: list(fields({ id: text, label: text })),
    // Beyond the contract: a proxy that does not say offers the coupon field.
    coupons: optional(flag),
  }),
);

export const quoteAnswer = answer<Quote>(
  fields({
    lines: list(
      fields({
        productId: text,
        variantId: optional(text),
        name: text,
        unitPrice: money,
        quantity: whole,
        total: money,
      }),
    ),
    subtotal: money,
    discount: money,
    total: money,
    coupon: optional(
      fields({
        code: text,
        valid: flag,
        reason: optional(oneOf(couponReasons)),
        minimum: optional(money),
      }),
    ),
  }),
);

export const createdOrderAnswer = answer<CreatedOrder>(
  fields({
    id: text,
    token: text,
    status,
    total: money,
    checkoutUrl: optional(text),
    payment: optional(oneOf(paymentHints)),
  }),
);

export const orderAnswer = answer<Order>(
  fields({
    id: text,
    status,
    total: money,
    items: list(
      fields({ productId: text, variantId: optional(text), name: text, quantity: whole }),
    ),
    deliveredItems: optional(
      list(fields({ productId: optional(text), kind: oneOf(deliveredItemKinds), value: text })),
    ),
    deliveryMessage: optional(text),
  }),
);
