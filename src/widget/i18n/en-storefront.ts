/**
 * The English catalogue's sentences for the storefront: they load with the storefront's chunk,
 * as a page of cards shows none of them.
 */
import { plural } from "./plural";

export const enStorefront = {
  /**
   * The search field's visible label. `search` is its name to a screen reader and holds it: a
   * merchant's own `find` should be a word of their `search`, so that speaking the label reaches
   * the field (WCAG's label in name).
   */
  find: "Search",
  search: "Search products",
  noResults: "No products match your search.",
  noProducts: "No products here yet.",
  found: ({ count, pages }: { count: number; pages: number }) =>
    pages > 1
      ? `Products found on ${pages} pages.`
      : plural("en", count, { one: "{count} product found.", other: "{count} products found." }),
  pages: "Product pages",
  previous: "Previous",
  next: "Next",
  pageOf: ({ page, count }: { page: number; count: number }) => `Page ${page} of ${count}`,
};
