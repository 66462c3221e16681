import type { CreatedOrder } from "../core/types";
import type { PaymentWindow } from "./checkout/checkout-types";
import type { EventSourceFactory } from "./checkout/order-follower";
import type { ClientOptions, KioskClient } from "./client";
import type { KioskEvents } from "./events";
import type { MessageOverrides } from "./i18n/locale";
import type { ProductStore } from "./product-store";

/** Everything a page's widgets share. Pass dependencies in; nothing is global. */
export interface KioskOptions extends ClientOptions {
  /** Where the checkout dialog is attached; `document.body` by default. */
  readonly container?: HTMLElement | undefined;
  /** Opens the payment window; see {@link PaymentWindow}. */
  readonly openWindow?: (() => PaymentWindow | null) | undefined;
  readonly EventSource?: EventSourceFactory | null | undefined;
  readonly pollInterval?: number | undefined;
  readonly quoteDelay?: number | undefined;
  /**
   * The buyer's language (`de`, `fr-CA`): wins over `data-locale` and `lang` on the page. See
   * the README's "Languages".
   */
  readonly locale?: string | undefined;
  /** The merchant's own wording for any message, by key: `{ buy: "Get it" }`. */
  readonly messages?: MessageOverrides | undefined;
  /**
   * `light` or `dark` forces a scheme, `auto` (the default) follows `prefers-color-scheme`. A
   * `data-theme` on a widget's element or around it wins.
   */
  readonly theme?: "light" | "dark" | "auto" | undefined;
}

/** What a buy action asks for. */
export interface CheckoutRequest {
  readonly productId: string;
  readonly variantId?: string | undefined;
  readonly quantity?: number | undefined;
  readonly coupon?: string | undefined;
  readonly email?: string | undefined;
  /** Custom field values, by key. */
  readonly fields?: Readonly<Record<string, string>> | undefined;
  /**
   * Prefilled fields the buyer sees read-only: `email`, `quantity`, `coupon`, `variant`,
   * `fields.<key>` (or `fields`, every prefilled one). The proxy still validates them.
   */
  readonly locked?: readonly string[] | undefined;
  /** Where the checkout's events start (bubbling up); `returnFocus`, else the document. */
  readonly origin?: Element | null | undefined;
  /**
   * The prefill as a buy link gives it: a variant the product does not have fails the open (a
   * `KioskError` of kind `unprocessable`, as the proxy refuses one) instead of the default variant
   * being offered.
   */
  readonly exact?: boolean | undefined;
  /** An order created before a reload, to follow and show again instead of a new form. */
  readonly resume?: CreatedOrder | undefined;
  /** Gets the focus back when the checkout closes: the Buy button that opened it. */
  readonly returnFocus?: HTMLElement | null | undefined;
}

/** One page's widget runtime: the client, the batched products, and the checkout door. */
export interface Kiosk {
  readonly client: KioskClient;
  readonly products: ProductStore;
  readonly options: KioskOptions;
  /**
   * Opens the checkout dialog, loading its code on first use. The store's settings and the
   * first quote are asked for on the call, beside the code, so none waits for another.
   */
  checkout(request: CheckoutRequest): Promise<void>;
  /** `GET /store` as the proxy answered it (unchecked), asked for once, on the first checkout. */
  storeSettings(): Promise<unknown>;
  /**
   * Closes the checkout dialog if one is open, or keeps one asked for from showing; a started
   * order keeps being followed. `popped`: the browser's Back or Forward (the runtime hears
   * popstate), which a fragment the page pushes does not count as.
   */
  close(popped?: Event): void;
  /** Shows this tab's last order again (after a reload), when there is one. */
  restore(): void;
  /**
   * Keeps {@link restore} from showing the order once its page is taken down (`Kiosk.destroy()`),
   * however far it has got, and stops hearing the browser's Back and Forward (the page hears them
   * again if it starts again). A checkout open already is closed by {@link close}.
   */
  stop(): void;
  /** Set by {@link stop}: nothing this runtime kept (a paid order) opens a checkout by itself. */
  stopped?: boolean;
  /** The page's `kiosk:*` events. */
  readonly events: KioskEvents;
}
