// The saved order's one decision per page load: shown again, or forgotten (see `open-checkout.ts`).
import { isFinalStatus } from "../../core/order-status";
import type { KioskError } from "../kiosk-error";
import type { CheckoutRequest, Kiosk } from "../kiosk-types";
import { createCheckoutApi } from "./checkout-api";
import { paid } from "./checkout-events";
import { dropSavedOrder, type SavedOrder, savedOrder } from "./kept-orders";

/**
 * Each runtime's one look at the tab's saved order, once per page load: the request that shows it
 * again, while no checkout has taken it yet (`take` empties it).
 */
const restoring = new WeakMap<Kiosk, Promise<{ take?: CheckoutRequest | undefined }>>();

/**
 * Whether the tab's saved order is shown again on this page load, decided once by whichever comes
 * first: the restore, or a checkout asked for before it decided (the hosted buy page opens its
 * own at once). That checkout waits for the decision and shows the saved order in its place, so
 * the buyer sees one dialog, and the page one `kiosk:open`.
 */
export function restoreDecision(kiosk: Kiosk): Promise<{ take?: CheckoutRequest | undefined }> {
  let decided = restoring.get(kiosk);
  if (!decided) {
    const saved = savedOrder();
    decided = saved ? decide(kiosk, saved) : Promise.resolve({});
    restoring.set(kiosk, decided);
  }
  return decided;
}

async function decide(kiosk: Kiosk, saved: SavedOrder): Promise<{ take?: CheckoutRequest }> {
  const { id, token } = saved.order;
  const take = { take: { productId: saved.productId, resume: saved.order, email: saved.email } };
  try {
    const { status } = await createCheckoutApi(kiosk.client).order(id, token);
    // One the buyer closed while it waited for payment opens by itself once paid, to show the
    // goods; ended unpaid meanwhile, it is forgotten.
    if (!saved.closed || paid(status)) return take;
    if (isFinalStatus(status)) dropSavedOrder(id);
  } catch (error) {
    // An order the proxy no longer knows (a restart without Redis emptied its store) is never
    // found again: forgotten, rather than shown by itself on every page of the shop. (`request`
    // fails with a KioskError only.) One not read now (the connection or the shop away) is shown
    // where the buyer left it open, and one they put aside waits for a load that can tell it is
    // paid, rather than open by itself on every page while the shop cannot be reached.
    if ((error as KioskError).kind === "not_found") dropSavedOrder(id);
    else if (!saved.closed) return take;
  }
  return {};
}
