import type { Kiosk } from "./kiosk-types";
import { prefillFrom } from "./prefill";

/**
 * Makes links to the proxy's hosted buy page (`<proxy>/buy/<productId>?quantity=2&coupon=…
 * &email=…&variant=…`) open the checkout in place. Only a plain left click: a middle click, a
 * click with Ctrl, Meta, Shift or Alt, a link with a `target` or `download`, still goes to the
 * hosted page. Returns a function that stops listening.
 */
export function listenForBuyLinks(kiosk: Kiosk, root: ParentNode): () => void {
  let prefix: URL;
  try {
    // The buy page sits beside the API: `https://shop.example/api` → `https://shop.example/buy/`.
    prefix = new URL("../buy/", new URL(`${kiosk.client.apiBase}/`, location.href));
  } catch {
    return () => {};
  }
  const onClick = (event: Event) => {
    const click = event as MouseEvent;
    if (click.defaultPrevented || click.button !== 0) return;
    if (click.ctrlKey || click.metaKey || click.shiftKey || click.altKey) return;
    // The link may sit in a merchant's own shadow root: the composed path finds it there too.
    const link = click
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && !!node.href);
    if (!link || link.hasAttribute("download")) return;
    if (link.target && link.target !== "_self") return;
    const url = new URL(link.href);
    if (url.origin !== prefix.origin || !url.pathname.startsWith(prefix.pathname)) return;
    const rest = url.pathname.slice(prefix.pathname.length);
    if (!rest || rest.includes("/")) return;
    let productId: string;
    try {
      productId = decodeURIComponent(rest);
    } catch {
      return;
    }
    const prefill = prefillFrom((name) => url.searchParams.get(name));
    // A quantity that is none (`quantity=abc`) is not quietly dropped: the hosted page says why.
    if (url.searchParams.get("quantity")?.trim() && !prefill.quantity) return;
    event.preventDefault();
    // Nor is a variant the product does not have (`exact`) quietly replaced.
    kiosk.checkout({ productId, ...prefill, returnFocus: link, exact: true }).catch(() => {
      // Refused, or the checkout's code could not load: the hosted page says why, or still can.
      location.assign(link.href);
    });
  };
  root.addEventListener("click", onClick);
  return () => root.removeEventListener("click", onClick);
}
