/**
 * Kiosk's widget for bundlers. The same code as `embed.js`, to mount by hand:
 *
 * ```ts
 * import { mountPage } from "kiosk";
 * mountPage({ apiBase: "https://shop.example/api" });
 * ```
 */
export type { CheckoutApi } from "./widget/checkout/checkout-api";
export { CheckoutModal, type CheckoutModalProps } from "./widget/checkout/checkout-modal";
export {
  type CheckoutModel,
  type CheckoutModelOptions,
  type CheckoutPhase,
  createCheckoutModel,
  type PaymentWindow,
} from "./widget/checkout/checkout-model";
export { openCheckout } from "./widget/checkout/open-checkout";
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
export { KioskError } from "./widget/errors";
export { type CheckoutRequest, createKiosk, type Kiosk, type KioskOptions } from "./widget/kiosk";
export { mountInShadow } from "./widget/mount";
export { bindBuyButton, type MountedPage, mountPage, type PageOptions } from "./widget/page";
export { createProductStore, type ProductState, type ProductStore } from "./widget/product-store";
export { checkoutStrings, strings } from "./widget/strings";
