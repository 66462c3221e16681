// widget/i18n/: one message catalogue per locale (English inline, the others lazy chunks) and how the locale is chosen.
import type { enCheckout } from "./en-checkout";
import type { enStorefront } from "./en-storefront";
import { plural } from "./plural";

/**
 * The English catalogue's sentences for cards and buy buttons, shipped inline; the checkout's
 * and the storefront's are in their own chunks (`en-checkout.ts`, `en-storefront.ts`). Each
 * other locale is a chunk of the whole shape (`Messages`), loaded only when a page asks for it.
 * Sentences that take values are functions of named parameters, never pieces to join.
 */
export const en = {
  loading: "Loading…",
  buy: "Buy",
  soldOut: "Sold out",
  unlimited: "In stock",
  stockLeft: ({ count }: { count: number }) => plural("en", count, { other: "{count} left" }),
  variant: "Option",
  productMissing: "This product is not available.",
  loadFailed: "The shop could not be reached. Please try again later.",
  retry: "Try again",

  "failure.network": "The shop could not be reached. Check your connection and try again.",
  "failure.rate_limited": ({ wait }: { wait?: number | undefined }) =>
    `Too many attempts. Please try again ${wait ? `in ${wait} min` : "in a moment"}.`,
  "failure.upstream_unavailable":
    "The payment platform is not answering right now. Please try again in a minute.",
  "failure.not_found": "This product is no longer available.",
  "failure.bad_response":
    "The shop sent an answer the widget does not understand. Please try again later.",
  "failure.server": "Something went wrong on the shop's side. Please try again.",
};

/** The sentences a page of cards shows, before any click. */
export type PageMessages = typeof en;
/**
 * The shape every locale's catalogue has: the same keys, each a string or a sentence function.
 * English keeps the checkout's and the storefront's sentences in their chunks.
 */
export type Messages = PageMessages & typeof enCheckout & typeof enStorefront;
export type MessageKey = keyof Messages;
