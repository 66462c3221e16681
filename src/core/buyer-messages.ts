import type { CouponReason } from "./coupon";
import { formatMoney, type Money } from "./money";
import type { QuantityProblem } from "./quantity";

/**
 * Why something a buyer asked for cannot be had, as data: a code from the one catalogue below
 * and the values its sentence needs. The proxy sends these as a problem's `codes`, and words
 * them in English for its `errors` map; the widget words them itself, so a future locale needs
 * only a catalogue of its own.
 */
export type BuyerProblem =
  | QuantityProblem
  | { readonly code: "unavailable" }
  | { readonly code: "required" }
  | { readonly code: "too_long"; readonly limit: number }
  | { readonly code: "not_email" }
  | { readonly code: "not_number" }
  | { readonly code: "unknown_field" }
  | { readonly code: "unknown_product" }
  | { readonly code: "unknown_variant" }
  | { readonly code: "variant_required" }
  | { readonly code: "duplicate_line" }
  | { readonly code: "other_currency"; readonly currency: string }
  | { readonly code: "unknown_payment_method" }
  | { readonly code: "coupon_empty" }
  | { readonly code: "coupon_not_found" }
  | { readonly code: "coupon_expired" }
  | { readonly code: "coupon_used_up" }
  | { readonly code: "coupon_min_order"; readonly amount?: number; readonly currency?: string }
  | { readonly code: "coupon_not_applicable" };

export type BuyerProblemCode = BuyerProblem["code"];

/** One sentence per code, taking the problem's own values. */
export type MessageCatalogue = {
  readonly [Code in BuyerProblemCode]: (problem: Extract<BuyerProblem, { code: Code }>) => string;
};

/** The English catalogue: every buyer-facing sentence about a refused field. */
export const englishMessages: MessageCatalogue = {
  not_integer: () => "Enter a whole number.",
  below_min: ({ limit }) => `The minimum is ${limit}.`,
  above_max: ({ limit }) => `The maximum is ${limit}.`,
  above_stock: ({ limit }) => (limit === 1 ? "Only 1 is left." : `Only ${limit} are left.`),
  sold_out: () => "This product is sold out.",
  unavailable: () => "This product cannot be bought right now.",
  required: () => "Please fill this in.",
  too_long: ({ limit }) => `Use at most ${limit} characters.`,
  not_email: () => "Enter an email address, like name@example.com.",
  not_number: () => "Enter a number, like 12 or 3.5.",
  unknown_field: () => "This field is not asked for by these products.",
  unknown_product: () => "This product is not sold here.",
  unknown_variant: () => "This option does not exist for this product.",
  variant_required: () => "Choose an option.",
  duplicate_line: () => "This product appears twice; send one line with the total quantity.",
  other_currency: ({ currency }) =>
    `This product is priced in ${currency}; one order takes one currency.`,
  unknown_payment_method: () => "This store does not offer this payment method.",
  coupon_empty: () => "Enter a code first.",
  coupon_not_found: () => "This code does not exist. Check the spelling.",
  coupon_expired: () => "This code has expired.",
  coupon_used_up: () => "This code has been used up.",
  coupon_min_order: ({ amount, currency }) =>
    amount === undefined || currency === undefined
      ? "Your order is below this code's minimum. Add more to use it."
      : `This code needs an order of at least ${formatMoney({ amount, currency }, "en")}. Add more to use it.`,
  coupon_not_applicable: () => "This code does not apply to this product.",
};

/** The sentence for `problem` from `catalogue` (English by default). */
export function describeProblem(
  problem: BuyerProblem,
  catalogue: MessageCatalogue = englishMessages,
): string {
  const word = catalogue[problem.code] as (problem: BuyerProblem) => string;
  return word(problem);
}

/** A problem as a problem body's `codes` carry it: `{ code, params? }`. */
export interface ProblemCode {
  readonly code: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** The wire form of a problem. */
export function toProblemCode(problem: BuyerProblem): ProblemCode {
  const { code, ...params } = problem;
  return Object.keys(params).length > 0 ? { code, params } : { code };
}

/**
 * A problem read back from a body's `codes`, or `undefined` when the code is not one that
 * `knows` (the reader's catalogue has a sentence for it) or a value its sentence needs is missing
 * (a newer proxy, a foreign body). The reader names its own catalogue: the widget's holds every
 * code (checked at compile time), so it does not load the English one above as well.
 */
export function fromProblemCode(
  value: unknown,
  knows: (code: string) => boolean,
): BuyerProblem | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { code, params } = value as { code?: unknown; params?: unknown };
  if (typeof code !== "string" || !knows(code)) return undefined;
  const values = typeof params === "object" && params !== null ? params : {};
  // (A minimum's amount and currency are checked where they are written in the buyer's words.)
  const problem = { ...values, code } as BuyerProblem;
  if ("limit" in problem && !Number.isSafeInteger(problem.limit)) return undefined;
  if (needsLimit.has(problem.code) && !("limit" in problem)) return undefined;
  if (problem.code === "other_currency" && typeof problem.currency !== "string") return undefined;
  return problem;
}

const needsLimit: ReadonlySet<string> = new Set([
  "below_min",
  "above_max",
  "above_stock",
  "too_long",
]);

/**
 * A quote's coupon reason as a problem of the `coupon` field, with the minimum it names (a quote
 * gives one with `min_order` alone).
 */
export function couponProblem(
  reason: CouponReason,
  minimum?: Money,
): Extract<BuyerProblem, { code: `coupon_${CouponReason}` }> {
  return { code: `coupon_${reason}`, ...minimum } as Extract<
    BuyerProblem,
    { code: `coupon_${CouponReason}` }
  >;
}
