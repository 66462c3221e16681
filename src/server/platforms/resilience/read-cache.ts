import { LRUCache } from "lru-cache";

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
 * One kind of upstream read, cached by key. `lru-cache` keeps the values read (bounded, least
 * recently used first out); loads under way wait beside it, one per key, so that concurrent reads
 * of a key share one call and a burst of cold reads takes no room from what is already kept. A
 * stale value is handed out while it is refreshed in the background and kept when a refresh
 * fails; this class decides, from each entry's age, which of those a read may use.
 */
export class ReadCache<V, C = undefined> {
  readonly #lru: LRUCache<string, Entry<V>>;
  /** Loads under way, by key: only a load that succeeds takes a place among the entries. */
  readonly #loading = new Map<string, Promise<Entry<V>>>();
  readonly #load: (key: string, context: C) => Promise<V>;
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
    this.#load = load;
    this.#lru = new LRUCache<string, Entry<V>>({ max: options.maxEntries });
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
    if (serveStale && entry !== undefined) {
      // A failed refresh leaves the stale entry in place for stale-if-error.
      this.#loaded(key, context).catch(() => {});
      this.#lru.get(key); // counts as a use
      return entry.value;
    }
    try {
      return (await this.#loaded(key, context)).value;
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

  /** The load of `key` under way, whichever read started it, or a new one with this `context`. */
  #loaded(key: string, context: C): Promise<Entry<V>> {
    const under = this.#loading.get(key);
    if (under !== undefined) return under;
    const generation = this.#generation;
    // Called at once, not a turn later: the reads of one request join one batch (see `load`).
    const loading = (async () => {
      const value = await this.#load(key, context);
      const entry = { value, fetchedAt: this.#options.now(), generation, reportedStale: false };
      this.#lru.set(key, entry);
      this.#countMiss(key, this.#options.misses?.is(value) ?? false);
      return entry;
    })();
    this.#loading.set(key, loading);
    const done = () => {
      if (this.#loading.get(key) === loading) this.#loading.delete(key);
    };
    loading.then(done, done);
    return loading;
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
    // The least recently used order may have let it go already; only a miss still kept goes.
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
