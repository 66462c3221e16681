import type { CounterState, KeyValueStore } from "./key-value-store";

export interface MemoryStoreOptions {
  readonly now?: () => number;
  /**
   * The most entries kept; when full, the oldest entry makes room. Default 100,000 (tens of MB
   * at most), far above what one instance of a shop holds within the entries' lifetimes.
   */
  readonly maxEntries?: number;
  /** How often a write also drops every expired entry; default one minute. */
  readonly sweepIntervalMs?: number;
}

/** The memory store, which can also say how many entries it holds. */
export interface MemoryStore extends KeyValueStore {
  /** Entries held, expired ones not yet swept included. */
  readonly size: number;
}

interface Entry {
  value: string;
  expires: number;
}

/**
 * A `KeyValueStore` in this process's memory: right for one instance, lost on restart. It is
 * bounded, and expired entries are swept on writes, not only forgotten when read again.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const now = options.now ?? Date.now;
  const maxEntries = Math.max(1, options.maxEntries ?? 100_000);
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  const entries = new Map<string, Entry>();
  const channels = new Map<string, Set<(message: string) => void>>();
  let nextSweep = now() + sweepIntervalMs;

  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expires <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  // Sweeping walks every entry, so it runs on a clock, never on every write of a full store.
  const put = (key: string, value: string, expires: number) => {
    const time = now();
    if (time >= nextSweep) {
      nextSweep = time + sweepIntervalMs;
      for (const [candidate, entry] of entries) {
        if (entry.expires <= time) entries.delete(candidate);
      }
    }
    const existing = entries.get(key);
    if (existing) {
      existing.value = value;
      existing.expires = expires;
      return;
    }
    // A Map iterates in insertion order, so its first key is the oldest entry.
    for (const oldest of entries.keys()) {
      if (entries.size < maxEntries) break;
      entries.delete(oldest);
    }
    entries.set(key, { value, expires });
  };

  const addToCounter = async (
    key: string,
    amount: number,
    windowMs: number,
  ): Promise<CounterState> => {
    const entry = live(key);
    const count = (entry ? Number(entry.value) : 0) + amount;
    const expires = entry?.expires ?? now() + windowMs;
    put(key, String(count), expires);
    return { count, resetInMs: Math.max(0, expires - now()) };
  };

  return {
    get size() {
      return entries.size;
    },
    async get(key) {
      return live(key)?.value;
    },
    async set(key, value, ttlMs) {
      put(key, value, now() + ttlMs);
    },
    async setIfAbsent(key, value, ttlMs) {
      if (live(key)) return false;
      put(key, value, now() + ttlMs);
      return true;
    },
    async increment(key, ttlMs) {
      return (await addToCounter(key, 1, ttlMs)).count;
    },
    addToCounter,
    async delete(key) {
      entries.delete(key);
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
      entries.clear();
      channels.clear();
    },
  };
}
