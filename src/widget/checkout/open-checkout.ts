// widget/checkout/: the checkout dialog, its own chunk, loaded on the first Buy click.
import { effect, type Signal } from "@preact/signals-core";
import { h } from "preact";
import type { Product, StoreInfo } from "../../core/types";
import { buyControls } from "../buy-controls";
import { request as checked } from "../client";
import type { SentQuote } from "../first-quote";
import { KioskError } from "../kiosk-error";
import type { CheckoutRequest, Kiosk } from "../kiosk-types";
import { mountInShadow } from "../mount";
import type { ProductState } from "../product-store";
import { problemMessage } from "../strings";
import { storeAnswer } from "./answers";
import { emitModelEvents } from "./checkout-events";
import { CheckoutModal } from "./checkout-modal";
import { createCheckoutModel } from "./checkout-model";
import { checkoutCss } from "./checkout-styles";
import type { PaymentWindow } from "./checkout-types";
import { newEntry, noteHistory } from "./history-entries";
import { dropSavedOrder, keepCheckout, markSavedOrder, takeCheckout } from "./kept-orders";
import { pageShared } from "./page-shared";
import { restoreDecision } from "./restore-decision";
import { noteTyped, withTyped } from "./typed-values";

/** The page's open checkout, whichever copy of this code opened it (see `PageShared`). */
const page = pageShared;
/** Where each checkout's host gives focus back when it closes. */
const returnsTo = new WeakMap<Element, HTMLElement | null>();
/**
 * The last checkout asked for in each runtime while its product and settings are on their way:
 * a later ask (a double click) or a close before it is shown means it never shows.
 */
const coming = new WeakMap<Kiosk, CheckoutRequest>();
const noop = () => {};

/**
 * Reads the product again and puts it in the page's store, so every card and Buy button of it
 * shows what it is now (sold out by this order, or since the page loaded). Asked past the
 * browser's cache, which may hold the product's last answer for a while.
 */
function readAgain(kiosk: Kiosk, productId: string): void {
  const fresh = (kiosk.options.fetch ?? fetch)(
    `${kiosk.client.apiBase}/products?ids=${encodeURIComponent(productId)}`,
    { cache: "no-cache" },
  );
  kiosk.client
    .products([productId], fresh)
    .then((found) => found.forEach(kiosk.products.put), noop);
}

/** The store's settings; without them the checkout still works (coupons, default payment). */
function storeInfo(kiosk: Kiosk): Promise<StoreInfo | undefined> {
  return checked(() => kiosk.storeSettings(), storeAnswer).catch(() => undefined);
}

/**
 * Opens the checkout dialog for one product. Resolves once it is shown, or not to be (a later
 * open, or a close, came before it was). `firstQuote`: the first quote, already asked for on
 * the click. `wanted`: whether an order shown again (`resume`) still is, once all it needs is in.
 */
