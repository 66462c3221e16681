/**
 * The English catalogue's sentences for the storefront: they load with the storefront's chunk,
 * as a page of cards shows none of them.
 */
export const enStorefront = {
  search: "Search products",
  noResults: "No products match your search.",
  noProducts: "No products here yet.",
  pages: "Product pages",
  previous: "Previous",
  next: "Next",
  pageOf: ({ page, count }: { page: number; count: number }) => `Page ${page} of ${count}`,
};
