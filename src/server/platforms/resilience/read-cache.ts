import { LRUCache } from "lru-cache";
import { UpstreamError } from "../upstream/upstream-error";

/**
 * How a read may be answered:
 * - `fresh`: only data younger than the freshness, else the platform (prices and stock a buyer is
 *   about to pay on); a failure is the caller's.
 * - `lastKnown`: fresh data, else stale data while it is revalidated in the background (within the
 *   stale-while-revalidate window), else the platform, falling back to the last known data when
 *   the platform fails (within the stale-if-error bound), as RFC 5861 describes for HTTP caches.
 */
export type ReadMode = "fresh" | "lastKnown";

export interface ReadCacheOptions<V = unknown> {
  /** How long a read stays fresh, in ms. */
  readonly freshMs: number;
  /** After freshness, how long stale data is served at once while a refresh runs. */
  readonly staleWhileRevalidateMs: number;
  /** After freshness, how long stale data may stand in for a failing platform. */
  readonly staleIfErrorMs: number;
  /** Entries kept at most; the least recently used go first. */
  readonly maxEntries: number;
  readonly now: () => number;
  /** Told once per entry and outage when stale data stands in for a failure. */
  readonly onStaleIfError?: (key: string, ageMs: number, error: unknown) => void;
  /**
   * Values that say the platform has nothing for the key. About `max` of them are kept at most
   * (the oldest go first), so reads of keys that do not exist, which are endless, never push out
   * what does exist.
   */
  readonly misses?: { readonly is: (value: V) => boolean; readonly max: number };
}

/** What `readFresh` answers for a key that has no fresh value. */
export const notFresh: unique symbol = Symbol("notFresh");

interface Entry<V> {
  readonly value: V;
  readonly fetchedAt: number;
  /** The invalidation count when its load started: a later invalidation of its key outdates it. */
  readonly generation: number;
  /** Whether its use as a stand-in for a failure was already reported. */
  reportedStale: boolean;
}

/**
 * One kind of upstream read, cached by key. `lru-cache` keeps the entries (bounded, least recently
 * used first out), coalesces concurrent loads of one key into one call, refreshes in the
 * background while handing out the stale value, and keeps the stale value when a refresh fails;
 * this class decides, from each entry's age, which of those a read may use.
 */
export class ReadCache<V, C = undefined> {
  readonly #lru: LRUCache<string, Entry<V>, unknown>;
  readonly #options: ReadCacheOptions<V>;
  /** Counts invalidations; loads started before one that concerns their key are outdated. */
  #generation = 0;
  /** The last invalidation of every key. */
  #allInvalidated = 0;
  /** The last invalidation of single keys, newer than `#allInvalidated`. */
  readonly #keyInvalidated = new Map<string, number>();
  /** The keys whose entry is a miss, oldest first. */
  readonly #missKeys = new Set<string>();

  /** `load` reads one key upstream; `context` is what the read that started the load passed. */
  constructor(options: ReadCacheOptions<V>, load: (key: string, context: C) => Promise<V>) {
    this.#options = options;
    this.#lru = new LRUCache<string, Entry<V>, unknown>({
      max: options.maxEntries,
      // A failed refresh leaves the stale entry in place for stale-if-error.
      noDeleteOnFetchRejection: true,
      fetchMethod: async (key, _stale, { context }) => {
        const generation = this.#generation;
        // Always the `C` that `read` passed.
        const value = await load(key, context as C);
        return { value, fetchedAt: options.now(), generation, reportedStale: false };
      },
    });
  }

  /**
   * The value for `key` when it is fresh, at once (every mode reads a fresh value the same way),
   * counted as a use; `notFresh` when a `read` would have more to do. A read of many keys that
   * are all fresh then needs no promise per key.
   */
  readFresh(key: string): V | typeof notFresh {
    const entry = this.#freshEntry(key);
    if (entry === undefined) return notFresh;
    this.#lru.get(key); // counts as a use for the least-recently-used order
    return entry.value;
  }

  /** Whether a read of `key` would be answered without the platform; not counted as a use. */
  isFresh(key: string): boolean {
    return this.#freshEntry(key) !== undefined;
  }

  #freshEntry(key: string): Entry<V> | undefined {
    const entry = this.#lru.peek(key);
    if (
      entry === undefined ||
      this.#options.now() - entry.fetchedAt > this.#options.freshMs ||
      this.#outdated(key, entry)
    ) {
      return undefined;
    }
    return entry;
  }

  /** The value for `key` as `mode` allows; the platform is called only when nothing usable is kept. */
  async read(key: string, mode: ReadMode, context: C): Promise<V> {
    const fresh = this.readFresh(key);
    if (fresh !== notFresh) return fresh;
    const { freshMs, staleWhileRevalidateMs, staleIfErrorMs } = this.#options;
    const entry = this.#lru.peek(key);
    const age = entry ? this.#options.now() - entry.fetchedAt : Number.POSITIVE_INFINITY;
    const current = entry !== undefined && !this.#outdated(key, entry);
    const serveStale = mode === "lastKnown" && current && age <= freshMs + staleWhileRevalidateMs;
    try {
      // Concurrent reads of a key share one load, whichever of them started it.
      const loaded = await this.#lru.fetch(key, {
        forceRefresh: true,
        allowStale: serveStale,
        context,
      });
      if (loaded === undefined) {
        throw new UpstreamError("unavailable", "the read was interrupted", { retryAfter: 1 });
      }
      // Counted once the entry is kept: a load still under way cannot be let go of.
      this.#countMiss(key, this.#options.misses?.is(loaded.value) ?? false);
      return loaded.value;
    } catch (error) {
      if (mode === "lastKnown" && entry !== undefined && age <= freshMs + staleIfErrorMs) {
        if (!entry.reportedStale) {
          entry.reportedStale = true;
          this.#options.onStaleIfError?.(key, age, error);
        }
        return entry.value;
      }
      throw error;
    }
  }

  /**
   * Marks `keys` (every key when absent) as changed upstream, loads already under way included: they
   * are no longer served as fresh or while revalidating, only as the last known data on failure.
   */
  invalidate(keys?: Iterable<string>): void {
    this.#generation += 1;
    if (keys === undefined) {
      this.#allInvalidated = this.#generation;
      this.#keyInvalidated.clear();
      return;
    }
    for (const key of keys) {
      this.#keyInvalidated.delete(key);
      this.#keyInvalidated.set(key, this.#generation);
    }
    // Bounded like the entries: the oldest marks go first (their entries are long re-read or gone).
    for (const key of this.#keyInvalidated.keys()) {
      if (this.#keyInvalidated.size <= this.#options.maxEntries) break;
      this.#keyInvalidated.delete(key);
    }
  }

  #countMiss(key: string, miss: boolean): void {
    this.#missKeys.delete(key);
    if (!miss || this.#options.misses === undefined) return;
    this.#missKeys.add(key);
    if (this.#missKeys.size <= this.#options.misses.max) return;
    const oldest = this.#missKeys.values().next().value;
    if (oldest === undefined) return;
    this.#missKeys.delete(oldest);
    // Its load may still be under way; only a miss that is kept is let go.
    const entry = this.#lru.peek(oldest);
    if (entry && this.#options.misses.is(entry.value)) this.#lru.delete(oldest);
  }

  #outdated(key: string, entry: Entry<V>): boolean {
    const invalidated = Math.max(this.#allInvalidated, this.#keyInvalidated.get(key) ?? 0);
    return entry.generation < invalidated;
  }

  /** How many entries are kept. */
  get size(): number {
    return this.#lru.size;
  }
}
