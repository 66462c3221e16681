/**
 * The script-tag entry, built to `dist/embed.js`:
 *
 * ```html
 * <script src="https://shop.example/embed.js" data-api="https://shop.example/api" defer></script>
 * ```
 *
 * It reads its own `data-*` attributes (only a classic script knows `document.currentScript`)
 * and loads the widget's ES modules from `chunks/` beside itself.
 */
import type { KioskEvent, KioskEventName } from "./widget/events";
import type { Prefetched } from "./widget/product-store";
import type { KioskScriptApi } from "./widget/script-api";

// The custom elements `embed.js` defines, typed for a page that imports its types.
export type {
  KioskBuyButtonElement,
  KioskProductElement,
  KioskStorefrontElement,
} from "./widget/element-types";

import { buySelector, elementTags, productIdsOn, storefrontSelector } from "./widget/selectors";

/** Each `kiosk:*` event by its name, as a listener on the document receives it. */
type KioskDocumentEvents = { [N in KioskEventName]: KioskEvent<N> };

/**
 * `window.Kiosk` while the page code is on its way: `ready` alone, which resolves to the whole
 * API once the page's widgets are mounted.
 */
export interface KioskLoading {
  readonly ready: Promise<KioskScriptApi>;
}

// Types only, for a page that loads the script tag and imports `kiosk-checkout/embed.js`'s types.
declare global {
  interface Window {
    /**
     * The script API that `embed.js` completes: `ready` once it has run, every other member once
     * `ready` has resolved (`(await window.Kiosk?.ready)?.open(…)`).
     */
    Kiosk?: KioskScriptApi | KioskLoading;
  }
  /** The `kiosk:*` events bubble from the widgets up to the document. */
  interface DocumentEventMap extends KioskDocumentEvents {}
}

/** The page code's chunk, which imports no other chunk (see `vite.config.ts`). */
declare const __KIOSK_ENTRY__: string;
/** The storefront's chunk, which only a page with a storefront needs. */
declare const __KIOSK_STOREFRONT__: string;
/** The custom elements' own code (and templates'), which only a page with `<kiosk-*>` needs. */
declare const __KIOSK_ELEMENTS__: string;
/** The theme's chunk, which only a themed widget needs before it is drawn in its colours. */
declare const __KIOSK_THEME__: string;
/** The code that reads the merchant's wording, which cards on a page with some wait for. */
declare const __KIOSK_OVERRIDES__: string;
/** Each language's chunk by its code, English's aside (it is in the page code). */
declare const __KIOSK_LOCALES__: Record<string, string>;

const script = document.currentScript as HTMLScriptElement | null;
const source = script?.src || location.href;
/** The script's `data-*` attributes. */
const data: DOMStringMap = script?.dataset ?? {};
/** Where the chunks are: beside `embed.js`. */
const chunks = new URL("chunks/", source).href;
// `data-api` may be relative (`/api`): it means the page's origin, as any URL in the page would.
const apiBase = new URL(data.api || "/api", data.api ? location.href : source).href.replace(
  /\/+$/,
  "",
);

