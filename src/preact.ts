/**
 * Kiosk's components for Preact apps:
 *
 * ```jsx
 * import { KioskProvider, ProductCard } from "kiosk-checkout/preact";
 * <KioskProvider apiBase="https://shop.example/api"><ProductCard productId="pro-license" /></KioskProvider>
 * ```
 *
 * The cards and the storefront render in shadow roots, as the embed's do; the README's
 * "Components" shows the rest.
 */
import {
  type ComponentChildren,
  type Context,
  createContext,
  type HTMLAttributes,
  h,
  type VNode,
} from "preact";
import { useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
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

const preact: Framework<VNode> = {
  createElement: (type, props, ...children) =>
    h(type as string, props, ...(children as ComponentChildren[])) as VNode,
  createContext,
  useContext: <T>(context: unknown) => useContext(context as Context<T>),
  useRef,
  useEffect,
  useMemo,
  useState: (initial) => useState(initial),
};
const bindings = createBindings(preact);

/**
 * Gives the components inside it the proxy (`apiBase`), the buyer's language (`locale`,
 * `messages`) and the theme (`theme`: `--kiosk-*` variables for the widgets and the checkout).
 */
export const KioskProvider: (
  props: KioskProviderProps & { readonly children?: ComponentChildren },
) => VNode = bindings.KioskProvider;

/**
 * A product card (image, name, price, stock, variants, Buy), in a shadow root; other props are
 * its host `<div>`'s attributes.
 */
export const ProductCard: (
  props: HostAttributes<ProductCardProps, HTMLAttributes<HTMLDivElement>>,
) => VNode = bindings.ProductCard;

/**
 * A `<button>` with your children and attributes that opens the checkout for `productId`,
 * prefilled from its props; disabled while the product is sold out.
 */
export const BuyButton: (
  props: HostAttributes<BuyButtonProps, HTMLAttributes<HTMLButtonElement>> & {
    readonly children?: ComponentChildren;
  },
) => VNode = bindings.BuyButton;

/**
 * A searchable, paged grid of product cards, in a shadow root; other props are its host `<div>`'s
 * attributes.
 */
export const Storefront: (
  props: HostAttributes<StorefrontProps, HTMLAttributes<HTMLDivElement>>,
) => VNode = bindings.Storefront;

/**
 * The checkout of the nearest `<KioskProvider>`: `state` (open, order, stage, error) re-renders
 * the component as it changes; `open(productId, options)` and `close()` drive it from code.
 */
export const useCheckout: () => CheckoutHandle = bindings.useCheckout;