export async function openCheckout(
  kiosk: Kiosk,
  request: CheckoutRequest,
  firstQuote?: SentQuote,
  wanted?: () => boolean,
): Promise<void> {
  // An order shown again after a reload is not an ask of the buyer's: nothing replaces it.
  if (!request.resume) coming.set(kiosk, request);
  noteHistory(kiosk);
  // What had focus gets it back (a merchant's own button that called `Kiosk.open`).
  const active = document.activeElement as HTMLElement | null;
  // Opened over another checkout (`Kiosk.open` from the page's code): where that one's went.
  const back = request.returnFocus ?? (active && returnsTo.get(active)) ?? active;
  // A click on a product whose load failed is the buyer's "try again" (for the page's others too).
  kiosk.products.retry();
  const from = request.origin ?? request.returnFocus;
  const { productId } = request;
  const [product, store, , restore] = await Promise.all([
    // No id is no product (the store waits for an element's id to come; an open cannot).
    productId
      ? whenLoaded(kiosk.products.get(productId))
      : Promise.reject(new KioskError("not_found", 0)),
    storeInfo(kiosk),
    // Here before the dialog mounts, so it wears its opener's theme from its first frame.
    import("../theme"),
    request.resume ? undefined : restoreDecision(kiosk),
  ]).catch((error: unknown) => {
    // A product that cannot be shown (none by that id, or its request failed) is said as any
    // failed request is, for a merchant's listener, as well as by the rejection. Code that could
    // not be had (the theme's) fails as the network, in a KioskError: `Kiosk.checkout` then says
    // nothing more of it.
    const failure = error instanceof KioskError ? error : new KioskError("network");
    // It will not show: it holds back nothing else (the tab's saved order, a restore).
    if (coming.get(kiosk) === request) coming.delete(kiosk);
    kiosk.events.emit(
      "kiosk:error",
      { productId, type: failure.kind, message: problemMessage(failure.kind) },
      from,
    );
    throw failure;
  });
  if (request.resume ? wanted?.() === false : coming.get(kiosk) !== request) return;
  // A buy link's variant the product does not have: refused, not quietly another (see `exact`).
  const { variantId } = request;
  if (request.exact && variantId && !product.variants.some(({ id }) => id === variantId)) {
    throw new KioskError("unprocessable");
  }
  const resume = restore?.take;
  if (restore && resume?.productId === productId) {
    // The tab's saved order of this product, shown again in this checkout's place (it came
    // before the restore could show it), from this checkout's opener. A page that opens another
    // product's checkout (a buy link for it) shows that one, and the order stays for a later load.
    restore.take = undefined;
    coming.delete(kiosk);
    return openCheckout(kiosk, { ...resume, origin: from, returnFocus: request.returnFocus });
  }
  // The open one closes first: a page that follows kiosk:open and kiosk:close in order (an "is
  // open" flag, a scroll lock) ends with this one open. Cancelled, neither is.
  page.open?.close();
  // The opener's ancestors as they are now: an event after the page removed the opener (a list
  // rendered again) starts from the nearest of them still there, so whoever heard kiosk:open
  // around it hears its kiosk:close too.
  const around: Node[] = [];
  for (
    let node: Node | null | undefined = from;
    node;
    node = node.parentNode ?? (node as ShadowRoot).host
  ) {
    around.push(node);
  }
  const at = () => around.find((node) => node.isConnected);
  if (!kiosk.events.emit("kiosk:open", { productId, quantity: request.quantity }, at())) return;
  // An entry a kiosk:open listener added (Back to close it, see the README) is the checkout's
  // own: a Back from it closes the checkout, where only the history's length tells entries apart.
  noteHistory(kiosk);
  const { options } = kiosk;
  // An order still being paid (or paid since the dialog closed) is shown again, not a new form.
  const kept = takeCheckout(kiosk, productId);
  // What the buyer typed in a checkout closed before, where this one's request leaves it open.
  const asked = withTyped(kiosk, request);
  const model =
    kept?.model ??
    createCheckoutModel({
      // The runtime's settings it reads (EventSource, pollInterval, quoteDelay), and what the
      // buyer asked for (variant, quantity, code, email, fields, locks; see `withTyped`).
      ...options,
      ...asked,
      client: kiosk.client,
      product,
      fresh: kiosk.products.get(productId),
      store,
      onProblem: (type, message) => {
        // Refused for what the product is now (sold out since the page loaded, fewer left): the
        // page's cards and Buy buttons are told it too, rather than offer it again.
        if (type === "unprocessable") readAgain(kiosk, productId);
        kiosk.events.emit("kiosk:error", { productId, type, message }, at());
      },
      openWindow: options.openWindow ?? openBlankWindow,
      firstQuote,
    });
  const host = document.createElement("div");
  host.setAttribute("data-kiosk-checkout", "");
  returnsTo.set(host, back);
  (options.container ?? document.body).append(host);
  let unmount: () => void = () => {};
  const stopEvents =
    kept?.dispose ??
    emitModelEvents(kiosk, model, productId, at, request.resume, () => readAgain(kiosk, productId));
  const dispose = () => {
    stopEvents();
    model.dispose();
  };
  /** `aside`: the page took the dialog away, not the buyer: even a finished order is kept. */
  const close = (aside?: boolean) => {
    page.open = undefined;
    taken.disconnect();
    unmount();
    host.remove();
    // Shown again after a reload, which nothing in focus opened: to the product's Buy control.
    (request.resume && back === document.body ? buyControls.get(productId) : back)?.focus();
    const orderId = model.order.peek()?.id;
    const phase = model.phase.peek();
    // Closing never loses a purchase: an order on its way keeps being followed. A reload no
    // longer opens it by itself until it is paid: the buyer put it aside.
    if (aside || phase === "submitting" || phase === "paying") {
      // Paid meanwhile (in the payment window), its goods show by themselves where no other
      // checkout is open, on a page still up: the buyer need not know that Buy shows them again.
      const paid =
        phase === "done"
          ? noop
          : effect(() => {
              if (model.phase.value !== "done") return;
              paid();
              if (!page.open && !kiosk.stopped) {
                openCheckout(kiosk, { productId }).catch(noop);
              }
            });
      // An order made after the close (it was on its way) is saved as put aside too.
      model.aside = true;
      keepCheckout(kiosk, productId, {
        model,
        dispose: () => {
          paid();
          dispose();
        },
      });
      markSavedOrder(orderId, true);
    } else {
      // What the buyer typed comes back in the next checkout on the page: all of it when it
      // was closed unpaid, only the email once bought.
      noteTyped(kiosk, productId, model, phase === "done");
      dispose();
      // Seen to its end: a reload no longer brings it back.
      if (phase === "done" || phase === "failed") dropSavedOrder(orderId);
    }
    kiosk.events.emit("kiosk:close", { productId, orderId }, at());
  };
  page.open = { kiosk, close };
  const leave = () => close();
  // A page that replaces what holds the dialog (a router rendering a new <body>) took it away
  // unclosed: it counts as closed, so each kiosk:open still has its kiosk:close, and its order
  // is put aside as one closed while paying is (the buyer may not have kept the goods yet).
  const taken = new MutationObserver(() => host.isConnected || close(true));
  taken.observe(document, { childList: true, subtree: true });
  // Shown again: a reload shows it again too.
  model.aside = false;
  markSavedOrder(model.order.peek()?.id, false);
  // Attached to <body>, the dialog still wears the theme around the Buy button that opened it.
  unmount = mountInShadow(host, h(CheckoutModal, { model, onClose: leave }), [checkoutCss], {
    from,
    theme: options.theme,
  });
}

