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
 * Values (`get`, `set`, `setIfAbsent`), counters (`increment`, `addToCounter`) and sets
 * (`addToSet`, `removeFromSet`) are three kinds: a key is used as one of them only. A store that
 * must make room never takes it from the values for a counter or a set, which any request from a
 * new address creates.
 */
export interface KeyValueStore {
  /**
   * Shared by several processes (Redis): it may lose its data while this process lives (a
   * restart without it), which the orders watch for (see `watchStoreMemory`).
   */
  readonly shared?: boolean;
  /**
   * Resolves once the writes this process made so far are on the replicas the store was set to
   * wait for (Redis's `WAIT`); rejects with a `StoreUnavailableError` when fewer took them in
   * time. An order's record is kept there before its create is sent: a failover to a replica
   * without it would let the buyer's retry send a second create. Absent: none are waited for.
   */
  replicated?(): Promise<void>;
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
  /**
   * Adds `member` to the set at `key`, which lives `windowMs` from the add that created it (later
   * adds do not extend it); returns how many members the set holds. Atomic.
   *
   * For things held and let go (a client's open streams), each named by a token its holder made:
   * adding a member already there changes nothing, so a command that reached the store twice (a
   * reply lost with its connection, and the command sent again on the next) counts once, where a
   * counter's +1 would count twice.
   */
  addToSet(key: string, member: string, windowMs: number): Promise<number>;
  /**
   * Removes `member` from the set at `key`. Removing a member that is not there changes nothing,
   * so a removal may be sent again whatever became of the first (a -1 sent twice would let go of
   * another holder's place). A set left empty is gone: the next add starts a new window.
   */
  removeFromSet(key: string, member: string): Promise<void>;
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

/** Every method a store has: one written for an earlier version may lack the newest. */
const storeMethods = [
  "get",
  "set",
  "setIfAbsent",
  "increment",
  "delete",
  "deleteIfEqual",
  "renewIfEqual",
  "addToCounter",
  "addToSet",
  "removeFromSet",
  "publish",
  "subscribe",
  "ping",
  "close",
] as const satisfies readonly Exclude<keyof KeyValueStore, OptionalMembers>[];

/** What a store may leave out. */
type OptionalMembers = "shared" | "replicated";

// The list names them all: a method added to the contract and not here fails to compile.
const allNamed: Exclude<
  keyof KeyValueStore,
  OptionalMembers | (typeof storeMethods)[number]
> extends never
  ? true
  : never = true;
void allNamed;

/**
 * Throws a `TypeError` naming the first method `store` lacks: a store written for an earlier
 * version would otherwise fail only when a request first needs that method (the first order
 * stream, for `addToSet`), long after the start.
 */
export function checkStore(store: KeyValueStore): void {
  const record = store as unknown as Record<string, unknown>;
  const missing = storeMethods.find((name) => typeof record[name] !== "function");
  if (missing !== undefined) {
    throw new TypeError(
      `store.${missing} is not a function: a KeyValueStore has ${storeMethods.join(", ")}`,
    );
  }
}

/** A counter's value and how long until it starts again from zero. */
export interface CounterState {
  readonly count: number;
  readonly resetInMs: number;
}
