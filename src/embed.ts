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
import type { Prefetched } from "./widget/product-store";
import { elementTags, productIdsOn, storefrontSelector } from "./widget/selectors";

/** The page code's chunk, which imports no other chunk (see `vite.config.ts`). */
declare const __KIOSK_ENTRY__: string;
/** The storefront's chunk, which only a page with a storefront needs. */
declare const __KIOSK_STOREFRONT__: string;
/** The custom elements' own code (and templates'), which only a page with `<kiosk-*>` needs. */
declare const __KIOSK_ELEMENTS__: string;
/** Each language's chunk by its code, English's aside (it is in the page code). */
declare const __KIOSK_LOCALES__: Record<string, string>;

const script = document.currentScript as HTMLScriptElement | null;
const source = script?.src || location.href;
/** Where the chunks are: beside `embed.js`. */
const chunks = new URL("chunks/", source).href;
// `data-api` may be relative (`/api`): it means the page's origin, as any URL in the page would.
const apiBase = new URL(script?.dataset.api || "/api", script?.dataset.api ? location.href : source)
  .href;

// `window.Kiosk` is merged into, never replaced; a second embed.js finds `ready` and stops here.
const global = window as { Kiosk?: { ready?: Promise<unknown> } };
const api = global.Kiosk ?? {};
global.Kiosk = api;
if (!api.ready) {
  // Everything the first cards need is asked for now, side by side, instead of each once the one
  // before it has arrived and been parsed: the chunks, and the products the page names.
  const readPage = new Promise<Prefetched | undefined>((resolve) => {
    const preload = (file?: string, selector = "*") => {
      if (!file || !document.querySelector(selector)) return;
      const link = document.createElement("link");
      link.rel = "modulepreload";
      link.href = chunks + file;
      document.head.append(link);
    };
    const read = () => {
      preload(__KIOSK_STOREFRONT__, `${storefrontSelector},kiosk-storefront`);
      preload(__KIOSK_ELEMENTS__, elementTags);
      // The page's language, so that its first cards are drawn in it rather than in English
      // first: the page code's rule in short (the script's `data-locale`, else the page's `lang`,
      // else the browser's); a wrong guess costs a chunk the page does not use.
      preload(
        __KIOSK_LOCALES__[
          (script?.dataset.locale || document.documentElement.lang || navigator.language)
            .toLowerCase()
            .split(/[-_]/)[0] as string
        ],
      );
      // The proxy's largest batch; a page with more asks for the rest itself.
      const ids = productIdsOn(document).slice(0, 100);
      let prefetched: Prefetched | undefined;
      if (ids.length > 0) {
        const base = apiBase.replace(/\/+$/, "");
        const answer = fetch(`${base}/products?ids=${encodeURIComponent(ids.join())}`);
        const seed: Prefetched = { ids, answer };
        // Read as soon as it arrives, while the page code is still being compiled, so the cards
        // can render priced from the start. A failure is the page code's to retry; until it
        // takes the answer over, it is handled.
        answer
          .then((response) => response.clone().json())
          .then(
            (body) => {
              seed.body = body;
            },
            () => {},
          );
        prefetched = seed;
      }
      resolve(prefetched);
      // The first number format a page makes has the browser list every locale it formats
      // numbers in (10-25 ms at 1x): made in a task of its own while the network has the page
      // code and the products, it is no longer on their way to the first price.
      setTimeout(Intl.NumberFormat);
    };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", read, { once: true });
    } else {
      read();
    }
  });

  api.ready = Promise.all([import(/* @vite-ignore */ chunks + __KIOSK_ENTRY__), readPage])
    // `data-locale` on the script picks the buyer's language for every widget on the page, and
    // `data-theme` their scheme where no element sets one.
    .then(([entry, prefetched]: [typeof import("./widget/embed-entry"), Prefetched | undefined]) =>
      entry.start(apiBase, script?.dataset.locale, prefetched, script?.dataset.theme),
    )
    .then(() => api);
}
