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
declare const __KIOSK_ENTRY__: string;
/** The chunks the entry imports statically, from the build's manifest. */
declare const __KIOSK_PRELOAD__: readonly string[];

// A module, so that its declarations (`kiosk/embed.js` types) export nothing and define no globals.
export {};

const script = document.currentScript as HTMLScriptElement | null;
const source = script?.src || location.href;
// `data-api` may be relative (`/api`): it means the page's origin, as any URL in the page would.
const apiBase = new URL(script?.dataset.api || "/api", script?.dataset.api ? location.href : source)
  .href;

// Asked for now, beside the entry, instead of once the entry has arrived and been parsed: the
// cards wait one round trip less.
for (const file of __KIOSK_PRELOAD__) {
  const link = document.createElement("link");
  link.rel = "modulepreload";
  link.href = new URL(`chunks/${file}`, source).href;
  document.head.append(link);
}

// `window.Kiosk` is merged into, never replaced; a second embed.js finds `ready` and stops here.
const global = window as { Kiosk?: { ready?: Promise<unknown> } };
const api = global.Kiosk ?? {};
global.Kiosk = api;
api.ready ??= import(/* @vite-ignore */ new URL(`chunks/${__KIOSK_ENTRY__}`, source).href)
  // `data-locale` on the script picks the buyer's language for every widget on the page.
  .then((entry: typeof import("./widget/embed-entry")) =>
    entry.start(apiBase, script?.dataset.locale || undefined),
  )
  .then(() => api);
