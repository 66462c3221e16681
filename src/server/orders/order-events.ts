/**
 * Tells order streams that an order may have changed (a webhook arrived, the sandbox was paid),
 * so they read it at once instead of waiting for their next poll. In-process; several proxy
 * instances would share one through their store's pub/sub.
 */
export interface OrderEvents {
  notify(orderId: string): void;
  /** Resolves on the next `notify(orderId)`, after `ms`, or when `signal` aborts, whichever is first. */
  wait(orderId: string, ms: number, signal?: AbortSignal): Promise<void>;
}

export function createOrderEvents(): OrderEvents {
  const waiters = new Map<string, Set<() => void>>();
  return {
    notify(orderId) {
      const set = waiters.get(orderId);
      if (!set) return;
      waiters.delete(orderId);
      for (const wake of set) wake();
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
  };
}
