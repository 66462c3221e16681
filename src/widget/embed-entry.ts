import { defineElements } from "./define-elements";
import { numbersFrom } from "./mount";
import { type MountedPage, mountPage, type PageOptions } from "./page";
import type { Prefetched } from "./product-store";
import { type KioskScriptApi, scriptApi } from "./script-api";

const started = Symbol.for("kiosk.page");
type KioskGlobal = Partial<KioskScriptApi> & { [started]?: MountedPage };

/**
 * What `embed.js` calls once the document is parsed (it waits for that itself, whether its
 * script tag was `defer`, `async` or neither): mounts the page's widgets and completes
 * `window.Kiosk` (merged into an object the page may already have). A second `embed.js` on the
 * page mounts nothing again. `prefetched` is the product request `embed.js` sent as soon as it
 * saw the page; `numbers` settles once its worker has made the page's first number format
 * (truthy) or could not.
 */
export function start(
  apiBase: string,
  locale?: string,
  prefetched?: Prefetched,
  theme?: string,
  numbers?: Promise<unknown>,
): MountedPage {
  if (numbers) numbersFrom(numbers);
  const global = window as { Kiosk?: KioskGlobal };
  const api: KioskGlobal = global.Kiosk ?? {};
  global.Kiosk = api;
  let page = api[started];
  if (!page) {
    page = mountPage({ apiBase, locale, theme: theme as PageOptions["theme"] }, prefetched);
    api[started] = page;
    Object.assign(api, scriptApi(page));
    // In the same task as the page's own widgets: custom elements join their product batch.
    defineElements(page);
    page.kiosk.events.emit("kiosk:ready", {});
    page.kiosk.restore();
  }
  return page;
}
