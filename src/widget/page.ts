import { effect } from "@preact/signals";
import { h } from "preact";
import { canBuy } from "../core/availability";
import { ProductCard } from "./components/product-card";
import { Storefront } from "./components/storefront";
import { createKiosk } from "./kiosk";
import type { Kiosk, KioskOptions } from "./kiosk-types";
import { mountInShadow } from "./mount";

export interface PageOptions extends KioskOptions {
  /** Where to look for `data-kiosk-*` elements; the whole document by default. */
  readonly root?: ParentNode | undefined;
  /** Keep watching for elements added later (single-page apps). Default true. */
  readonly watch?: boolean | undefined;
}

/** The widgets on a page, and how to take them down again. */
export interface MountedPage {
  readonly kiosk: Kiosk;
  /** Finds and mounts `data-kiosk-*` elements added since; `mountPage` does it on its own. */
  scan(): void;
  /** Unmounts every widget and stops watching. */
  stop(): void;
}

const productSelector = "[data-kiosk-product]";
const buySelector = "[data-kiosk-buy]";
const storefrontSelector = "[data-kiosk-storefront]";
/** Elements already turned into widgets, so a second embed on the page does not mount twice. */
const mounted = new WeakSet<Element>();

/**
 * Mounts every widget the merchant's HTML asks for: `data-kiosk-product` cards,
 * `data-kiosk-buy` buttons and `data-kiosk-storefront` grids. All the products they name are
 * asked for in one batched request.
 */
export function mountPage(options: PageOptions): MountedPage {
  const kiosk = createKiosk(options);
  const root = options.root ?? document;
  const cleanups: Array<() => void> = [];

  const track = (element: Element, cleanup: () => void) => {
    mounted.add(element);
    cleanups.push(() => {
      cleanup();
      mounted.delete(element);
    });
  };

  const scan = () => {
    const found = (selector: string) =>
      [...root.querySelectorAll(selector)].filter((element) => !mounted.has(element));
    const cards = found(productSelector);
    const buttons = found(buySelector);
    const storefronts = found(storefrontSelector);
    // Ask for every product first, in one go, so they share a single batch.
    for (const element of cards) kiosk.products.get(attribute(element, "kioskProduct"));
    for (const element of buttons) kiosk.products.get(attribute(element, "kioskBuy"));
    for (const element of cards) {
      const id = attribute(element, "kioskProduct");
      track(element, mountInShadow(element, h(ProductCard, { kiosk, productId: id })));
    }
    for (const element of storefronts) {
      const limit = Number(attribute(element, "kioskLimit")) || undefined;
      const category = attribute(element, "kioskCategory") || undefined;
      track(element, mountInShadow(element, h(Storefront, { kiosk, category, limit })));
    }
    for (const element of buttons) {
      track(element, bindBuyButton(kiosk, element as HTMLElement));
    }
  };

  scan();
  if (options.watch !== false && typeof MutationObserver === "function") {
    let queued = false;
    const observer = new MutationObserver(() => {
      // Many insertions in one task become one scan, and so one product request.
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        scan();
      });
    });
    observer.observe(root instanceof Document ? root.documentElement : (root as Node), {
      childList: true,
      subtree: true,
    });
    cleanups.push(() => observer.disconnect());
  }
  return {
    kiosk,
    scan,
    stop() {
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}

/**
 * Makes a merchant's own element a buy button: a click opens the checkout, prefilled from
 * `data-kiosk-quantity`, `data-kiosk-variant`, `data-kiosk-coupon` and `data-kiosk-email`;
 * `data-kiosk-open` opens it at once (the hosted buy page). A sold-out product disables it.
 * Returns a function that unbinds it.
 */
export function bindBuyButton(kiosk: Kiosk, element: HTMLElement): () => void {
  const productId = attribute(element, "kioskBuy");
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
    const quantity = Number(attribute(element, "kioskQuantity"));
    kiosk
      .checkout({
        productId,
        variantId: attribute(element, "kioskVariant") || undefined,
        quantity: Number.isSafeInteger(quantity) && quantity > 0 ? quantity : undefined,
        coupon: attribute(element, "kioskCoupon") || undefined,
        email: attribute(element, "kioskEmail") || undefined,
        returnFocus: element,
      })
      .catch(() => {
        // The checkout's code could not load; the next click asks for it again.
      });
  };
  const onClick = (event: Event) => {
    event.preventDefault();
    open();
  };
  element.addEventListener("click", onClick);
  if (element.dataset.kioskOpen !== undefined) open();
  return () => {
    stopWatching();
    element.removeEventListener("click", onClick);
  };
}

function attribute(element: Element, name: string): string {
  return (element as HTMLElement).dataset[name]?.trim() ?? "";
}
