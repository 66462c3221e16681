import { ProblemError } from "../http/problem-error";
import type { KeyValueStore } from "../store/key-value-store";
import { randomBytes, toHex } from "../web-crypto";

/** Where the store's mark lives: a value written once, which only a store that lost its data lacks. */
const markKey = "kiosk:store-mark";
/** A mark outlives any process; a store that forgets it by age is waited for once more. */
const markLifeMs = 10 * 365 * 24 * 60 * 60 * 1000;

/**
 * Whether a shared store still holds what it held when this instance last read it. A Redis
 * restarted without its data lost the records of creates still on their way, and a retry of one
 * would find no record and create a second order: for as long as such a create may still land,
 * no order without a record is created. (A store that comes back with an older copy of its data,
 * or a loss that happened before this instance first read the mark, is not seen: give Redis
 * `appendonly yes`, see the README.)
 */
export interface StoreMemory {
  /** Reads the store's mark now, so a loss after this is seen as one. */
  learn(): Promise<void>;
  /**
   * Before a create for a key with no record: a `409` with `Retry-After` while a create whose
   * record the store lost may still land (its holder records it when it does).
   */
  check(): Promise<void>;
}

/**
 * Watches a shared `store` for a loss of its data: the mark this instance last saw, gone or
 * another in its place (written by an instance that saw it gone). From when this instance sees
 * that, by its own clock, it waits `inFlightMs`, how long after it was sent a create may still
 * land. A store of this process alone (the memory store) loses nothing while the process lives.
 */
export function watchStoreMemory(
  store: KeyValueStore,
  inFlightMs: number,
  now: () => number,
): StoreMemory {
  /** The mark as this instance last saw it. */
  let known: string | undefined;
  let waitUntil = 0;
  const current = async (): Promise<string> => {
    const seen = await store.get(markKey);
    if (seen !== undefined) return seen;
    const fresh = toHex(randomBytes(12));
    if (await store.setIfAbsent(markKey, fresh, markLifeMs)) return fresh;
    return (await store.get(markKey)) ?? fresh;
  };
  const read = async () => {
    const mark = await current();
    if (known !== undefined && mark !== known) waitUntil = now() + inFlightMs;
    known = mark;
  };
  return {
    async learn() {
      if (store.shared && known === undefined) await read();
    },
    async check() {
      if (!store.shared) return;
      await read();
      const left = waitUntil - now();
      if (left > 0) {
        throw new ProblemError(
          "conflict",
          409,
          "A request with this Idempotency-Key may be in progress",
          { retryAfter: Math.ceil(left / 1000) },
        );
      }
    },
  };
}
