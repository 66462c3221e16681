import type { CounterState, KeyValueStore } from "./key-value-store";

/** How the in-memory store keeps its values. */
export interface MemoryStoreOptions {
  /** Injected for tests; `Date.now` otherwise. */
  readonly now?: () => number;
  /**
   * The most values (`set`, `setIfAbsent`: idempotency records, order tokens, webhook records)
   * kept; when full, the oldest value makes room. Default 100,000 (tens of MB at most), far above
   * what one instance of a shop holds within their lifetimes. Counters never take their room.
   */
  readonly maxEntries?: number;
  /**
   * The most counters and sets (`increment`, `addToCounter`, `addToSet`: per-client limits) kept,
   * together; when full, the oldest of them makes room, never a value. Default 100,000. Any new
   * client address adds them, so they are bounded apart: a flood of addresses can only reset
   * older ones.
   */
  readonly maxCounters?: number;
  /** How often a write also drops every expired entry; default one minute. */
  readonly sweepIntervalMs?: number;
}

/** The memory store, which can also say how many entries it holds. */
export interface MemoryStore extends KeyValueStore {
  /** Entries held, values and counters together, expired ones not yet swept included. */
  readonly size: number;
}

interface Entry<V> {
  value: V;
  expires: number;
}

/** Entries of one kind, at most `max` of them, the oldest making room for a new one. */
function createShelf<V>(max: number, now: () => number) {
  const entries = new Map<string, Entry<V>>();
  return {
    entries,
    live(key: string, time = now()): Entry<V> | undefined {
      const entry = entries.get(key);
      if (entry && entry.expires <= time) {
        entries.delete(key);
        return undefined;
      }
      return entry;
    },
    put(key: string, value: V, expires: number) {
      const existing = entries.get(key);
      if (existing) {
        existing.value = value;
        existing.expires = expires;
        return;
      }
      // A Map iterates in insertion order, so its first key is the oldest entry.
      for (const oldest of entries.keys()) {
        if (entries.size < max) break;
        entries.delete(oldest);
      }
      entries.set(key, { value, expires });
    },
    sweep(time: number) {
      for (const [key, entry] of entries) {
        if (entry.expires <= time) entries.delete(key);
      }
    },
  };
}

/**
 * A `KeyValueStore` in this process's memory: right for one instance, lost on restart. Values
 * and counters are bounded apart, so counters that any request from a new address creates can
 * never push out a record that guards an order. Expired entries are swept on writes, not only
 * forgotten when read again.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const now = options.now ?? Date.now;
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  const values = createShelf<string>(Math.max(1, options.maxEntries ?? 100_000), now);
  // Counters are kept as numbers (one is counted on every API request), sets as sets, on one
  // shelf: both are per-client limits, bounded together.
  const counters = createShelf<number | Set<string>>(
    Math.max(1, options.maxCounters ?? 100_000),
    now,
  );
  const channels = new Map<string, Set<(message: string) => void>>();
  let nextSweep = now() + sweepIntervalMs;

  // Sweeping walks every entry, so it runs on a clock, never on every write of a full store.
  const sweepIfDue = (time = now()) => {
    if (time < nextSweep) return;
    nextSweep = time + sweepIntervalMs;
    values.sweep(time);
    counters.sweep(time);
  };

  const addToCounter = async (
    key: string,
    amount: number,
    windowMs: number,
  ): Promise<CounterState> => {
    const time = now();
    sweepIfDue(time);
    const entry = counters.live(key, time);
    if (entry && typeof entry.value === "number") {
      entry.value += amount;
      return { count: entry.value, resetInMs: Math.max(0, entry.expires - time) };
    }
    counters.put(key, amount, time + windowMs);
    return { count: amount, resetInMs: windowMs };
  };

  const addToSet = async (key: string, member: string, windowMs: number): Promise<number> => {
    const time = now();
    sweepIfDue(time);
    const entry = counters.live(key, time);
    if (entry && entry.value instanceof Set) {
      entry.value.add(member);
      return entry.value.size;
    }
    counters.put(key, new Set([member]), time + windowMs);
    return 1;
  };

  return {
    get size() {
      return values.entries.size + counters.entries.size;
    },
    async get(key) {
      return values.live(key)?.value;
    },
    async set(key, value, ttlMs) {
      sweepIfDue();
      values.put(key, value, now() + ttlMs);
    },
    async setIfAbsent(key, value, ttlMs) {
      if (values.live(key)) return false;
      sweepIfDue();
      values.put(key, value, now() + ttlMs);
      return true;
    },
    async increment(key, ttlMs) {
      return (await addToCounter(key, 1, ttlMs)).count;
    },
    addToCounter,
    addToSet,
    async removeFromSet(key, member) {
      const entry = counters.live(key);
      if (!(entry?.value instanceof Set)) return;
      entry.value.delete(member);
      // As Redis drops a set it empties: the next add starts a new window on both stores.
      if (entry.value.size === 0) counters.entries.delete(key);
    },
    async delete(key) {
      values.entries.delete(key);
      counters.entries.delete(key);
    },
    async deleteIfEqual(key, value) {
      if (values.live(key)?.value !== value) return false;
      values.entries.delete(key);
      return true;
    },
    async renewIfEqual(key, value, ttlMs) {
      const entry = values.live(key);
      if (entry?.value !== value) return false;
      entry.expires = now() + ttlMs;
      return true;
    },
    async publish(channel, message) {
      for (const listener of channels.get(channel) ?? []) {
        // Delivered after the publisher moves on, as a shared store's subscribers are.
        queueMicrotask(() => listener(message));
      }
    },
    async subscribe(channel, listener) {
      const listeners = channels.get(channel) ?? new Set();
      channels.set(channel, listeners);
      const own = (message: string) => listener(message);
      listeners.add(own);
      return async () => {
        listeners.delete(own);
        if (listeners.size === 0) channels.delete(channel);
      };
    },
    async ping() {},
    async close() {
      values.entries.clear();
      counters.entries.clear();
      channels.clear();
    },
  };
}
