import { ProblemError } from "../http/problem-error";
import type { KeyValueStore } from "../store/key-value-store";
import { randomBytes, toHex } from "../web-crypto";

/** Where the store's mark lives: a value written once, which only a store that lost its data lacks. */
const markKey = "kiosk:store-mark";
/** A mark outlives any process; a store that forgets it by age is asked to wait once more. */
const markLifeMs = 10 * 365 * 24 * 60 * 60 * 1000;

/**
 * Whether the store still holds what it held when this instance first read it. A store that
 * lost its data (a Redis restarted without it, a failover to a replica behind) lost the records
 * of creates still on their way, and a retry of one would find no record and create a second
 * order: for as long as such a create may still land, no order without a record is created.
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
 * Watches `store` for a loss of its data: a mark this instance saw that is gone, or another in
 * its place (written by an instance that saw it gone), says when it was lost. `inFlightMs`: how
 * long after it was sent a create may still land.
 */
export function watchStoreMemory(
  store: KeyValueStore,
  inFlightMs: number,
  now: () => number,
): StoreMemory {
  /** The mark as this instance first saw it; a store that never had one is not a loss. */
  let first: string | undefined;
  const current = async (): Promise<string> => {
    const seen = await store.get(markKey);
    if (seen !== undefined) return seen;
    const fresh = `${now()}:${toHex(randomBytes(8))}`;
    if (await store.setIfAbsent(markKey, fresh, markLifeMs)) return fresh;
    return (await store.get(markKey)) ?? fresh;
  };
  return {
    async learn() {
      first ??= await current();
    },
    async check() {
      const mark = await current();
      first ??= mark;
      if (mark === first) return;
      const left = Number.parseInt(mark, 10) + inFlightMs - now();
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
