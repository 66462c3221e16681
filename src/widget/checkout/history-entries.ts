// The history a checkout last saw, to tell the browser's Back or Forward from an entry the page
// adds itself (see `closeCheckout` in `open-checkout.ts`).
import type { Kiosk } from "../kiosk-types";

/** The browser's Navigation API, where it has one: each history entry has a key of its own. */
const navigation = (
  window as {
    navigation?: { currentEntry: { key: string } | null; entries(): Array<{ key: string }> };
  }
).navigation;

/**
 * The history each runtime's checkout last saw: the entries' keys, else (no Navigation API) how
 * many there were. See `newEntry`.
 */
const entries = new WeakMap<Kiosk, Set<string | undefined> | number>();
const historyNow = () =>
  navigation ? new Set(navigation.entries().map(({ key }) => key)) : history.length;

/** Notes the history as it is now, for the runtime's checkout being opened. */
export function noteHistory(kiosk: Kiosk): void {
  entries.set(kiosk, historyNow());
}

/**
 * Whether the history's current entry is one it had not seen before (a fragment the page set),
 * rather than one the buyer went Back or Forward to; notes the history as it is now.
 */
export function newEntry(kiosk: Kiosk): boolean {
  const known = entries.get(kiosk) ?? 0;
  const now = historyNow();
  entries.set(kiosk, now);
  // The page's own entry is one not seen before (where it took the place of those Back left,
  // their count stays the same: only keys tell).
  return typeof known === "number"
    ? (now as number) > known
    : !known.has(navigation?.currentEntry?.key);
}
