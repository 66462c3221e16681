/**
 * `map` with at most `limit` calls in flight, keeping the input's order. When one call fails, no
 * new call starts and the failure is thrown only once the calls already in flight have settled:
 * an answer never leaves upstream requests (and their retries) running behind it.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await map(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker),
  );
  for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
  return results;
}

/**
 * `Promise.all` for two upstream reads that waits for both to settle before throwing the first
 * failure, for the same reason as `mapLimit`.
 */
export async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === "rejected") throw first.reason;
  if (second.status === "rejected") throw second.reason;
  return [first.value, second.value];
}
