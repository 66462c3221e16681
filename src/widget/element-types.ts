// widget/element-types: what TypeScript knows of the custom elements `defineElements` defines.

/**
 * The options of `<kiosk-product>` and `<kiosk-buy-button>`: each a property that reflects its
 * attribute. Read, it is the attribute's text (`null` when there is none); set, any value is
 * written as text, and `null` removes the attribute. `field-KEY` (a custom field's prefill) is an
 * attribute only.
 */
export interface KioskProductOptions {
  /** The product's id. */
  get product(): string | null;
  set product(value: string | null);
  /** The quantity the checkout opens with. */
  get quantity(): string | null;
  set quantity(value: string | number | null);
  /** The variant's id the checkout opens with. */
  get variant(): string | null;
  set variant(value: string | null);
  /** A coupon code, applied when the checkout opens. */
  get coupon(): string | null;
  set coupon(value: string | null);
  /** The buyer's email, filled in. */
  get email(): string | null;
  set email(value: string | null);
  /** Prefilled fields shown read-only: `email quantity coupon variant fields.KEY`, or `fields`. */
  get lock(): string | null;
  set lock(value: string | null);
}

/** The options of `<kiosk-storefront>`, reflecting their attributes as a card's do. */
export interface KioskStorefrontOptions {
  /** The category it lists (a platform's id or name). */
  get category(): string | null;
  set category(value: string | null);
  /** Cards per page. */
  get limit(): string | null;
  set limit(value: string | number | null);
}

/** `<kiosk-product>`: a product card, or the merchant's own `<template>` filled in. */
export interface KioskProductElement extends HTMLElement, KioskProductOptions {}
/** `<kiosk-buy-button>`: a Buy button labelled by the element's content. */
export interface KioskBuyButtonElement extends HTMLElement, KioskProductOptions {}
/** `<kiosk-storefront>`: a grid of cards with search and paging. */
export interface KioskStorefrontElement extends HTMLElement, KioskStorefrontOptions {}

declare global {
  interface HTMLElementTagNameMap {
    "kiosk-product": KioskProductElement;
    "kiosk-buy-button": KioskBuyButtonElement;
    "kiosk-storefront": KioskStorefrontElement;
  }
}
