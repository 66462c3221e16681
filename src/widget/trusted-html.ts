/**
 * The product description's HTML (rendered from markdown and sanitized by the proxy) as a page
 * that enforces Trusted Types lets it be written: through the widget's one policy, `kiosk`, whose
 * only source is that HTML. Elsewhere it is the text as it is.
 */
interface HtmlPolicy {
  createHTML(html: string): unknown;
}

/**
 * The policy; `null` where the browser has none; `false` where the page allows none of that name
 * (asked once: each refusal is a console error and a CSP violation report).
 */
let policy: HtmlPolicy | null | false | undefined;
/** Each description's trusted copy: the same object again, so a card drawn again keeps its DOM. */
const made = new Map<string, string>();

/**
 * `html` for `innerHTML`, or `undefined` where the page's Trusted Types refuse the widget a
 * policy (its `trusted-types` directive does not name `kiosk`): the description is then left out
 * rather than the card failing to draw.
 */
export function trustedHtml(html: string): string | undefined {
  if (policy === undefined) {
    try {
      policy =
        (
          globalThis as {
            trustedTypes?: {
              createPolicy(name: string, rules: { createHTML(html: string): string }): HtmlPolicy;
            };
          }
        ).trustedTypes?.createPolicy("kiosk", { createHTML: (text) => text }) ?? null;
    } catch {
      policy = false;
    }
  }
  if (policy === false) return undefined;
  if (!policy) return html;
  let trusted = made.get(html);
  if (trusted === undefined) {
    // A TrustedHTML goes where its text would.
    trusted = policy.createHTML(html) as string;
    made.set(html, trusted);
  }
  return trusted;
}
