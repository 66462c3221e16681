/**
 * Seconds to wait before calling a platform again, from `Retry-After` (seconds or an HTTP date)
 * or `X-RateLimit-Reset` / `RateLimit-Reset` (epoch seconds, or seconds from now when small).
 * `undefined` when the response does not say.
 */
export function retryAfterSeconds(
  headers: Headers,
  now: number = Date.now(),
  readReset = true,
): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const trimmed = retryAfter.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  // Window headers ride on every response of some platforms; they mean "wait" only on a 429/503.
  const reset = readReset
    ? (headers.get("x-ratelimit-reset") ?? headers.get("ratelimit-reset"))
    : null;
  if (reset !== null && /^\d+(\.\d+)?$/.test(reset.trim())) {
    const value = Number(reset.trim());
    // Epoch seconds are far larger than any sensible delay; small numbers are a delay already.
    if (value > 1_000_000_000) return Math.max(0, Math.ceil(value - now / 1000));
    return Math.ceil(value);
  }
  return undefined;
}
