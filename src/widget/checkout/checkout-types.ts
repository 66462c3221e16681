import type { ReadonlySignal, Signal } from "@preact/signals-core";
import type {
  CreatedOrder,
  Order,
  OrderStatus,
  PaymentHint,
  Product,
  Quote,
  StoreInfo,
} from "../../core/types";
import type { KioskClient } from "../client";
import type { SentQuote } from "../first-quote";
import type { ProductState } from "../product-store";
import type { EventSourceFactory } from "./order-follower";

/** Where the checkout stands: filling in, sending, waiting for payment, done, or not paid. */
export type CheckoutPhase = "form" | "submitting" | "paying" | "done" | "failed";

/** The window the payment page opens in; `null` when the browser blocked it. */
export interface PaymentWindow {
  location: { href: string };
  close(): void;
}

export interface CheckoutModelOptions {
  readonly client: KioskClient;
  readonly product: Product;
  /**
   * The product as the page's store holds it now: read again after a refusal, the checkout
   * shows its new price, limits or sold-out state.
   */
  readonly fresh?: ReadonlySignal<ProductState> | undefined;
  /** From `GET /store`; decides whether there is a coupon box and a payment method choice. */
  readonly store?: StoreInfo | undefined;
  /** Prefills, e.g. from a buy button's `data-kiosk-*` attributes. */
  readonly variantId?: string | undefined;
  readonly quantity?: number | undefined;
  readonly coupon?: string | undefined;
  readonly email?: string | undefined;
  /**
   * Opens the (still blank) payment window. It is called synchronously inside the submit
   * click, before the order request, so popup blockers let it through.
   */
  readonly openWindow?: (() => PaymentWindow | null) | undefined;
  readonly EventSource?: EventSourceFactory | null | undefined;
  readonly pollInterval?: number | undefined;
  /**
   * Milliseconds a change waits for the next before it is quoted, while changes come that
   * quickly (typing); the first quote, and one after a pause, go at once.
   */
  readonly quoteDelay?: number | undefined;
  /** The first quote, already asked for (on the Buy click): used if the form asks for its line. */
  readonly firstQuote?: SentQuote | undefined;
  /** Makes an idempotency key; random 128 bits by default. */
  readonly newKey?: (() => string) | undefined;
  /** An order created before (the page was reloaded): followed again instead of a new form. */
  readonly resume?: CreatedOrder | undefined;
  /** Prefilled custom field values, by key. */
  readonly fields?: Readonly<Record<string, string>> | undefined;
  /** Prefilled fields shown read-only; see `CheckoutRequest.locked`. */
  readonly locked?: readonly string[] | undefined;
  /** Told of every failed request, with its problem kind and the message shown. */
  readonly onProblem?: ((kind: string, message: string) => void) | undefined;
}

/** The checkout's state as signals, and what a buyer can do with it. */
export interface CheckoutModel {
  readonly product: ReadonlySignal<Product>;
  readonly store: StoreInfo | undefined;
  readonly quantityText: ReadonlySignal<string>;
  readonly quantity: ReadonlySignal<number>;
  readonly maxQuantity: ReadonlySignal<number>;
  /** Why the quantity changed by itself (fewer left once the product was read again). */
  readonly quantityNote: ReadonlySignal<string | undefined>;
  /** Why nothing can be ordered (the product sold out meanwhile): Pay is refused. */
  readonly soldOut: ReadonlySignal<string | undefined>;
  readonly variantId: ReadonlySignal<string | undefined>;
  readonly fields: ReadonlySignal<Readonly<Record<string, string>>>;
  readonly email: ReadonlySignal<string>;
  readonly paymentMethod: ReadonlySignal<string | undefined>;
  readonly couponText: ReadonlySignal<string>;
  /** The code the quote was asked with, valid or not. */
  readonly appliedCoupon: ReadonlySignal<string | undefined>;
  /** The applied code when the server accepted it. */
  readonly validCoupon: ReadonlySignal<string | undefined>;
  readonly quote: ReadonlySignal<Quote | undefined>;
  readonly quoting: ReadonlySignal<boolean>;
  /** Messages by field: `quantity`, `variant`, `email`, `coupon`, `paymentMethod`, `fields.<key>`. */
  readonly errors: ReadonlySignal<Readonly<Record<string, string>>>;
  /** A message for the whole form (a failed request, or "check the fields"). */
  readonly formError: ReadonlySignal<string | undefined>;
  /**
   * Whether the buyer sees a field (`email`, `quantity`, `fields.<key>`…) read-only: locked by
   * the page with a value, or any while the order is being created.
   */
  isLocked(name: string): boolean;
  readonly phase: ReadonlySignal<CheckoutPhase>;
  readonly order: ReadonlySignal<CreatedOrder | Order | undefined>;
  readonly status: ReadonlySignal<OrderStatus | undefined>;
  readonly checkoutUrl: ReadonlySignal<string | undefined>;
  /** Where to pay when there is no payment link (`email`: the platform emails an invoice). */
  readonly paymentHint: ReadonlySignal<PaymentHint | undefined>;
  /** True when the payment window could not be opened, so a link must be clicked. */
  readonly windowBlocked: ReadonlySignal<boolean>;
  /** True while the order cannot be read. */
  readonly followTrouble: ReadonlySignal<boolean>;
  /** What the last Copy click came to (`Copied`, or that it could not), for `Announcer`. */
  readonly copyNote: Signal<string>;
  /** Closed by the buyer while its order was on its way or being paid: an order made is saved so. */
  aside?: boolean;
  /**
   * Whether the buyer's last change that asks for a new total was a step button's, whose focus
   * stays on the button: `Announcer` then says the quantity with the total it brings. (A change
   * that asks for none, an email typed, leaves it, so the region does not speak again.)
   */
  readonly stepped: ReadonlySignal<boolean>;
  setQuantity(text: string): void;
  step(delta: 1 | -1): void;
  setVariant(id: string): void;
  setField(key: string, value: string): void;
  setEmail(value: string): void;
  setPaymentMethod(id: string): void;
  /** Marks a field as visited, so its problems show before the first submit. */
  touch(name: string): void;
  setCouponText(value: string): void;
  applyCoupon(): void;
  removeCoupon(): void;
  submit(): Promise<void>;
  /** Back to the form after a failed order, with everything typed still there. */
  retry(): void;
  /** Stops quoting and following; call when the checkout closes. */
  dispose(): void;
}