// `window.Kiosk` is merged into, never replaced; a second embed.js finds `ready` and stops here.
const global = window as { Kiosk?: { ready?: Promise<unknown> } };
const api = global.Kiosk ?? {};
global.Kiosk = api;
if (!api.ready) {
  const pageCode = import(/* @vite-ignore */ chunks + __KIOSK_ENTRY__);
  // Everything the first cards need is asked for now, side by side, instead of each once the one
  // before it has arrived and been parsed: the chunks, and the products the page names.
  const readPage = new Promise<Prefetched | undefined>((resolve) => {
    const preload = (file?: string, selector = "*") => {
      if (file && document.querySelector(selector)) {
        document.head.append(
          Object.assign(document.createElement("link"), {
            rel: "modulepreload",
            href: chunks + file,
          }),
        );
      }
    };
    const read = () => {
      preload(__KIOSK_STOREFRONT__, `${storefrontSelector},kiosk-storefront`);
      preload(__KIOSK_ELEMENTS__, elementTags);
      preload(__KIOSK_THEME__, "[data-theme]");
      preload(__KIOSK_OVERRIDES__, "[data-kiosk-messages]");
      // The page's language, so that its first cards are drawn in it rather than in English
      // first: the page code's rule in short (the script's `data-locale`, else the page's `lang`,
      // else the browser's); a wrong guess costs a chunk the page does not use.
      preload(
        __KIOSK_LOCALES__[
          (data.locale || document.documentElement.lang || navigator.language)
            .toLowerCase()
            .split(/[-_]/)[0] as string
        ],
      );
      // The proxy's largest batch; a page with more asks for the rest itself.
      const ids = productIdsOn(document).slice(0, 100);
      if (!ids[0]) return resolve(undefined);
      const answer = fetch(`${apiBase}/products?ids=${encodeURIComponent(ids.join())}`);
      const seed: Prefetched = { ids, answer };
      // Read as soon as it arrives, while the page code is still being compiled, and the page
      // mounted once it is read: cards then draw priced, once, rather than as placeholders drawn
      // over a moment later (the page code and the products arrive together). An answer slower
      // than a second is the page code's to wait for, behind placeholders; a failure is its to
      // retry (until it takes the answer over, it is handled).
      answer
        .then((response) => response.clone().json())
        .then(
          (body) => {
            seed.body = body;
          },
          () => {},
        )
        .then(() => resolve(seed));
      setTimeout(resolve, 1e3, seed);
    };
    // The document's parsing ends once: the listener needs no `once`.
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", read);
    } else {
      read();
    }
  });
  // The first number format a page makes has the browser list every locale it formats numbers
  // in (10-25 ms at 1x, one call that cannot be split). That list is the renderer process's, not
  // a thread's: made by a worker while the network has the page code and the products, it costs
  // the page's own thread nothing. Where the page's CSP refuses a data: worker (or it is not done
  // in 3 s), `numbers` says so and the page code makes it in a task of its own.
  const numbers = new Promise((made) => {
    setTimeout(made, 3e3);
    // After the requests, in a task of its own: on a slow phone a worker's start takes 5-20 ms.
    setTimeout(() => {
      try {
        // From a data: URL, not a blob: one: a blob's URL is registered with the browser
        // process by a call the page's thread waits for, 1-20 ms on a busy machine.
        const worker = new Worker(
          "data:text/javascript,Intl.NumberFormat();postMessage(0);close()",
        );
        // Made: its message has data; refused (a CSP), an error has none.
        worker.onmessage = worker.onerror = (event: Event) => made("data" in event);
      } catch {
        made(false);
      }
    });
  });

  // A merchant's Buy button pressed while the page code is on its way does nothing of its own:
  // the last one pressed is pressed again once the page is mounted. A link is left to go where
  // it points, the page's own way to a checkout without the widget.
  let pressed: HTMLElement | undefined;
  const early = (event: Event) => {
    const buy = (event.target as Element).closest?.<HTMLElement>(buySelector);
    if (buy && !(buy as HTMLAnchorElement).href) {
      event.preventDefault();
      pressed = buy;
    }
  };
  addEventListener("click", early);
  api.ready = Promise.all([pageCode, readPage])
    // `data-locale` on the script picks the buyer's language for every widget on the page, and
    // `data-theme` their scheme where no element sets one.
    .then(([entry, prefetched]: [typeof import("./widget/embed-entry"), Prefetched | undefined]) =>
      entry.start(apiBase, data.locale, prefetched, data.theme, numbers),
    )
    // Mounted or not, the page's clicks are its own again.
    .finally(() => removeEventListener("click", early))
    .then(() => {
      pressed?.click();
      return api;
    });
}
