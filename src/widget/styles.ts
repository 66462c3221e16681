import { buttonRules, darkTheme, lightTheme, themeFont } from "../core/theme";

/**
 * The widget's own styles, applied inside each shadow root. The page's rules still reach the
 * host element itself, so the reset (`all: initial`) sits on our container inside the shadow
 * root, where nothing outside can override it. `--kiosk-*` custom properties still inherit
 * through, which is how a merchant themes the widget (core's `lightTheme` and `darkTheme`).
 * `--t` is empty unless the page sets a colour, so only such pages load the theme code. The
 * storefront's own rules come with its chunk (`components/storefront.tsx`), as do the
 * checkout's (`checkout/checkout-styles.ts`); the rules both share (text fields, muted text, a
 * button kept focusable while it does nothing) are here, once, rather than in each.
 */
export const baseCss =
  ":host{display:block}" +
  // Any word may break (a long product name, a delivered link, an email address) rather than
  // run out of its box, where it would be cut off or push the dialog past a phone's width.
  // `--ln` is set only where a theme needs it: never the page's own, which `all` leaves in.
  `.kiosk{all:initial;display:block;overflow-wrap:anywhere;${lightTheme};--ln:initial;--h:var(--kiosk-card-height,432px);` +
  "--t:var(--kiosk-accent,)var(--kiosk-accent-text,)var(--kiosk-bg,)var(--kiosk-text,)var(--kiosk-muted,)var(--kiosk-danger,)var(--kiosk-success,);" +
  `font:${themeFont};color:var(--fg)}` +
  `@media (prefers-color-scheme:dark){.kiosk{${darkTheme}}}` +
  "*{box-sizing:border-box}" +
  "button,input,select,textarea{font:inherit;color:inherit}" +
  "a{color:var(--ln,var(--a))}" +
  "button{cursor:pointer}" +
  // A button that keeps its focus while it does nothing is aria-disabled (the checkout's steps,
  // the storefront's pager), and looks as a disabled one does.
  "button:disabled,[aria-disabled=true]{cursor:not-allowed;opacity:.55}" +
  // The link colour where a merchant's accent would not stand out from the background.
  ":focus-visible{outline:2px solid var(--ln,var(--a));outline-offset:2px}" +
  ".card{display:flex;flex-direction:column;height:var(--h);overflow:hidden;background:var(--bg);border:1px solid var(--bd);border-radius:var(--r)}" +
  // What gives way on a card with more to say than its height holds (badges, a long
  // description, a variant select) is its picture, cropped shorter, never a line of its text.
  ".media{height:calc(var(--h)*.42);background:var(--sk);overflow:hidden}" +
  ".media img{width:100%;height:100%;object-fit:cover;display:block}" +
  ".body{display:flex;flex-direction:column;gap:6px;padding:13px 16px 16px;flex:1 0 auto}" +
  // Two lines before an ellipsis: one cut most names on a phone (WCAG 1.4.10); the picture gives
  // the second its room.
  ".name{margin:0;font-size:17px;font-weight:600;overflow:hidden;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical}" +
  ".row{display:flex;justify-content:space-between;align-items:baseline;gap:8px}" +
  // A price is one word, as wide as it is written ("25.000,000 IQD" on a German card 240 px
  // wide): the stock beside it wraps, never the currency's code into "IQ" over "D".
  ".price{font-weight:700;flex:none}" +
  ".stock,.muted{color:var(--mu);font-size:14px}" +
  ".out{color:var(--er);font-weight:600}" +
  ".desc{flex:none;max-height:4.35em;margin-bottom:auto;overflow:hidden;color:var(--mu);font-size:14px;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical}" +
  ".desc *{display:inline;margin:0;padding:0;font-size:inherit}.desc img{display:none}" +
  // A link past the third line that takes focus shows with the rest, not in a box scrolled to it
  // and left so.
  ".desc:focus-within{display:block;max-height:none}" +
  ".badges{display:flex;gap:5px}" +
  ".badge{font-size:11px;text-transform:uppercase;letter-spacing:.04em;border:1px solid var(--bd);border-radius:99px;padding:0 8px}" +
  // The fields' rules: a card's select, and the checkout's and the storefront's text fields.
  "input,select,textarea{background:var(--bg);border:1px solid var(--mu);border-radius:calc(var(--r)*.6);padding:6px 9px;width:100%}" +
  buttonRules +
  ".sk{background:var(--sk);border-radius:4px;height:1em}" +
  ".sk-title{width:70%;height:1.3em}.sk-price{width:35%;margin-bottom:8px}.sk-line{width:85%}" +
  ".error{color:var(--er);font-size:14px;margin:0}" +
  ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}";

const sheets = new Map<string, CSSStyleSheet>();

/**
 * Applies styles to a shadow root: a constructed, shared `CSSStyleSheet` where the browser has
 * them (no `style-src 'unsafe-inline'` needed), a `<style>` element where it does not.
 */
export function adoptStyles(root: ShadowRoot, css: string): void {
  if ("adoptedStyleSheets" in root && "replaceSync" in CSSStyleSheet.prototype) {
    let sheet = sheets.get(css);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
    return;
  }
  // A root mounted again (a single-page app changing what a card shows) has its styles already.
  for (const style of root.querySelectorAll("style")) if (style.textContent === css) return;
  const style = document.createElement("style");
  style.textContent = css;
  root.prepend(style);
}
