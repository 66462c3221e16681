// widget/: the browser side, mounted on a merchant's page; it talks only to the proxy.
import { createClient } from "./client";
import { createEvents } from "./events";
import { firstQuote } from "./first-quote";
import { KioskError } from "./kiosk-error";
import type { Kiosk, KioskOptions } from "./kiosk-types";
import { createProductStore } from "./product-store";
import { hasSavedOrder } from "./saved-order";
import { problemMessage } from "./strings";

export type { CheckoutRequest, Kiosk, KioskOptions } from "./kiosk-types";

/** Creates the runtime for one proxy. */
export function createKiosk(options: KioskOptions): Kiosk {
  const client = createClient(options);
  let checkoutCode: Promise<typeof import("./checkout/open-checkout")> | undefined;
  let store: Promise<unknown> | undefined;
  const products = createProductStore(client);
  const kiosk: Kiosk = {
    client,
    products,
    options,
    events: createEvents(),
    close(popped) {
      void checkoutCode?.then((code) => code.closeCheckout(kiosk, popped)).catch(() => {});
    },
    restore() {
      // A page's first read of sessionStorage waits for the browser: in a task of its own, not
      // in the one that draws the widgets.
      setTimeout(() => {
        // Only a tab with a saved order loads the checkout's code before a click.
        if (kiosk.stopped || !hasSavedOrder()) return;
        checkoutCode ??= import("./checkout/open-checkout");
        void checkoutCode
          .then((code) => code.restoreCheckout(kiosk, () => !kiosk.stopped))
          .catch(() => {});
      });
    },
    stop() {
      // Once the page is taken down, the tab's saved order is not shown by this runtime.
      kiosk.stopped = true;
      // A runtime dropped (a framework's provider unmounted) is not kept alive by the window.
      removeEventListener("popstate", kiosk.close);
    },
    storeSettings() {
      if (!store) {
        const asked = client.http("store");
        store = asked;
        // Asked again by the next checkout after a failure.
        asked.catch(() => {
          if (store === asked) store = undefined;
        });
      }
      return store;
    },
    async checkout(request) {
      // The checkout is its own chunk: a page of cards never pays for it until a click. The
      // click asks for the code, the store's settings and the first quote side by side.
      checkoutCode ??= import("./checkout/open-checkout");
      // The dialog wears its opener's theme from its first frame: that code comes beside the
      // checkout's, not once the checkout's has arrived.
      import("./theme").catch(() => {});
      void kiosk.storeSettings();
      const quote = firstQuote(client, products, request);
      let code: typeof import("./checkout/open-checkout");
      try {
        // Awaited as it is, not through a `catch` of its own: a close asked for meanwhile
        // (`kiosk.close`, Back) waits for the same code, and must come after this open starts.
        code = await checkoutCode;
      } catch {
        // The checkout says its own failures (`kiosk:error`, then a KioskError). Its code that
        // could not be had (offline at the page's first click) is said here, once, in the same
        // words: a merchant's own Buy button shows nothing of it, and their listener is all
        // there is. The next click asks for the code again.
        checkoutCode = undefined;
        kiosk.events.emit(
          "kiosk:error",
          { productId: request.productId, type: "network", message: problemMessage("network") },
          request.origin ?? request.returnFocus,
        );
        throw new KioskError("network");
      }
      await code.openCheckout(kiosk, request, quote);
    },
  };
  // The browser's Back or Forward closes the checkout, or keeps one asked for from showing: heard
  // from the start, for a first click's checkout whose code is still on its way.
  addEventListener("popstate", kiosk.close);
  return kiosk;
}
