import type { ListPage } from "./every-page";

/** One reading of a listing: each page is asked for once, whoever asks first. */
export interface ListingScan<T> {
  /** Page `page` (from 1) of this reading. */
  page(page: number): Promise<ListPage<T>>;
}

/** A catalog listing that the lookups of a short period read together. */
export interface SharedListing<T> {
  /**
   * The current reading, or a new one when it is older than the reuse period or was cleared; a
   * lookup reads all its pages from the one it got, so pages of two readings never mix.
   */
  scan(): ListingScan<T>;
  /** Forgets the current reading, after a write that changes what the listing shows. */
  clear(): void;
}

/** How long one listing answers lookups by id unless an adapter is tuned otherwise. */
export const defaultLookupListingMs = 2_000;

/**
 * For platforms whose document offers no read by id: a lookup must list the catalog, so every
 * lookup started within `reuseMs` of a reading (concurrent ones included) shares its pages
 * instead of listing the catalog again. Pages are read lazily, so a lookup that finds its ids on
 * the first page reads no further. A page that fails drops the reading: the next lookup retries.
 */
export function createSharedListing<T>(
  readPage: (page: number) => Promise<ListPage<T>>,
  reuseMs: number,
  now: () => number,
): SharedListing<T> {
  let current: { readonly startedAt: number; readonly scan: ListingScan<T> } | undefined;

  function startReading(): ListingScan<T> {
    const pages = new Map<number, Promise<ListPage<T>>>();
    const scan: ListingScan<T> = {
      page(page) {
        const kept = pages.get(page);
        if (kept) return kept;
        const reading = readPage(page);
        pages.set(page, reading);
        reading.catch(() => {
          if (current?.scan === scan) current = undefined;
        });
        return reading;
      },
    };
    current = { startedAt: now(), scan };
    return scan;
  }

  return {
    scan() {
      if (current && now() - current.startedAt < reuseMs) return current.scan;
      return startReading();
    },
    clear() {
      current = undefined;
    },
  };
}
