import { effect } from "@preact/signals-core";
import { h } from "preact";
import { canBuy } from "../core/availability";
import { listenForBuyLinks } from "./buy-links";
import { LazyStorefront } from "./components/lazy-storefront";
import { ProductCard } from "./components/product-card";
import { headingLevel } from "./heading-level";
import { startLocale } from "./i18n/locale";
import { createKiosk } from "./kiosk";
import type { Kiosk, KioskOptions } from "./kiosk-types";
import { mountInShadow } from "./mount";
import { elementPrefill } from "./prefill";
import type { Prefetched } from "./product-store";
import { buySelector, productSelector, storefrontSelector } from "./selectors";

export interface PageOptions extends KioskOptions {
  /** Where to look for `data-kiosk-*` elements; the whole document by default. */
  readonly root?: ParentNode | undefined;
  /** Keep watching for elements added later (single-page apps). Default true. */
  readonly watch?: boolean | undefined;
}

/** The widgets on a page, and how to take them down again. */
export interface MountedPage {
  readonly kiosk: Kiosk;
  /** Settles once the page's language is loaded (widgets re-render in it when it arrives). */
  readonly ready: Promise<void>;
  /**
   * Brings the widgets in line with the page: mounts `data-kiosk-*` elements added since,
   * re-renders those whose `data-kiosk-*` attributes changed and tears down those removed.
   * `mountPage` does it on its own when the page changes.
   */
  scan(): void;
  /** Mounts one element by its `data-kiosk-*` attributes; returns a function that unmounts it. */
  mount(element: Element): () => void;
  /** Unmounts every widget and stops watching. */
  stop(): void;
}

const anySelector = `${productSelector},${buySelector},${storefrontSelector}`;
/** Elements already turned into widgets, so a second embed on the page does not mount twice. */
const mounted = new WeakSet<Element>();

interface Widget {
  /** The element's `data-kiosk-*` attributes when it was mounted: a change re-renders it. */
  readonly key: string;
  readonly unmount: () => void;
}

/**
 * Mounts every widget the merchant's HTML asks for: `data-kiosk-product` cards,
 * `data-kiosk-buy` buttons and `data-kiosk-storefront` grids. All the products they name are
 * asked for in one batched request. Single-page apps need nothing more: elements added later
 * are mounted, changed ones re-rendered, removed ones torn down. `prefetched`: a product request
 * already on its way (`embed.js` sends one), whose answer serves the ids it asked for.
 */
export function mountPage(options: PageOptions, prefetched?: Prefetched): MountedPage {
  const kiosk = createKiosk(options);
  if (prefetched) kiosk.products.seed(prefetched);
  const root = options.root ?? document;
  const widgets = new Map<Element, Widget>();
  let observer: MutationObserver | undefined;
  const ready = startLocale(root, anySelector, options);
  const stopLinks = listenForBuyLinks(kiosk, root);

  const unmount = (element: Element) => {
    const widget = widgets.get(element);
    if (!widget) return;
    widgets.delete(element);
    mounted.delete(element);
    widget.unmount();
  };

  const mount = (element: Element): (() => void) => {
    const key = kioskAttributes(element);
    const current = widgets.get(element);
    if (current?.key === key) return () => unmount(element);
    if (current) unmount(element);
    else if (mounted.has(element)) return () => {};
    const html = element as HTMLElement;
    let teardown: () => void;
    if (html.dataset.kioskProduct !== undefined) {
      const id = attribute(element, "kioskProduct");
      const prefill = elementPrefill(element);
      teardown = mountInShadow(
        element,
        h(ProductCard, { kiosk, productId: id, headingLevel: headingLevel(element), prefill }),
      );
    } else if (html.dataset.kioskStorefront !== undefined) {
      const limit = Number(attribute(element, "kioskLimit")) || undefined;
      const category = attribute(element, "kioskCategory") || undefined;
      teardown = mountInShadow(
        element,
        h(LazyStorefront, { kiosk, category, limit, headingLevel: headingLevel(element) }),
      );
    } else if (html.dataset.kioskBuy !== undefined) {
      teardown = bindBuyButton(kiosk, html);
    } else {
      return () => {};
    }
    mounted.add(element);
    widgets.set(element, { key, unmount: teardown });
    return () => unmount(element);
  };

  const scan = () => {
    for (const element of [...widgets.keys()]) {
      if (!element.isConnected || !element.matches(anySelector)) unmount(element);
    }
    const found = [...root.querySelectorAll(anySelector)];
    // Ask for every product first, in one go, so they share a single batch.
    for (const element of found) {
      const id = attribute(element, "kioskProduct") || attribute(element, "kioskBuy");
      if (id && widgets.get(element)?.key !== kioskAttributes(element)) kiosk.products.get(id);
    }
    for (const element of found) mount(element);
  };

  scan();
  if (options.watch !== false && typeof MutationObserver === "function") {
    let queued = false;
    observer = new MutationObserver((records) => {
      // Only the page's own changes count: ours happen inside shadow roots, out of sight.
      const relevant = records.some(
        (record) => record.type === "childList" || record.attributeName?.startsWith("data-kiosk-"),
      );
      // Many changes in one task become one scan, and so one product request.
      if (!relevant || queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        if (observer) scan();
      });
    });
    observer.observe(root instanceof Document ? root.documentElement : (root as Node), {
      childList: true,
      subtree: true,
      attributes: true,
    });
  }
  return {
    kiosk,
    ready,
    scan,
    mount,
    stop() {
      stopLinks();
      observer?.disconnect();
      observer = undefined;
      for (const element of [...widgets.keys()]) unmount(element);
    },
  };
}

/** The element's `data-kiosk-*` attributes, as one string to compare. */
function kioskAttributes(element: Element): string {
  return [...element.attributes]
    .filter((item) => item.name.startsWith("data-kiosk-"))
    .map((item) => `${item.name}=${item.value}`)
    .sort()
    .join("\n");
}

/**
 * Makes a merchant's own element a buy button: a click opens the checkout, prefilled (and
 * locked) from its `data-kiosk-*` attributes (see {@link elementPrefill});
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
    kiosk.checkout({ productId, ...elementPrefill(element), returnFocus: element }).catch(() => {
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
