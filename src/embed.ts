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

const script = document.currentScript as HTMLScriptElement | null;
const source = script?.src || location.href;
const apiBase = script?.dataset.api || `${new URL(source).origin}/api`;

import(/* @vite-ignore */ new URL(`chunks/${__KIOSK_ENTRY__}`, source).href).then(
  (entry: typeof import("./widget/embed-entry")) => entry.start(apiBase),
);
