import { computed } from "@preact/signals-core";
import type { BuyerProblem } from "../../core/buyer-messages";
import type { Money } from "../../core/money";
import { en, type PageMessages } from "../i18n/en";
import { enCheckout } from "../i18n/en-checkout";
import { active, formatPrice } from "../i18n/locale";

/**
 * The codes a checkout never hears: it sends one line of one product, so no line repeats and no
 * second currency comes in. Should one come, the proxy's own sentence is shown.
 */
type UnsentCodes = "duplicate_line" | "other_currency";
/** A problem the checkout words itself. */
export type CheckoutProblem = Exclude<BuyerProblem, { code: UnsentCodes }>;
// Every other code the proxy may send has a sentence in the catalogue (checked at compile time).
const _everyCode: Record<`problem.${CheckoutProblem["code"]}`, unknown> = enCheckout;
void _everyCode;

/**
 * The whole catalogue in the page's language. English pages hold only the page's part of it
 * until the checkout brings its own sentences, and the merchant's wording for them.
 */
const catalogue = computed(() => {
  const { messages, reword } = active.value;
  return reword({ ...enCheckout, ...messages });
});

/** The sentences the checkout reads: the page's and its own. */
type CheckoutMessages = PageMessages & typeof enCheckout;

/** Every sentence the checkout shows a buyer, in the page's language (see `strings`). */
export const checkoutStrings = {} as CheckoutMessages;
for (const key of [...Object.keys(en), ...Object.keys(enCheckout)]) {
  Object.defineProperty(checkoutStrings, key, {
    enumerable: true,
    get: () => catalogue.value[key as keyof CheckoutMessages],
  });
}

/**
 * The sentence for a refused field, in the page's language. A code's minimum (an amount in a
 * currency) is given to it as a price written in that language, as `minimum`.
 */
export function problemSentence(problem: CheckoutProblem): string {
  const word = catalogue.value[`problem.${problem.code}`] as
    | string
    | ((values: BuyerProblem & { minimum?: string | false }) => string);
  if (typeof word === "string") return word;
  // A minimum is named where it is a whole amount in a currency code; one that is not (a foreign
  // body's), or a `minimum` a body sends itself, is not: its sentence says there is one.
  const { amount, currency } = problem as { amount?: unknown; currency?: unknown };
  return word({
    ...problem,
    minimum:
      Number.isSafeInteger(amount) &&
      /^[A-Z]{3}$/.test(currency as string) &&
      formatPrice(problem as unknown as Money),
  });
}
