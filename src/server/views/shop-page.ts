import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { withoutBidiControls } from "../../core";
import { buttonRules, darkTheme, lightTheme, themeFont } from "../../core/theme";
import type { PageLanguage } from "../http/page-language";

/**
 * The proxy's pages in the widget's look: the same colours (light and dark), radius, font and
 * buttons, from the one place the widget takes them. A seller's words may be longer than a
 * phone is wide (a name of one 300-letter word, a table of 30 columns, a picture 5,000 px wide):
 * any word breaks rather than being cut off or widening the page, a picture is at most as wide
 * as its text, and a table or code block keeps its columns and scrolls inside its own box.
 */
export const shopPageCss = `:root{color-scheme:light dark;${lightTheme}}
@media (prefers-color-scheme:dark){:root{${darkTheme}}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:${themeFont};overflow-wrap:anywhere}
button,input{font:inherit;color:inherit;cursor:pointer}
a{color:var(--a)}
:focus-visible{outline:2px solid var(--a);outline-offset:2px}
${buttonRules}
button:disabled{cursor:not-allowed;opacity:.55}
.out{color:var(--er);font-size:1rem;font-weight:600;margin-left:.5rem}
.ghost{padding:.6rem 1rem}
.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem 1.5rem;padding:1rem 1.5rem;border-bottom:1px solid var(--bd)}
.store{font-weight:700;font-size:1.15rem}
main{max-width:36rem;margin:2rem auto;padding:0 1rem;display:flex;flex-direction:column;gap:1rem}
h1{margin:0;font-size:1.5rem;line-height:1.25}
p{margin:0}
.muted{color:var(--mu)}
.panel{border:1px solid var(--bd);border-radius:var(--r);padding:1rem 1.25rem}
.problems{margin:0;padding-left:1.25rem}
.problems li{margin:.25rem 0}
.problems code{font-weight:600}
.lines{list-style:none;margin:0;padding:0}
.total{display:flex;justify-content:space-between;margin:0;border-top:1px solid var(--bd);padding-top:.5rem;font-weight:700}
.total dd{margin:0}
.actions{display:flex;gap:.75rem}
.actions form{flex:1;display:flex}
.actions button{flex:1}
.product{display:flex;flex-direction:column;border:1px solid var(--bd);border-radius:var(--r);overflow:hidden}
.media{width:100%;aspect-ratio:2/1;object-fit:cover;background:var(--sk);display:block}
.info{display:flex;flex-direction:column;gap:.6rem;padding:1.25rem}
.price{font-size:1.2rem;font-weight:700}
.desc{color:var(--mu)}
.desc>*{margin:0 0 .5rem}
.desc>:last-child{margin-bottom:0}
.desc img{max-width:100%;height:auto}
.desc table,.desc pre{display:block;overflow-x:auto;overflow-wrap:normal}`;

/** What every page of the shop shows around its own content. */
export interface ShopFrame {
  readonly language: PageLanguage;
  readonly title: string;
  /** The store's name, in the page's header; `undefined` when the platform could not be read. */
  readonly storeName: string | undefined;
  /** `KIOSK_SHOP_URL`: the header links back to it. */
  readonly shopUrl: string | undefined;
  /** Extra tags for `<head>`, such as the widget's script. */
  readonly head?: HtmlEscapedString | Promise<HtmlEscapedString>;
}

/**
 * A page of the shop: a header with the store's name and the way back to the merchant's site,
 * then `content` in `<main>`. Every value is escaped by `html`. The store's name loses its
 * directional formatting characters (see `withoutBidiControls`), as `GET /store` sends it: the
 * page writes words and the title after it.
 */
export function shopPage(frame: ShopFrame, content: unknown) {
  const { language, title, shopUrl } = frame;
  const storeName =
    frame.storeName === undefined ? undefined : withoutBidiControls(frame.storeName);
  const back =
    shopUrl === undefined
      ? ""
      : html`<a class="back" href="${shopUrl}">${language.strings.backTo(storeName || new URL(shopUrl).host)}</a>`;
  return html`<!doctype html>
<html lang="${language.locale}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <link rel="icon" href="data:," />
    <title>${storeName ? `${title} · ${storeName}` : title}</title>
    <style>${raw(shopPageCss)}</style>
    ${frame.head ?? ""}
  </head>
  <body>
    <header class="top">
      ${storeName ? html`<span class="store">${storeName}</span>` : html`<span></span>`}
      ${back}
    </header>
    <main>
      ${content}
    </main>
  </body>
</html>`;
}
