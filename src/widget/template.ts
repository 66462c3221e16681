import { effect } from "@preact/signals-core";
import { defaultVariant } from "../core/availability";
import type { Product } from "../core/types";
import { bindBuyButton } from "./buy-button";
import type { formatPrice } from "./i18n/locale";
import type { Kiosk } from "./kiosk-types";
import type { Offer, offer } from "./offer";
import type { Prefill } from "./prefill";
import type { problemMessage, strings } from "./strings";
import type { trustedHtml } from "./trusted-html";

/**
 * The page code's words and figures, which the elements' chunk is handed rather than imports:
 * importing them from it makes the bundler move the page code's shared modules into a chunk of
 * their own, one more file before the first card.
 */
export interface PageKit {
  readonly strings: typeof strings;
  readonly problemMessage: typeof problemMessage;
  readonly formatPrice: typeof formatPrice;
  readonly offer: typeof offer;
  readonly trustedHtml: typeof trustedHtml;
}

/**
 * Renders a merchant's `<template>` for one product into `host`'s light DOM, where the page's
 * own CSS styles it. Elements name what they show: `data-kiosk-text="name|price|stock|category"`,
 * `data-kiosk-html="description"` (the proxy's sanitized HTML), `<img data-kiosk-image>` (the
 * first http(s) image) and `data-kiosk-buy` (opens the checkout; disabled when sold out). They
 * follow the product's state, so price, stock and sold out stay true. Returns a function that
 * removes it again. `kit`: the page code's words and figures.
 */
export function mountTemplate(
  kiosk: Kiosk,
  host: Element,
  template: HTMLTemplateElement,
  productId: string,
  prefill: Prefill,
  kit: PageKit,
): () => void {
  const { strings, problemMessage, formatPrice, offer, trustedHtml } = kit;
  const content = template.content.cloneNode(true) as DocumentFragment;
  disarm(content);
  const all = (selector: string) => [...content.querySelectorAll<HTMLElement>(selector)];
  const texts = all("[data-kiosk-text]");
  const descriptions = all('[data-kiosk-html="description"]');
  const images = all("img[data-kiosk-image]") as HTMLImageElement[];
  const unbind = all("[data-kiosk-buy]").map((button) =>
    bindBuyButton(kiosk, button, productId, prefill),
  );
  const nodes = [...content.childNodes];
  host.append(content);
  const state = kiosk.products.get(productId);
  const stop = effect(() => {
    const current = state.value;
    if (current.status === "ready") {
      const { product } = current;
      const shown = offer(product, defaultVariant(product.variants, prefill.variantId)?.id);
      for (const element of texts) {
        const text = textOf(element.dataset.kioskText, product, shown, formatPrice);
        if (text !== undefined) element.textContent = text;
      }
      // descriptionHtml is rendered from markdown and sanitized by the proxy.
      const description = trustedHtml(product.descriptionHtml);
      if (description !== undefined) {
        for (const element of descriptions) element.innerHTML = description;
      }
      for (const image of images) {
        if (!shown.image) continue;
        image.src = shown.image;
        // An `alt` the merchant wrote (even an empty one) is theirs.
        if (!image.hasAttribute("alt")) image.alt = product.name;
      }
    } else if (current.status !== "loading") {
      // The stock line says why there is nothing to buy.
      const message =
        current.status === "missing" ? strings.productMissing : problemMessage(current.kind);
      for (const element of texts) {
        if (element.dataset.kioskText === "stock") element.textContent = message;
      }
    }
  });
  return () => {
    stop();
    for (const undo of unbind) undo();
    for (const node of nodes) node.remove();
  };
}

function textOf(
  field: string | undefined,
  product: Product,
  shown: Offer,
  formatPrice: PageKit["formatPrice"],
): string | undefined {
  switch (field) {
    case "name":
      return product.name;
    case "price":
      return formatPrice(shown.price);
    case "stock":
      return shown.stock;
    case "category":
      return product.category;
    default:
      return undefined;
  }
}

/**
 * Elements that load or run a document or a script of their own (a frame, an object, a `data:`
 * document in either), set the page's base, or rewrite a link as they animate (SVG's animations).
 */
const unsafeElements =
  /^(script|iframe|frame|frameset|object|embed|applet|portal|base|meta|animate|animatemotion|animatetransform|set|handler)$/;

/** Attributes that hold a URL: one may only be http(s), mail, a phone number or relative. */
const urlAttributes =
  /^(href|xlink:href|src|srcset|action|formaction|data|poster|background|ping|codebase|cite|longdesc|lowsrc|dynsrc|manifest|usemap|archive|classid)$/i;

/**
 * Leaves nothing in a template's clone that could run once it is in the page: none of the
 * elements above, no `on…` handlers, no `srcdoc`, no URL of another scheme (`javascript:`,
 * `data:`), in shadow roots too.
 */
export function disarm(root: ParentNode): void {
  for (const element of root.querySelectorAll("*")) {
    if (unsafeElements.test(element.localName.toLowerCase())) {
      element.remove();
      continue;
    }
    if (element.shadowRoot) disarm(element.shadowRoot);
    for (const { name, value } of [...element.attributes]) {
      // The URL parser ignores spaces and control characters, so "java\tscript:" counts too.
      const url = value.replace(/[\0- ]/g, "");
      if (
        /^on|^srcdoc$/i.test(name) ||
        (urlAttributes.test(name) &&
          /^[a-z][\w+.-]*:/i.test(url) &&
          !/^(https?|mailto|tel):/i.test(url))
      ) {
        element.removeAttribute(name);
      }
    }
  }
}
