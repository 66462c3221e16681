/**
 * The elements a page marks for the widget. Shared by the page code and `embed.js`, which reads
 * the page before the page code has arrived, to ask for its products and chunks at once.
 */
export const productSelector = "[data-kiosk-product]";
export const buySelector = "[data-kiosk-buy]";
export const storefrontSelector = "[data-kiosk-storefront]";
/** The custom elements (`define-elements.ts`), whose options are plain attributes (`product`). */
export const elementTags = "kiosk-product,kiosk-buy-button,kiosk-storefront";
/** A custom element's option attributes (and properties); `field-<key>` is read too. */
export const elementOptions = [
  "product",
  "quantity",
  "variant",
  "coupon",
  "email",
  "lock",
  "category",
  "limit",
];

/**
 * The product ids the page's cards and buy buttons name (`data-kiosk-*` and custom elements alike),
 * each once, in page order.
 */
export function productIdsOn(root: ParentNode): string[] {
  const ids = new Set<string>();
  for (const element of root.querySelectorAll<HTMLElement>(
    `${productSelector},${buySelector},${elementTags}`,
  )) {
    const id = (
      element.dataset.kioskProduct ||
      element.dataset.kioskBuy ||
      element.getAttribute("product")
    )?.trim();
    if (id) ids.add(id);
  }
  return [...ids];
}
