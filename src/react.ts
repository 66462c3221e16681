/**
 * Kiosk's components for React 18 and 19 apps, with Preact and the widget bundled inside:
 *
 * ```jsx
 * import { KioskProvider, ProductCard } from "kiosk-checkout/react";
 * <KioskProvider apiBase="https://shop.example/api"><ProductCard productId="pro-license" /></KioskProvider>
 * ```
 *
 * Each component renders a host element React owns; the widget renders inside its shadow root,
 * as the embed's do. The README's "Components" shows the rest.
 */
import {
  type ButtonHTMLAttributes,
  type Context,
  createContext,
  createElement,
  type HTMLAttributes,
  type ReactElement,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import {
  type BuyButtonProps,
  type CheckoutHandle,
  createBindings,
  type Framework,
  type HostAttributes,
  type KioskProviderProps,
  type ProductCardProps,
  type StorefrontProps,
} from "./widget/components/bindings";

export type {
  BuyButtonProps,
  CheckoutHandle,
  KioskPrefillProps,
  KioskProviderProps,
  ProductCardProps,
  StorefrontProps,
} from "./widget/components/bindings";
export type { CheckoutState, KioskTheme } from "./widget/components/provider-runtime";
export type { Money } from "./widget/events";
export type { MessageOverrides } from "./widget/i18n/locale";
export type { KioskOpenOptions } from "./widget/script-api";

const react: Framework<ReactElement> = {
  createElement: (type, props, ...children) =>
    createElement(type as string, props, ...(children as ReactNode[])),
  createContext,
  useContext: <T>(context: unknown) => useContext(context as Context<T>),
  useRef,
  useEffect,
  useMemo,
  useState: (initial) => useState(initial),
};
const bindings = createBindings(react);

/**
 * Gives the components inside it the proxy (`apiBase`), the buyer's language (`locale`,
 * `messages`) and the theme (`theme`: `--kiosk-*` variables for the widgets and the checkout).
 */
export const KioskProvider: (
  props: KioskProviderProps & { readonly children?: ReactNode },
) => ReactElement = bindings.KioskProvider;

/**
 * A product card (image, name, price, stock, variants, Buy), in a shadow root; other props are
 * its host `<div>`'s attributes.
 */
export const ProductCard: (
  props: HostAttributes<ProductCardProps, HTMLAttributes<HTMLDivElement>>,
) => ReactElement = bindings.ProductCard;

/**
 * A `<button>` with your children and attributes that opens the checkout for `productId`,
 * prefilled from its props; disabled while the product is sold out.
 */
export const BuyButton: (
  props: HostAttributes<BuyButtonProps, ButtonHTMLAttributes<HTMLButtonElement>> & {
    readonly children?: ReactNode;
  },
) => ReactElement = bindings.BuyButton;

/**
 * A searchable, paged grid of product cards, in a shadow root; other props are its host `<div>`'s
 * attributes.
 */
export const Storefront: (
  props: HostAttributes<StorefrontProps, HTMLAttributes<HTMLDivElement>>,
) => ReactElement = bindings.Storefront;

/**
 * The checkout of the nearest `<KioskProvider>`: `state` (open, order, stage, error) re-renders
 * the component as it changes; `open(productId, options)` and `close()` drive it from code.
 */
export const useCheckout: () => CheckoutHandle = bindings.useCheckout;
