import type { Redis } from "ioredis";
import { StoreUnavailableError } from "../store/key-value-store";
import type { Logger } from "./logger";

/**
 * Asks, before any write, how many replicas follow: fewer than `replicas` is said once
 * (`store_replicas_missing`: orders answer `503` until they are back); a Redis that refuses
 * `WAIT` can never hold an order's record on a replica, and stops the start.
 */
export async function checkReplicas(
  client: Redis,
  replicas: number,
  waitMs: number,
  where: string,
  logger: Logger,
): Promise<void> {
  let following: number;
  try {
    following = await client.wait(replicas, waitMs);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RangeError(`replicas: ${where} does not wait for replicas (${reason})`);
  }
  if (following < replicas) {
    logger.warn("store_replicas_missing", {
      store: "redis",
      at: where,
      replicas,
      following,
      detail: "orders answer 503 until enough replicas take their records",
    });
  }
}

/**
 * The store's `replicated`: waits (`wait`, Redis's `WAIT`, resolving to how many replicas took
 * the writes, for at most `waitMs`) and refuses with a `StoreUnavailableError` when fewer than
 * `replicas` of the Redis at `where` did. One WAIT at a time: each holds the command connection, and every
 * command behind it, for up to its timeout; two in a row would hold those behind them past
 * theirs, and the store would count as stalled (refusing, among others, the clearing of the
 * records not sent). The writes made while one is on its way are covered by the next, which
 * they all share.
 */
export function replicaWait(
  wait: () => Promise<number>,
  replicas: number,
  where: string,
  waitMs: number,
): () => Promise<void> {
  let waiting: Promise<number> | undefined;
  let next: Promise<number> | undefined;
  const waitOnce = (): Promise<number> => {
    if (!waiting) {
      waiting = wait().finally(() => {
        waiting = undefined;
      });
      return waiting;
    }
    next ??= waiting
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return waitOnce();
      });
    return next;
  };
  return async () => {
    const took = await waitOnce();
    if (took < replicas) {
      throw new StoreUnavailableError(
        `${took} of the ${replicas} replicas of ${where} took the write within ${waitMs} ms`,
      );
    }
  };
}
