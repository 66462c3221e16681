import { effect } from "@preact/signals-core";
import { canBuy } from "../core/availability";
import { buyControls } from "./buy-controls";
import type { Kiosk } from "./kiosk-types";
import type { Prefill } from "./prefill";

/**
 * Makes a merchant's own element a buy button for `productId`: a click opens the checkout with
 * `prefill`; `openNow` opens it at once (the hosted buy page). A sold-out product disables it.
 * Returns a function that unbinds it, and undoes that.
 */
export function bindBuyButton(
  kiosk: Kiosk,
  element: HTMLElement,
  productId: string,
  prefill: Prefill,
  openNow = false,
): () => void {
  const state = kiosk.products.get(productId);
  let unavailable = false;
  // Only a `disabled` the widget set is undone: the merchant's own stays.
  let disabledHere = false;
  const stopWatching = effect(() => {
    const current = state.value;
    unavailable =
      current.status === "missing" ||
      (current.status === "ready" && !canBuy(current.product, prefill.variantId));
    if (unavailable) element.setAttribute("aria-disabled", "true");
    else element.removeAttribute("aria-disabled");
    if (element instanceof HTMLButtonElement && (disabledHere || !element.disabled)) {
      element.disabled = disabledHere = unavailable;
    }
  });
  const open = () => {
    if (unavailable) return;
    kiosk.checkout({ productId, ...prefill, returnFocus: element }).catch(() => {
      // The checkout's code could not load; the next click asks for it again.
    });
  };
  const onClick = (event: Event) => {
    event.preventDefault();
    open();
  };
  element.addEventListener("click", onClick);
  buyControls.set(productId, element);
  if (openNow) open();
  return () => {
    stopWatching();
    buyControls.delete(productId);
    element.removeEventListener("click", onClick);
    // Nothing of this product's stays: the element may come back, or show another product.
    if (unavailable) element.removeAttribute("aria-disabled");
    if (disabledHere) (element as HTMLButtonElement).disabled = false;
  };
}
