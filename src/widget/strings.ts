import type { ProblemType } from "../core/problem-types";

/**
 * Every sentence the widget shows a buyer lives here, so the copy can be reviewed (and one day
 * translated) in one place. Functions take the numbers a sentence needs. Why a field was refused
 * is worded from the buyer-message catalogue in core instead (see `checkout/field-messages.ts`),
 * the same codes the proxy sends.
 */
export const strings = {
  loading: "Loading…",
  buy: "Buy",
  buyNow: "Buy now",
  soldOut: "Sold out",
  unlimited: "In stock",
  stockLeft: (count: number) => (count === 1 ? "1 left" : `${count} left`),
  variant: "Option",
  productMissing: "This product is not available.",
  loadFailed: "The shop could not be reached. Please try again later.",
  retry: "Try again",
  search: "Search products",
  noResults: "No products match your search.",
  previous: "Previous",
  next: "Next",
  pageOf: (page: number, count: number) => `Page ${page} of ${count}`,
  badge: (slug: string) => slug.replace(/_/g, " "),
} as const;

/** Strings of the checkout, loaded with it. */
export const checkoutStrings = {
  title: "Checkout",
  close: "Close",
  quantity: "Quantity",
  variant: "Option",
  decrease: "Decrease quantity",
  increase: "Increase quantity",
  email: "Email for delivery",
  required: "required",
  coupon: "Coupon code",
  apply: "Apply",
  remove: "Remove",
  couponApplied: (code: string) => `${code} applied`,
  subtotal: "Subtotal",
  discount: "Discount",
  total: "Total",
  quoting: "Updating price…",
  paymentMethod: "Payment method",
  pay: (total: string) => `Pay ${total}`,
  payPending: "Pay",
  submitting: "Creating your order…",
  fixErrors: "Please check the highlighted fields.",
  openPayment: "Open the payment page",
  paymentOpened:
    "Complete the payment in the new window. This window updates by itself when it is done.",
  waiting: "Waiting for payment…",
  paymentByEmail: (email: string) =>
    `Your order is placed. The store emails its invoice to ${email}: pay there. This window updates by itself when the payment arrives.`,
  status: (status: string) => `Order status: ${status.replace(/_/g, " ")}`,
  completed: "Thank you! Your order is complete.",
  delivered: "Your items",
  copy: "Copy",
  copied: "Copied",
  orderFailed: (status: string) =>
    `The order was ${status === "failed" ? "not paid" : status.replace(/_/g, " ")}. Nothing was charged for it; you can try again.`,
  tryAgain: "Try again",
  followLost: "We lost track of your order. Reload to check its status.",
} as const;

/** The message for a failed request, from the problem type the proxy sent. */
export function problemMessage(kind: ProblemKind, retryAfter?: number): string {
  switch (kind) {
    case "network":
      return "The shop could not be reached. Check your connection and try again.";
    case "rate_limited":
      return retryAfter
        ? `Too many attempts. Please try again in ${retryAfter} seconds.`
        : "Too many attempts. Please try again in a moment.";
    case "upstream_unavailable":
      return "The payment platform is not answering right now. Please try again in a minute.";
    case "conflict":
      return "This order changed while it was being sent. Please submit it again.";
    case "not_found":
      return "This product is no longer available.";
    case "unprocessable":
    case "invalid_request":
      return "Please check the highlighted fields.";
    case "bad_response":
      return "The shop sent an answer the widget does not understand. Please try again later.";
    case "payload_too_large":
    case "unauthorized":
    case "server_error":
      return "Something went wrong on the shop's side. Please try again.";
    default: {
      const unknown: never = kind;
      return String(unknown);
    }
  }
}

/** The kinds of failure a request can end in: the proxy's problem types and two of our own. */
export type ProblemKind = ProblemType | "network" | "bad_response";
