// One product of a platform's list mapped at a time: one that cannot be read (a price with more places than its currency) is left out, not the whole list.
import { MoneyError } from "../../../core";
import type { Logger } from "../../runtime/logger";
import type { CatalogProduct } from "../platform";

/**
 * `map` for one product, or `undefined` when it cannot be mapped, logged as
 * `upstream_product_skipped` by its id only: a price that is not an exact amount of its currency
 * (never sold at a price the platform would not charge), or a shape the mapping refuses. The
 * rest of the list is served.
 */
export function skipUnmappable<T extends { readonly id: string | number }>(
  platform: string,
  logger: Logger,
  map: (product: T) => CatalogProduct,
): (product: T) => CatalogProduct | undefined {
  return (product) => {
    try {
      return map(product);
    } catch (error) {
      logger.warn("upstream_product_skipped", {
        platform,
        productId: String(product.id),
        reason: error instanceof MoneyError ? "price" : "unreadable",
      });
      return undefined;
    }
  };
}
