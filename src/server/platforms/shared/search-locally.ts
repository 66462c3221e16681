import type { CatalogProduct, ProductPage, ProductQuery } from "../platform";
import { pageLocally } from "./page-locally";

/**
 * Whether a product answers a storefront query, for platforms whose catalog is searched on the
 * proxy: visible, the search text in its name, slug or description (any case), and the category
 * equal to its own (any case). A product without a category matches no category.
 */
export function matchesQuery(
  product: CatalogProduct,
  query: Pick<ProductQuery, "search" | "category">,
): boolean {
  if (!product.visible) return false;
  const category = query.category?.trim().toLowerCase();
  if (category && product.category?.trim().toLowerCase() !== category) return false;
  const needle = query.search?.trim().toLowerCase();
  if (!needle) return true;
  return [product.name, product.slug ?? "", product.description].some((text) =>
    text.toLowerCase().includes(needle),
  );
}

/** One storefront page of the products that answer the query, cut from a whole catalog. */
export function searchLocally(
  products: readonly CatalogProduct[],
  query: ProductQuery,
): ProductPage {
  return pageLocally(
    products.filter((product) => matchesQuery(product, query)),
    query,
  );
}
