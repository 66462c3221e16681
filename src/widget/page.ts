import { h } from "preact";
import { bindBuyButton } from "./buy-button";
import { listenForBuyLinks } from "./buy-links";
import { LazyStorefront } from "./components/lazy-storefront";
import { ProductCard } from "./components/product-card";
import { elementWidgets, restPage } from "./define-elements";
import { headingLevel } from "./heading-level";
import { formatPrice, startLocale } from "./i18n/locale";
import { createKiosk } from "./kiosk";
import type { Kiosk, KioskOptions } from "./kiosk-types";
import { drawAfter, mountInShadow, themeCode } from "./mount";
import { offer } from "./offer";
import { elementPrefill } from "./prefill";
import type { Prefetched } from "./product-store";
import {
  buySelector,
  elementOptions,
  elementTags,
  productSelector,
  storefrontSelector,
} from "./selectors";
import { problemMessage, strings } from "./strings";
import type { PageKit } from "./template";
import { trustedHtml } from "./trusted-html";

/** What `mountPage` takes: the kiosk's options, and where and how long to look for elements. */
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
  /**
   * Unmounts every widget and stops watching (and listening for buy links, and mounting custom
   * elements), until `scan` or `mount` starts the page again.
   */
  stop(): void;
}

const anySelector = `${productSelector},${buySelector},${storefrontSelector}`;
const optionPattern = new RegExp(`^(${elementOptions.join("|")}|field-.+)$`);
/** What the elements' chunk shows with (see `PageKit`). */
const kit: PageKit = { strings, problemMessage, formatPrice, offer, trustedHtml };
/** Elements already turned into widgets, so a second embed on the page does not mount twice. */
const mounted = new WeakSet<Element>();

interface Widget {
  /** The element's options when it was mounted: a change re-renders it. */
  readonly key: string;
  readonly unmount: () => void;
}

type WidgetKind = "product" | "storefront" | "buy" | "buy-button";

/**
 * Mounts every widget the merchant's HTML asks for: `data-kiosk-product` cards,
 * `data-kiosk-buy` buttons and `data-kiosk-storefront` grids, and the custom elements that
 * connect. All the products they name are asked for in one batched request. Single-page apps
 * need nothing more: elements added later are mounted, changed ones re-rendered, removed ones
 * torn down. `prefetched`: a product request already on its way (`embed.js` sends one), whose
 * answer serves the ids it asked for.
 */
