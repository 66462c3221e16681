/** A map that keeps only the `max` most recently added entries, forgetting the oldest first. */
export interface RecentMap<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

/**
 * For what an adapter learns while creating an order and the platform's order object does not
 * repeat (line ids, quantities): kept for the orders this process created, within a bound.
 */
export function createRecentMap<V>(max: number): RecentMap<V> {
  const entries = new Map<string, V>();
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
  };
}
