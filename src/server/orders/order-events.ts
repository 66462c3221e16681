import type { Logger } from "../runtime/logger";
import { keepSubscribed } from "../store/kept-subscription";
import type { KeyValueStore } from "../store/key-value-store";

/**
 * Tells order streams that an order may have changed (a webhook arrived, the sandbox was paid),
 * so they read it at once instead of waiting for their next poll. Notices travel through the
 * store's pub/sub, so a webhook landing on one instance wakes the streams held by every other.
 */
export interface OrderEvents {
  notify(orderId: string): void;
  /** Resolves on the next notice for `orderId`, after `ms`, or when `signal` aborts, whichever is first. */
  wait(orderId: string, ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Reads an order on behalf of every stream following it on this instance: a read younger than
   * `maxAgeMs` with no notice since is shared, so many streams cost one upstream read per poll.
   */
  read<T>(orderId: string, maxAgeMs: number, fetch: () => Promise<T>): Promise<T>;
  /** Resolves once notices from other instances are arriving. */
  readonly ready: Promise<void>;
  /** How many orders it keeps anything of (a stream's wait, a shared read, its notices). */
  readonly held: number;
  close(): Promise<void>;
}

const channel = "order-events";

interface SharedRead {
  readonly promise: Promise<unknown>;
  readonly at: number;
  readonly generation: number;
}

export function createOrderEvents(
  store: KeyValueStore,
  /** `until`: its subscription ends (and every wait with it) when this signal aborts. */
  options: { logger?: Logger; now?: () => number; until?: AbortSignal | undefined } = {},
): OrderEvents {
  const now = options.now ?? Date.now;
  const waiters = new Map<string, Set<() => void>>();
  // Bumped by every notice, so a shared read made before the notice is not handed out after it.
  const generations = new Map<string, number>();
  const reads = new Map<string, SharedRead>();

  const wake = (orderId: string) => {
    if (reads.has(orderId)) generations.set(orderId, (generations.get(orderId) ?? 0) + 1);
    const set = waiters.get(orderId);
    if (!set) return;
    waiters.delete(orderId);
    for (const done of set) done();
  };
  // Streams still poll while it is not taken; they only lose the early wake-up.
  const subscription = keepSubscribed(store, channel, wake, {
    event: "order_events_unsubscribed",
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { ready } = subscription;

  const events: OrderEvents = {
    ready,
    notify(orderId) {
      store.publish(channel, orderId).catch(() => wake(orderId));
    },
    wait(orderId, ms, signal) {
      return new Promise((resolve) => {
        const set = waiters.get(orderId) ?? new Set();
        waiters.set(orderId, set);
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0 && waiters.get(orderId) === set) waiters.delete(orderId);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
        signal?.addEventListener("abort", done, { once: true });
      });
    },
    read<T>(orderId: string, maxAgeMs: number, fetch: () => Promise<T>): Promise<T> {
      const time = now();
      // Each read is put last, so the oldest come first and the sweep stops at the first young
      // one: going through every kept read on each read made a poll of many streams, each
      // following its own order, cost the square of the orders.
      for (const [id, shared] of reads) {
        if (time - shared.at < maxAgeMs) break;
        reads.delete(id);
        generations.delete(id);
      }
      const generation = generations.get(orderId) ?? 0;
      const shared = reads.get(orderId);
      if (shared && shared.generation === generation && time - shared.at < maxAgeMs) {
        return shared.promise as Promise<T>;
      }
      const promise = fetch();
      reads.delete(orderId);
      reads.set(orderId, { promise, at: time, generation });
      // A failed read is not shared: the next stream to poll tries again.
      promise.catch(() => {
        if (reads.get(orderId)?.promise !== promise) return;
        reads.delete(orderId);
        // Its notices count only against a shared read, and none is left.
        generations.delete(orderId);
      });
      return promise;
    },
    get held() {
      return new Set([...waiters.keys(), ...generations.keys(), ...reads.keys()]).size;
    },
    async close() {
      for (const orderId of [...waiters.keys()]) wake(orderId);
      await subscription.close();
    },
  };
  options.until?.addEventListener("abort", () => void events.close(), { once: true });
  return events;
}