export function mountPage(options: PageOptions, prefetched?: Prefetched): MountedPage {
  const kiosk = createKiosk(options);
  // The script's data-theme, for widgets with none around them.
  const themed = { theme: options.theme };
  if (prefetched) kiosk.products.seed(prefetched);
  const root = options.root ?? document;
  const widgets = new Map<Element, Widget>();
  let observer: MutationObserver | undefined;
  const ready = startLocale(root, `${anySelector},${elementTags}`, options);
  // A forced scheme holds from the cards' first frame: on a page where anything has
  // `data-theme` (as embed.js judges it, asking for the theme's code beside the page code; its
  // own script tag's counts) they wait for that code too.
  drawAfter(root.querySelector("[data-theme]") ? Promise.all([ready, themeCode()]) : ready);
  /** Stops listening for buy links; unset while the page is stopped. */
  let stopLinks: (() => void) | undefined = listenForBuyLinks(kiosk, root);

  const unmount = (element: Element) => {
    const widget = widgets.get(element);
    if (!widget) return;
    widgets.delete(element);
    mounted.delete(element);
    widget.unmount();
  };

  /**
   * A stopped page that is asked to mount or scan again starts again (a single-page app back on
   * the shop's route): its buy links, custom elements and watching come back with its widgets.
   */
  const restart = () => {
    if (stopLinks) return;
    // Its runtime goes on too: an order paid in the other window opens by itself again.
    kiosk.stopped = false;
    stopLinks = listenForBuyLinks(kiosk, root);
    // Back and Forward close its checkout again, as from the runtime's start (see `createKiosk`).
    addEventListener("popstate", kiosk.close);
    watch();
    restPage(page, false);
  };

  const mount = (element: Element): (() => void) => {
    restart();
    // A custom element names its options plainly (`product`); any other element `data-kiosk-…`.
    const custom = element.matches(elementTags);
    const prefix = custom ? "" : "data-kiosk-";
    const key = kioskAttributes(element, custom);
    const current = widgets.get(element);
    if (current?.key === key) return () => unmount(element);
    if (current) unmount(element);
    else if (mounted.has(element)) return () => {};
    const read = (name: string) => attribute(element, prefix + name);
    const kind = (
      custom
        ? element.localName.slice(6)
        : ["product", "storefront", "buy"].find((name) => element.hasAttribute(prefix + name))
    ) as WidgetKind | undefined;
    const prefill = elementPrefill(element, prefix);
    // A template and `<kiosk-buy-button>` need the elements' own code, which connects them once
    // it is loaded (`define-elements.ts`).
    const own = elementWidgets();
    let teardown: () => void;
    switch (kind) {
      case "product": {
        const productId = read("product");
        const template = custom
          ? element.querySelector<HTMLTemplateElement>(":scope>template")
          : null;
        if (template) {
          if (!own) return () => {};
          teardown = own.mountTemplate(kiosk, element, template, productId, prefill, kit);
        } else {
          teardown = mountInShadow(
            element,
            h(ProductCard, { kiosk, productId, headingLevel: headingLevel(element), prefill }),
            [],
            themed,
            true,
          );
        }
        break;
      }
      case "storefront":
        teardown = mountInShadow(
          element,
          h(LazyStorefront, {
            kiosk,
            category: read("category") || undefined,
            limit: Number(read("limit")) || undefined,
            headingLevel: headingLevel(element),
          }),
          [],
          themed,
        );
        break;
      case "buy":
        teardown = bindBuyButton(
          kiosk,
          element as HTMLElement,
          read("buy"),
          prefill,
          // Once, when the page shows it: not again as the page changes its other options.
          !current && element.hasAttribute("data-kiosk-open"),
        );
        break;
      case "buy-button":
        if (!own) return () => {};
        teardown = mountInShadow(
          element,
          own.buyButton(kiosk, read("product"), prefill, kit),
          [],
          themed,
        );
        break;
      case undefined:
        return () => {};
      default: {
        const unknown: never = kind;
        return unknown;
      }
    }
    mounted.add(element);
    widgets.set(element, { key, unmount: teardown });
    return () => unmount(element);
  };

  const scan = () => {
    restart();
    for (const element of [...widgets.keys()]) {
      if (!element.isConnected || !element.matches(`${anySelector},${elementTags}`)) {
        unmount(element);
      }
    }
    // A merchant's template inside `<kiosk-product>` has its own `data-kiosk-buy` buttons.
    const found = [...root.querySelectorAll(anySelector)].filter(
      (element) => !element.closest("kiosk-product,[data-kiosk-provider]"),
    );
    // Ask for every product first, in one go, so they share a single batch.
    for (const element of found) {
      const id = attribute(element, "data-kiosk-product") || attribute(element, "data-kiosk-buy");
      if (id && widgets.get(element)?.key !== kioskAttributes(element, false)) {
        kiosk.products.get(id);
      }
    }
    for (const element of found) mount(element);
  };

  /** Mounts, re-renders and unmounts as the page changes (unless `watch` is false). */
  const watch = () => {
    if (options.watch === false || typeof MutationObserver !== "function") return;
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
  };
  scan();
  watch();
  const page: MountedPage = {
    kiosk,
    ready,
    scan,
    mount,
    stop() {
      // The custom elements mount on it no more until it starts again.
      restPage(page, true);
      kiosk.stop();
      stopLinks?.();
      stopLinks = undefined;
      observer?.disconnect();
      observer = undefined;
      for (const element of [...widgets.keys()]) unmount(element);
    },
  };
  return page;
}

/** The element's options (`data-kiosk-*`, or a custom element's), as one string to compare. */
function kioskAttributes(element: Element, custom: boolean): string {
  return [...element.attributes]
    .filter(({ name }) => (custom ? optionPattern.test(name) : name.startsWith("data-kiosk-")))
    .map((item) => `${item.name}=${item.value}`)
    .sort()
    .join("\n");
}

function attribute(element: Element, name: string): string {
  return element.getAttribute(name)?.trim() ?? "";
}
