// store/: the state instances share: the store contract, its in-memory form, kept subscriptions (Redis's is in runtime/).
export { StoreUnavailableError } from "./store-unavailable-error";
/**
 * The shared state the proxy keeps: idempotency records, order tokens, rate-limit counters,
 * webhook de-duplication and order notifications. Small enough that an in-memory map or Redis
 * can implement it, so many proxy instances can share one.
 *
 * Every method of a shared store rejects with a `StoreUnavailableError` when the store cannot be
 * reached; callers never fall back to their own memory, which would split the truth between
 * instances.
 *
 * Values (`get`, `set`, `setIfAbsent`) and counters (`increment`, `addToCounter`) are two kinds: a
 * key is used as one or the other, never both. A store that must make room makes it within a
 * kind, so counters, which any request from a new address creates, never push out a value.
 */
export interface KeyValueStore {
  /**
   * Shared by several processes (Redis): it may lose its data while this process lives (a
   * restart without it), which the orders watch for (see `watchStoreMemory`).
   */
  readonly shared?: boolean;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Stores `value` only when `key` is absent; true when this call stored it. Atomic. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Adds one to a counter that expires `ttlMs` after it was created; returns the new count. Atomic. */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Removes the key, value or counter. */
  delete(key: string): Promise<void>;
  /**
   * Removes the value only while it is `value`; true when this call removed it. Atomic: a holder
   * lets go of what is still its own (a lock, a record it read), never what another wrote since.
   */
  deleteIfEqual(key: string, value: string): Promise<boolean>;
  /** Gives the value a new life of `ttlMs` only while it is `value`; true when it did. Atomic. */
  renewIfEqual(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Adds `amount` (negative to give back) to a counter that lives `windowMs` from the add that
   * created it; returns the new count and the milliseconds until the counter resets. Atomic.
   */
  addToCounter(key: string, amount: number, windowMs: number): Promise<CounterState>;
  /** Sends `message` to every subscriber of `channel`, on every instance sharing the store. */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Calls `listener` with each message published on `channel` from now on; resolves once the
   * subscription is active, to a function that ends it.
   */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  /**
   * Resolves when the store answers and takes a write; rejects with a `StoreUnavailableError`
   * when it does not.
   */
  ping(): Promise<void>;
  /** Lets go of connections and timers; the store is not used afterwards. */
  close(): Promise<void>;
}

/** A counter's value and how long until it starts again from zero. */
export interface CounterState {
  readonly count: number;
  readonly resetInMs: number;
}
