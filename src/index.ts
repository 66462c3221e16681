/**
 * Kiosk's widget for bundlers. The same code as `embed.js`, to mount by hand:
 *
 * ```ts
 * import { mountPage } from "kiosk-checkout";
 * mountPage({ apiBase: "https://shop.example/api" });
 * ```
 *
 * Only what the README documents is exported here; the types are those its signatures use.
 */
export {
  type CheckoutModel,
  type CheckoutModelOptions,
  type CheckoutPhase,
  createCheckoutModel,
  type PaymentWindow,
} from "./widget/checkout/checkout-model";
export type { EventSourceFactory, EventSourceLike } from "./widget/checkout/order-follower";
export {
  type ClientOptions,
  createClient,
  type KioskClient,
  type ProductPage,
  type ProductQuery,
} from "./widget/client";
export { ProductCard, type ProductCardProps } from "./widget/components/product-card";
export { Storefront, type StorefrontProps } from "./widget/components/storefront";
export { defineElements } from "./widget/define-elements";
export type {
  KioskBuyButtonElement,
  KioskProductElement,
  KioskProductOptions,
  KioskStorefrontElement,
  KioskStorefrontOptions,
} from "./widget/element-types";
export type {
  KioskEvent,
  KioskEventHandler,
  KioskEventMap,
  KioskEventName,
  KioskEvents,
  Money,
} from "./widget/events";
export type { Locale, MessageOverrides } from "./widget/i18n/locale";
export type { PluralForms } from "./widget/i18n/plural";
export { type CheckoutRequest, createKiosk, type Kiosk, type KioskOptions } from "./widget/kiosk";
export { KioskError } from "./widget/kiosk-error";
export { type MountedPage, mountPage, type PageOptions } from "./widget/page";
export type { ProductState, ProductStore } from "./widget/product-store";
export type {
  KioskMountOptions,
  KioskOpenOptions,
  KioskScriptApi,
} from "./widget/script-api";
