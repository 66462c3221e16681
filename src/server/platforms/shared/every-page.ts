import { UpstreamError } from "../upstream/upstream-error";

/** One page of a list: its items, and whether it is the last one. */
export interface ListPage<T> {
  readonly items: readonly T[];
  readonly last: boolean;
}

/**
 * Every item of a list whose completeness decides something (that an order was never made):
 * pages are read until the last, and a list longer than `maxPages` is an `UpstreamError`, so
 * what was left unread is never taken for what does not exist.
 */
export async function everyPage<T>(
  platform: string,
  maxPages: number,
  readPage: (page: number) => Promise<ListPage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const read = await readPage(page);
    items.push(...read.items);
    if (read.last || read.items.length === 0) return items;
  }
  throw new UpstreamError("unavailable", `${platform} lists more than the proxy reads`, {
    retryAfter: 30,
  });
}
