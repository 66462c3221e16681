/** How reads are cached and upstream calls are bounded; every duration in ms. */
export interface ResilienceSettings {
  /** How long a read is fresh: served with no upstream call, to display and to pricing alike. */
  readonly freshMs: number;
  /** After freshness, how long display reads get the stale data at once while it is re-read. */
  readonly staleWhileRevalidateMs: number;
  /** After freshness, how long display reads fall back to the last known data when the platform fails. */
  readonly staleIfErrorMs: number;
  /** The longest an upstream read may take before the proxy answers without it. */
  readonly deadlineMs: number;
  /** Failed upstream calls in a row that open the circuit breaker. */
  readonly breakerFailures: number;
  /** How long an open breaker refuses calls before it lets one probe through. */
  readonly breakerOpenMs: number;
  /** Cached reads kept per kind (products, pages, store), least recently used out first. */
  readonly maxEntries: number;
}

/** The defaults: fresh for 10 s, revalidated in the background for 60 s, kept for failures 24 h. */
export const defaultResilience: ResilienceSettings = {
  freshMs: 10_000,
  staleWhileRevalidateMs: 60_000,
  staleIfErrorMs: 24 * 60 * 60 * 1000,
  deadlineMs: 5_000,
  breakerFailures: 5,
  breakerOpenMs: 30_000,
  maxEntries: 5_000,
};

/** The settings given, the defaults for the rest. */
export function resolveSettings(given: Partial<ResilienceSettings>): ResilienceSettings {
  const d = defaultResilience;
  return {
    freshMs: given.freshMs ?? d.freshMs,
    staleWhileRevalidateMs: given.staleWhileRevalidateMs ?? d.staleWhileRevalidateMs,
    staleIfErrorMs: given.staleIfErrorMs ?? d.staleIfErrorMs,
    deadlineMs: given.deadlineMs ?? d.deadlineMs,
    breakerFailures: given.breakerFailures ?? d.breakerFailures,
    breakerOpenMs: given.breakerOpenMs ?? d.breakerOpenMs,
    maxEntries: given.maxEntries ?? d.maxEntries,
  };
}
