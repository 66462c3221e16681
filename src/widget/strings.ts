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

/** The message for a failed request, from the problem type the proxy sent. */
export function problemMessage(kind: ProblemKind, retryAfter?: number): string {
  switch (kind) {
    case "network":
      return strings["failure.network"];
    case "rate_limited":
      return strings["failure.rate_limited"]({ seconds: retryAfter ?? 0 });
    case "upstream_unavailable":
      return strings["failure.upstream_unavailable"];
    case "conflict":
      return strings["failure.conflict"];
    case "not_found":
      return strings["failure.not_found"];
    case "unprocessable":
    case "invalid_request":
      return strings["failure.invalid"];
    case "bad_response":
      return strings["failure.bad_response"];
    case "payload_too_large":
    case "unauthorized":
    case "server_error":
      return strings["failure.server"];
    default: {
      const unknown: never = kind;
      return String(unknown);
    }
  }
}

/** The kinds of failure a request can end in: the proxy's problem types and two of our own. */
export type ProblemKind = ProblemType | "network" | "bad_response";
