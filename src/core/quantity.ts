/** What a product allows a buyer to order. `max: null` means no upper limit of its own. */
export interface QuantityRule {
  readonly min: number;
  readonly max: number | null;
}

/** Why a quantity is refused. */
export type QuantityProblem =
  | { readonly code: "not_integer" }
  | { readonly code: "below_min"; readonly limit: number }
  | { readonly code: "above_max"; readonly limit: number }
  | { readonly code: "above_stock"; readonly limit: number }
  | { readonly code: "sold_out" };

/** The largest quantity any line may ask for, whatever a product allows. */
export const maxLineQuantity = 1_000_000;

/** The most one line may take by the product's own rule: its maximum, or the line's bound. */
const mostOf = (rule: QuantityRule) => Math.min(rule.max ?? maxLineQuantity, maxLineQuantity);

/**
 * The highest quantity a buyer may order: the product's own maximum (or the line's bound, for
 * one without), capped by stock. `null` stock is unlimited.
 */
export function effectiveMax(rule: QuantityRule, stock: number | null): number {
  return Math.min(mostOf(rule), stock ?? maxLineQuantity);
}

/** Checks `quantity` against the rule and stock; `undefined` means it may be ordered. */
export function checkQuantity(
  quantity: number,
  rule: QuantityRule,
  stock: number | null,
): QuantityProblem | undefined {
  if (!Number.isSafeInteger(quantity)) return { code: "not_integer" };
  if (stock !== null && stock <= 0) return { code: "sold_out" };
  // Nought or less is below the least one may order, said as that ("The minimum is 2."), not as
  // a number of another kind.
  const least = Math.max(1, rule.min);
  if (quantity < least) return { code: "below_min", limit: least };
  if (quantity > mostOf(rule)) return { code: "above_max", limit: mostOf(rule) };
  if (stock !== null && quantity > stock) return { code: "above_stock", limit: stock };
  return undefined;
}
