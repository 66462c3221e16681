/** Waits until `check` holds, asking every 250 ms for at most `ms`; how long it took, or `undefined`. */
export async function within(
  ms: number,
  check: () => Promise<boolean>,
): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (await check()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}
