import type { OrderStatus } from "../../core/order-status";
import { plural } from "./plural";

const statusNames: Record<OrderStatus, string> = {
  pending: "pending",
  awaiting_payment: "awaiting payment",
  paid: "paid",
  delivering: "delivering",
  completed: "completed",
  failed: "not paid",
  refunded: "refunded",
  expired: "expired",
  cancelled: "cancelled",
};

/** The English catalogue's sentences for the checkout: they load with the checkout's chunk. */
export const enCheckout = {
  // A page's requests never end so: their sentences come with the checkout.
  "failure.conflict": "This order changed while it was being sent. Please submit it again.",
  "failure.invalid": "Please check the highlighted fields.",
  "failure.price_changed": "The price changed. Check the new total and pay again.",
  title: "Checkout",
  close: "Close",
  quantity: "Quantity",
  decrease: "Decrease quantity",
  increase: "Increase quantity",
  email: "Email for delivery",
  required: " (required)",
  coupon: "Coupon code",
  apply: "Apply",
  remove: "Remove",
  couponApplied: ({ code }: { code: string }) => `${code} applied`,
  subtotal: "Subtotal",
  discount: "Discount",
  total: "Total",
  quoting: "Updating price…",
  paymentMethod: "Payment method",
  pay: ({ total }: { total: string }) => `Pay ${total}`,
  payPending: "Pay",
  /** The submit button of an order with nothing to pay (a coupon took the whole total). */
  getFree: "Get it free",
  submitting: "Creating your order…",
  fixErrors: "Please check the highlighted fields.",
  openPayment: "Open the payment page",
  paymentOpened:
    "Complete the payment in the new window. This window updates by itself when it is done.",
  waiting: "Waiting for payment…",
  paymentByEmail: ({ email }: { email: string }) =>
    `Your order is placed. The store emails its invoice to ${email}: pay there. This window updates by itself when the payment arrives.`,
  /** An order status's name, as `{status}` in your own wording writes it. */
  statusName: ({ status }: { status: OrderStatus }) => statusNames[status],
  status: ({ status }: { status: OrderStatus }) => `Order status: ${statusNames[status]}`,
  completed: "Thank you! Your order is complete.",
  orderNumber: ({ id }: { id: string }) => `Order number: ${id}`,
  delivered: "Your items",
  announceTotal: ({ total }: { total: string }) => `The total is ${total}.`,
  announceCoupon: ({ code, total }: { code: string; total: string }) =>
    `Code ${code} accepted. The total is ${total}.`,
  announceWaiting: "Waiting for your payment.",
  announceStatus: ({ status }: { status: OrderStatus }) => `Order update: ${statusNames[status]}.`,
  announceDone: "Your order is complete.",
  copy: "Copy",
  copied: "Copied",
  copyFailed: "Could not copy. Select it and copy it yourself.",
  orderFailed: ({ status }: { status: OrderStatus }) =>
    status === "refunded"
      ? "The order is refunded: its payment goes back to you. You can try again."
      : `The order is ${statusNames[status]}. Nothing was charged for it; you can try again.`,
  tryAgain: "Try again",
  followLost: "We lost track of your order. Reload to check its status.",

  "problem.not_integer": "Enter a whole number.",
  "problem.below_min": ({ limit }: { limit: number }) =>
    plural("en", limit, { other: "The minimum is {count}." }),
  "problem.above_max": ({ limit }: { limit: number }) =>
    plural("en", limit, { other: "The maximum is {count}." }),
  "problem.above_stock": ({ limit }: { limit: number }) =>
    plural("en", limit, { one: "Only {count} is left.", other: "Only {count} are left." }),
  "problem.sold_out": "This product is sold out.",
  "problem.unavailable": "This product cannot be bought right now.",
  "problem.required": "Please fill this in.",
  "problem.too_long": ({ limit }: { limit: number }) =>
    plural("en", limit, { other: "Use at most {count} characters." }),
  "problem.not_email": "Enter an email address, like name@example.com.",
  "problem.not_number": "Enter a number, like 12 or 3.5.",
  "problem.unknown_field": "This field is not asked for by these products.",
  "problem.unknown_product": "This product is not sold here.",
  "problem.unknown_variant": "This option does not exist for this product.",
  "problem.variant_required": "Choose an option.",
  "problem.unknown_payment_method": "This store does not offer this payment method.",
  "problem.coupon_empty": "Enter a code first.",
  "problem.coupon_not_found": "This code does not exist. Check the spelling.",
  "problem.coupon_expired": "This code has expired.",
  "problem.coupon_used_up": "This code has been used up.",
  "problem.coupon_min_order": ({ minimum }: { minimum?: string | false }) =>
    !minimum
      ? "Your order is below this code's minimum. Add more to use it."
      : `This code needs an order of at least ${minimum}. Add more to use it.`,
  "problem.coupon_not_applicable": "This code does not apply to this product.",
};
