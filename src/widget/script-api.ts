import type { KioskEventHandler, KioskEventName } from "./events";
import { attributeName } from "./field-name";
import type { MountedPage } from "./page";
import { elementOptions } from "./selectors";

/** What `Kiosk.open(…)` can prefill. */
export interface KioskOpenOptions {
  readonly quantity?: number | undefined;
  readonly variant?: string | undefined;
  readonly coupon?: string | undefined;
  readonly email?: string | undefined;
  /** Custom field values, by key. */
  readonly fields?: Readonly<Record<string, string>> | undefined;
  /**
   * Prefilled fields the buyer sees read-only (`email`, `quantity`, `coupon`, `variant`,
   * `fields.<key>`); the proxy still validates them.
   */
  readonly locked?: readonly string[] | undefined;
}

/**
 * What `Kiosk.mount(…)` turns an element into: one of `product`, `buy` or `storefront`, with the
 * prefills of {@link KioskOpenOptions} (`data-kiosk-field-<key>`, `data-kiosk-lock`, …).
 */
export interface KioskMountOptions extends KioskOpenOptions {
  /** A product card for this product id. */
  readonly product?: string | undefined;
  /** A buy button for this product id (the element keeps its own content). */
  readonly buy?: string | undefined;
  /** A storefront grid, optionally of one category and at most `limit` products. */
  readonly storefront?: boolean | undefined;
  readonly category?: string | undefined;
  readonly limit?: number | undefined;
}

/** `window.Kiosk` once `embed.js` has loaded. */
export interface KioskScriptApi {
  /** Resolves once the page's widgets are mounted (the `kiosk:ready` event). */
  readonly ready: Promise<KioskScriptApi>;
  /**
   * Opens the checkout for a product; resolves once it is shown (or `kiosk:open` was cancelled,
   * or a later `open` or a `close` came before it was). Rejects with a `KioskError` when it
   * cannot open, such as for a product there is none of (`kind` `not_found`), as `kiosk:error` says.
   */
  open(productId: string, options?: KioskOpenOptions): Promise<void>;
  /** Closes the checkout; an order waiting for payment keeps being followed. */
  close(): void;
  /**
   * Makes `element` a widget with these options only (none of an earlier call's stays); returns
   * a function that unmounts it and takes its `data-kiosk-*` options off, so that the page's
   * next change does not mount it again.
   */
  mount(element: Element, options: KioskMountOptions): () => void;
  /** Mounts elements added since, re-renders changed ones and tears down removed ones. */
  refresh(): void;
  /** Closes the checkout, unmounts every widget and stops watching the page. */
  destroy(): void;
  on<N extends KioskEventName>(name: N, handler: KioskEventHandler<N>): void;
  off<N extends KioskEventName>(name: N, handler: KioskEventHandler<N>): void;
}

/** The script API's methods for one mounted page. */
export function scriptApi(page: MountedPage): Omit<KioskScriptApi, "ready"> {
  const { kiosk } = page;
  return {
    open: (productId, options = {}) =>
      kiosk.checkout({
        productId,
        quantity: options.quantity,
        variantId: options.variant,
        coupon: options.coupon,
        email: options.email,
        fields: options.fields,
        locked: options.locked,
      }),
    // None of these uses `this`: the runtime's own functions serve as they are.
    close: kiosk.close,
    mount(element, options) {
      // Mounted again: none of the last call's options stays.
      strip(element);
      // A custom element's options, and `buy`, become `data-kiosk-<option>` (`locked` is a list).
      for (const option of [...elementOptions, "buy"]) {
        const value = options[option as keyof KioskMountOptions];
        if (value !== undefined) element.setAttribute(`data-kiosk-${option}`, String(value));
      }
      if (options.storefront) element.setAttribute("data-kiosk-storefront", "");
      for (const [key, value] of Object.entries(options.fields ?? {})) {
        element.setAttribute(`data-kiosk-field-${attributeName(key)}`, value);
      }
      // A field's key may hold spaces ("Discord Username"), which a lock list separates.
      if (options.locked) {
        element.setAttribute("data-kiosk-lock", options.locked.map(attributeName).join(" "));
      }
      const unmount = page.mount(element);
      // Without its options, the page's next scan does not mount it again.
      return () => {
        strip(element);
        unmount();
      };
    },
    refresh: page.scan,
    destroy() {
      kiosk.close();
      page.stop();
    },
    on: kiosk.events.on,
    off: kiosk.events.off,
  };
}

/**
 * Takes off the `data-kiosk-*` attributes that `mount`'s options set; a heading level or
 * `data-kiosk-open` the merchant set stays.
 */
function strip(element: Element): void {
  for (const { name } of [...element.attributes]) {
    if (
      name.startsWith("data-kiosk-") &&
      name !== "data-kiosk-heading-level" &&
      name !== "data-kiosk-open"
    )
      element.removeAttribute(name);
  }
}
