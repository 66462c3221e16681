/**
 * The tab's `sessionStorage`, as JSON (never a cookie, never the URL): storage that is off or
 * full reads as nothing and keeps nothing, and what it holds is checked by whoever reads it.
 */
export function readTab(key: string): unknown {
  try {
    return JSON.parse(sessionStorage.getItem(key) as string);
  } catch {
    return null;
  }
}

/** Keeps `value` under `key`, or forgets the key without one. */
export function writeTab(key: string, value?: unknown): void {
  try {
    if (value === undefined) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage off or full: nothing outlives the page.
  }
}
