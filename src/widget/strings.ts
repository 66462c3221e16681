import type { ProblemType } from "../core/problem-types";
import { en, type PageMessages } from "./i18n/en";
import { active } from "./i18n/locale";

/**
 * Every sentence a page shows a buyer before the checkout, in the page's language: a live view
 * of the active catalogue (`i18n/`), so `strings.buy` is "Kaufen" on a German page and a
 * component that reads it re-renders when the locale's chunk arrives. Sentences that take values
 * are functions of named parameters (`strings.stockLeft({ count: 2 })`). The checkout has its
 * own view, with its own sentences (`checkout/checkout-strings.ts`).
 */
export const strings = {} as PageMessages;
for (const key of Object.keys(en)) {
  Object.defineProperty(strings, key, {
    enumerable: true,
    get: () => active.value.messages[key as keyof PageMessages],
  });
}

/** A product badge's slug as the merchant wrote it (`best_seller` → "best seller"). */
export function badgeText(slug: string): string {
  return slug.replace(/_/g, " ");
}

/** The checkout's failures, which a page's own requests never end in. */
type CheckoutFailures = Partial<
  Record<"failure.conflict" | "failure.invalid" | "failure.price_changed", string>
>;

/**
 * Failures told by another kind's message (`failure.<kind>` tells of the rest). A kind with no
 * message in the words at hand (the page's have none for the checkout's `conflict`; none has one
 * for `server_error`, `unauthorized` or `payload_too_large`) gets `failure.server`'s.
 */
const toldAs: Partial<Record<ProblemKind, string>> = {
  unprocessable: "invalid",
  invalid_request: "invalid",
};

/**
 * The message for a failed request, from the problem type the proxy sent, in `words` (the
 * checkout's own, which tell of its failures too); `wait` is in how many minutes a limit lifts,
 * where the checkout knows it: the page's own requests, which it retries for the buyer, say "in a
 * moment".
 */
export function problemMessage(
  kind: ProblemKind,
  words: PageMessages & CheckoutFailures = strings,
  wait?: number | undefined,
): string {
  const told = (words as unknown as Record<string, PageMessages["failure.rate_limited"] | string>)[
    `failure.${toldAs[kind] ?? kind}`
  ];
  return typeof told === "function" ? told({ wait }) : (told ?? words["failure.server"]);
}

/** The kinds of failure a request can end in: the proxy's problem types and two of our own. */
export type ProblemKind = ProblemType | "network" | "bad_response";