/**
 * Shows the tab's saved order again (after a reload): its progress, or its goods once paid;
 * not once `wanted` says no more (its page was taken down while the order was read).
 */
export function restoreCheckout(kiosk: Kiosk, wanted: () => boolean): void {
  void restoreDecision(kiosk).then((restore) => {
    // A checkout asked for meanwhile goes first (it shows the saved order itself when it is of
    // the same product).
    const request = restore.take;
    if (!request || page.open || page.restoring || coming.has(kiosk) || !wanted()) return;
    // Another runtime of the page deciding at the same time leaves it to this one, until its
    // dialog is open (which then keeps the others out, as any open checkout does).
    page.restoring = true;
    restore.take = undefined;
    void openCheckout(kiosk, request, undefined, wanted)
      .catch(() => {})
      .finally(() => {
        page.restoring = false;
      });
  });
}

/**
 * Closes the runtime's open checkout, if any, and keeps one asked for from showing. `popped`: the
 * browser's Back or Forward (the page code hears popstate from its start, so a first click's
 * checkout whose code was still on its way hears it too), which takes the buyer to another page
 * of a single-page app: the dialog does not stay over it (an order on its way is kept, as on any
 * close). A fragment the page sets (`location.hash`, so that Back closes the dialog) fires
 * popstate too, with an entry new to the history: that is not leaving.
 */
export function closeCheckout(kiosk: Kiosk, popped?: Event): void {
  const pushed = newEntry(kiosk);
  if (popped?.type === "popstate" && pushed) return;
  coming.delete(kiosk);
  if (page.open?.kiosk === kiosk) page.open.close();
}

/** The product once its batch arrived; a product that cannot be had is an error. */
function whenLoaded(state: Signal<ProductState>): Promise<Product> {
  return new Promise((resolve, reject) => {
    const stop = effect(() => {
      const current = state.value;
      if (current.status === "loading") return;
      queueMicrotask(() => stop());
      if (current.status === "ready") resolve(current.product);
      else reject(new KioskError(current.status === "missing" ? "not_found" : current.kind, 0));
    });
  });
}

/**
 * Opens a blank window inside the click, before the order exists, so popup blockers allow it;
 * the payment page is loaded into it once the proxy answers. The payment page gets no handle
 * on the merchant's page.
 */
function openBlankWindow(): PaymentWindow | null {
  const payment = window.open("", "_blank");
  if (!payment) return null;
  try {
    payment.opener = null;
  } catch {
    // Some browsers refuse; the page is still the platform's own checkout.
  }
  return payment;
}
