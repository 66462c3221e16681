import { inStock, isAvailable, type StockedProduct, stockFor } from "./availability";
import { checkQuantity, type QuantityProblem, type QuantityRule } from "./quantity";

/** Why a line cannot be ordered: a quantity problem, or the product is not on offer. */
export type LineProblem = QuantityProblem | { readonly code: "unavailable" };

/**
 * Checks one line the way the proxy does before pricing it (and the widget before asking):
 * a product that is not on offer is `sold_out` when its stock ran out and `unavailable`
 * otherwise; then the quantity against its limits and the choice's stock.
 */
export function checkLine(
  product: StockedProduct & { readonly quantity: QuantityRule },
  variantId: string | undefined,
  quantity: number,
): LineProblem | undefined {
  const stock = stockFor(product, variantId);
  if (!isAvailable(product)) return inStock(stock) ? { code: "unavailable" } : { code: "sold_out" };
  return checkQuantity(quantity, product.quantity, stock);
}
