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
type CheckoutFailures = Partial<Record<"failure.conflict" | "failure.invalid", string>>;

/**
 * The message for a failed request, from the problem type the proxy sent, in `words` (the
 * checkout's own, which tell of its failures too).
 */
export function problemMessage(
  kind: ProblemKind,
  retryAfter?: number,
  words: PageMessages & CheckoutFailures = strings,
): string {
  switch (kind) {
    case "network":
      return words["failure.network"];
    case "rate_limited":
      return words["failure.rate_limited"]({ seconds: retryAfter ?? 0 });
    case "upstream_unavailable":
      return words["failure.upstream_unavailable"];
    case "conflict":
      return words["failure.conflict"] ?? words["failure.server"];
    case "not_found":
      return words["failure.not_found"];
    case "unprocessable":
    case "invalid_request":
      return words["failure.invalid"] ?? words["failure.server"];
    case "bad_response":
      return words["failure.bad_response"];
    case "payload_too_large":
    case "unauthorized":
    case "server_error":
      return words["failure.server"];
    default: {
      const unknown: never = kind;
      return String(unknown);
    }
  }
}

/** The kinds of failure a request can end in: the proxy's problem types and two of our own. */
export type ProblemKind = ProblemType | "network" | "bad_response";
