import type { RateLimiter } from "./rate-limit";

/** The product reads a counted lookup goes through: a platform, or the catalog over its cache. */
export interface ProductReads<P extends { readonly id: string }> {
  getProducts(ids: readonly string[]): Promise<P[]>;
  /** Of `ids`, those `getProducts` would ask the platform about; absent: every id. */
  readonly uncachedIds?: ((ids: readonly string[]) => string[]) | undefined;
}

/**
 * The products of `ids` the platform has, as `reads` gives them. The ids it must be asked about
 * count against the client's `unknownProducts` limit before it is, and those it has are given
 * back: unknown ids are endless, so no cache keeps one client from making the platform work for
 * each. Over the limit, a 429 problem and the platform is not asked. Product reads, quotes and
 * orders all look products up through this.
 */
export async function lookUpCounted<P extends { readonly id: string }>(
  limiter: RateLimiter,
  client: string | undefined,
  reads: ProductReads<P>,
  ids: readonly string[],
): Promise<P[]> {
  const asked = reads.uncachedIds?.(ids) ?? ids;
  // Every id cached (a card page's usual read): nothing to count or give back.
  if (asked.length === 0) return reads.getProducts(ids);
  const giveBack = await limiter.productLookups(client, asked.length);
  let found: P[];
  try {
    found = await reads.getProducts(ids);
  } catch (error) {
    // The platform failed, not the client: nothing it asked is held against it.
    await giveBack(asked.length);
    throw error;
  }
  if (asked.length > 0) {
    const wanted = new Set(asked);
    await giveBack(found.filter((product) => wanted.has(product.id)).length);
  }
  return found;
}
