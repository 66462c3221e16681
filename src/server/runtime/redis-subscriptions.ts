import type { Redis } from "ioredis";

/**
 * Waits for `asked` (an unsubscribe, a goodbye) for a second at most, whatever it comes to: a
 * Redis that does not answer must not hold a stop, which waits for both.
 */
export const aSecondAtMost = (asked: Promise<unknown>) =>
  Promise.race([
    asked.catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, 1_000).unref()),
  ]);

/** The channels an instance listens on, over its subscriber connection. */
export interface Subscriptions {
  /**
   * Calls `listener` with every message on `name` (the channel as Redis names it) once Redis has
   * it subscribed; the returned function stops it, and the channel once no one listens.
   */
  subscribe(name: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  /** Stops the connection's heartbeat (the store is closing). */
  stop(): void;
}

/** Listens on `subscriber`: each channel asked of Redis once, however many listen to it. */
export function listenOn(subscriber: Redis): Subscriptions {
  // The subscriber sends nothing of its own: a ping now and then lets socketTimeout see it die.
  const heartbeat = setInterval(() => {
    subscriber.ping().catch(() => undefined);
  }, 5_000);
  heartbeat.unref();
  const listeners = new Map<string, Set<(message: string) => void>>();
  const subscribing = new Map<string, Promise<unknown>>();
  subscriber.on("message", (channel: string, message: string) => {
    for (const listener of listeners.get(channel) ?? []) listener(message);
  });

  return {
    async subscribe(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const own = (message: string) => listener(message);
      set.add(own);
      // Every subscriber of a channel waits for the one asking Redis, and fails with it: one
      // told "subscribed" while that asking was still on its way would keep the channel from
      // ever being asked for again.
      let asking = subscribing.get(name);
      if (!asking) {
        const started = subscriber.subscribe(name);
        asking = started;
        subscribing.set(name, started);
        started.catch(() => {
          if (subscribing.get(name) === started) subscribing.delete(name);
        });
      }
      try {
        await asking;
      } catch (error) {
        set.delete(own);
        if (set.size === 0 && listeners.get(name) === set) listeners.delete(name);
        throw error;
      }
      return async () => {
        set.delete(own);
        if (set.size > 0) return;
        listeners.delete(name);
        subscribing.delete(name);
        await aSecondAtMost(subscriber.unsubscribe(name));
      };
    },
    stop: () => clearInterval(heartbeat),
  };
}
