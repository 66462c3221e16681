import type { Kiosk } from "../kiosk-types";

/**
 * What every copy of the checkout on a page shares (the script tag's bundle and an app's each
 * have one), kept where each of them sees it.
 */
export interface PageShared {
  /**
   * The page's open checkout, whichever runtime opened it (a page may hold several: a provider
   * each): opening another closes it first, so one dialog is open at a time.
   */
  open?: { readonly kiosk: Kiosk; readonly close: () => void } | undefined;
  /**
   * A runtime of the page is showing the tab's saved order again after a reload: the others (a
   * script tag's and an app's, two providers) leave it to that one.
   */
  restoring?: boolean;
  /** The key of each order sent and not answered, by the order's name (see `order-attempt.ts`). */
  keys?: Record<string, string>;
}

// biome-ignore lint/suspicious/noAssignInExpressions: made by whichever copy loads first, in one expression (the checkout's bytes are counted).
export const pageShared = ((globalThis as { [key: symbol]: unknown })[Symbol.for("kiosk")] ??=
  {}) as PageShared;
