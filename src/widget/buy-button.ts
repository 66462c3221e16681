import { effect } from "@preact/signals-core";
import { h } from "preact";
import { canBuy } from "../core/availability";
import type { Kiosk } from "./kiosk-types";
import { mountInShadow } from "./mount";
import type { Prefill } from "./prefill";
import { strings } from "./strings";
import { tracked } from "./tracked";

/**
 * Makes a merchant's own element a buy button for `productId`: a click opens the checkout with
 * `prefill`; `openNow` opens it at once (the hosted buy page). A sold-out product disables it.
 * Returns a function that unbinds it.
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
  const stopWatching = effect(() => {
    const current = state.value;
    unavailable =
      current.status === "missing" ||
      (current.status === "ready" && !canBuy(current.product, undefined));
    if (unavailable) element.setAttribute("aria-disabled", "true");
    else element.removeAttribute("aria-disabled");
    if (element instanceof HTMLButtonElement) element.disabled = unavailable;
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
  if (openNow) open();
  return () => {
    stopWatching();
    element.removeEventListener("click", onClick);
  };
}

/** The button's words: the element's own content when it has some, else "Buy". */
const Label = tracked(() => h("slot", null, strings.buy));

/**
 * `<kiosk-buy-button>`: a real `<button>` in the element's shadow root (styled as the cards'
 * Buy button, `::part(button)` to restyle it), bound like a merchant's own buy button.
 */
export function mountBuyButton(
  kiosk: Kiosk,
  host: Element,
  productId: string,
  prefill: Prefill,
): () => void {
  let unbind = () => {};
  return mountInShadow(
    host,
    h(
      "button",
      {
        type: "button",
        class: "buy",
        part: "button",
        // Called with the button as it renders, and with null as it unmounts.
        ref: (button: HTMLButtonElement | null) => {
          unbind();
          unbind = button ? bindBuyButton(kiosk, button, productId, prefill) : () => {};
        },
      },
      h(Label, null),
    ),
    [],
    { theme: kiosk.options.theme },
  );
}
