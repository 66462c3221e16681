import type { ProductQuery } from "../platform";

/**
 * One storefront page cut from a whole list, for platforms (and the sandbox) that hand over
 * their catalog at once instead of paging it themselves.
 */
export function pageLocally<T>(
  items: readonly T[],
  query: Pick<ProductQuery, "page" | "limit">,
): { data: T[]; page: number; pageCount: number } {
  const limit = Math.max(1, Math.floor(query.limit));
  const page = Math.max(1, Math.floor(query.page));
  return {
    data: items.slice((page - 1) * limit, page * limit),
    page,
    pageCount: Math.ceil(items.length / limit),
  };
}
