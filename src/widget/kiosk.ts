// widget/: the browser side, mounted on a merchant's page; it talks only to the proxy.
import { createClient } from "./client";
import { createEvents } from "./events";
import type { Kiosk, KioskOptions } from "./kiosk-types";
import { createProductStore } from "./product-store";
import { hasSavedOrder } from "./saved-order";

export type { CheckoutRequest, Kiosk, KioskOptions } from "./kiosk-types";

/** Creates the runtime for one proxy. */
export function createKiosk(options: KioskOptions): Kiosk {
  const client = createClient(options);
  let checkoutCode: Promise<typeof import("./checkout/open-checkout")> | undefined;
  const kiosk: Kiosk = {
    client,
    products: createProductStore(client),
    options,
    events: createEvents(),
    close() {
      void checkoutCode?.then((code) => code.closeCheckout(kiosk)).catch(() => {});
    },
    restore() {
      // Only a tab with a saved order loads the checkout's code before a click.
      if (!hasSavedOrder()) return;
      checkoutCode ??= import("./checkout/open-checkout");
      void checkoutCode.then((code) => code.restoreCheckout(kiosk)).catch(() => {});
    },
    async checkout(request) {
      // The checkout is its own chunk: a page of cards never pays for it until a click.
      checkoutCode ??= import("./checkout/open-checkout");
      try {
        const code = await checkoutCode;
        await code.openCheckout(kiosk, request);
      } catch (error) {
        checkoutCode = undefined;
        throw error;
      }
    },
  };
  return kiosk;
}
