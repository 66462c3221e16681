import { batch, computed, effect, type ReadonlySignal, signal } from "@preact/signals";
import { checkQuantity, effectiveMax } from "../../core/quantity";
import type {
  CreatedOrder,
  CustomField,
  Order,
  OrderRequest,
  OrderStatus,
  Product,
  Quote,
  QuoteRequest,
  StoreInfo,
} from "../../core/types";
import type { KioskClient } from "../client";
import { KioskError } from "../errors";
import { couponMessage, problemMessage, quantityMessage, checkoutStrings as t } from "../strings";
import { type CheckoutApi, createCheckoutApi } from "./checkout-api";
import { type EventSourceFactory, followOrder } from "./order-follower";

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
  /** Milliseconds to wait after a change before asking for a new quote. */
  readonly quoteDelay?: number | undefined;
  /** Makes an idempotency key; random 128 bits by default. */
  readonly newKey?: (() => string) | undefined;
}

/** The checkout's state as signals, and what a buyer can do with it. */
export interface CheckoutModel {
  readonly product: Product;
  readonly store: StoreInfo | undefined;
  readonly quantityText: ReadonlySignal<string>;
  readonly quantity: ReadonlySignal<number>;
  readonly minQuantity: number;
  readonly maxQuantity: ReadonlySignal<number | null>;
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
  readonly phase: ReadonlySignal<CheckoutPhase>;
  readonly order: ReadonlySignal<CreatedOrder | Order | undefined>;
  readonly status: ReadonlySignal<OrderStatus | undefined>;
  readonly checkoutUrl: ReadonlySignal<string | undefined>;
  /** True when the payment window could not be opened, so a link must be clicked. */
  readonly windowBlocked: ReadonlySignal<boolean>;
  /** True while the order cannot be read. */
  readonly followTrouble: ReadonlySignal<boolean>;
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

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Creates the state of one checkout of one product. */
export function createCheckoutModel(options: CheckoutModelOptions): CheckoutModel {
  const { product, store } = options;
  const api: CheckoutApi = createCheckoutApi(options.client);
  const quoteDelay = options.quoteDelay ?? 250;
  const newKey = options.newKey ?? randomKey;

  const firstVariant =
    product.variants.find((variant) => variant.id === options.variantId) ??
    product.variants.find((variant) => variant.stock !== 0) ??
    product.variants[0];
  const quantityText = signal(String(options.quantity ?? product.quantity.min));
  const variantId = signal(firstVariant?.id);
  const fields = signal<Record<string, string>>({});
  const email = signal(options.email ?? "");
  const methods = store?.paymentMethods ?? [];
  const paymentMethod = signal(methods.length > 1 ? methods[0]?.id : undefined);
  const couponText = signal(options.coupon ?? "");
  const appliedCoupon = signal(options.coupon?.trim() || undefined);
  const couponError = signal<string | undefined>(undefined);
  const quote = signal<Quote | undefined>(undefined);
  const quoting = signal(false);
  const serverErrors = signal<Record<string, string>>({});
  const touched = signal<ReadonlySet<string>>(new Set());
  const attempted = signal(false);
  const submitError = signal<string | undefined>(undefined);
  const quoteError = signal<string | undefined>(undefined);
  const formError = computed(() => submitError.value ?? quoteError.value);
  const phase = signal<CheckoutPhase>("form");
  const order = signal<CreatedOrder | Order | undefined>(undefined);
  const status = signal<OrderStatus | undefined>(undefined);
  const checkoutUrl = signal<string | undefined>(undefined);
  const windowBlocked = signal(false);
  const followTrouble = signal(false);

  const stock = computed(() => {
    const variant = product.variants.find((candidate) => candidate.id === variantId.value);
    return variant ? variant.stock : product.stock;
  });
  const quantity = computed(() =>
    /^\s*\d+\s*$/.test(quantityText.value) ? Number(quantityText.value) : Number.NaN,
  );
  const maxQuantity = computed(() => effectiveMax(product.quantity, stock.value));
  const quantityProblem = computed(() =>
    product.available
      ? checkQuantity(quantity.value, product.quantity, stock.value)
      : ({ code: "sold_out" } as const),
  );

  /** Problems the browser can see by itself, shown once a field was visited or submitted. */
  const localErrors = computed(() => {
    const found: Record<string, string> = {};
    if (quantityProblem.value) found.quantity = quantityMessage(quantityProblem.value);
    const address = email.value.trim();
    if (!address) found.email = t.fieldRequired;
    else if (!emailPattern.test(address) || address.length > 254) found.email = t.emailInvalid;
    for (const field of product.customFields) {
      const problem = fieldProblem(field, fields.value[field.key] ?? "");
      if (problem) found[`fields.${field.key}`] = problem;
    }
    return found;
  });

  const errors = computed(() => {
    const shown: Record<string, string> = { ...serverErrors.value };
    for (const [name, message] of Object.entries(localErrors.value)) {
      // Quantity is explained as it is typed; the rest waits for a visit or a submit.
      if (name === "quantity" || attempted.value || touched.value.has(name)) shown[name] = message;
    }
    if (couponError.value) shown.coupon = couponError.value;
    return shown;
  });

  const validCoupon = computed(() => {
    const result = quote.value?.coupon;
    return result?.valid && result.code === appliedCoupon.value ? result.code : undefined;
  });

  const items = (): QuoteRequest["items"] => [
    {
      productId: product.id,
      ...(variantId.value ? { variantId: variantId.value } : {}),
      quantity: quantity.value,
    },
  ];

  // Asks the server for a price whenever what it depends on changes; stale answers are dropped.
  let quoteSeq = 0;
  let quoteTimer: ReturnType<typeof setTimeout> | undefined;
  const quoteRequest = computed(() => {
    if (quantityProblem.value) return undefined;
    const body: QuoteRequest = {
      items: items(),
      ...(appliedCoupon.value ? { coupon: appliedCoupon.value } : {}),
    };
    return JSON.stringify(body);
  });
  const runQuote = async (text: string) => {
    const seq = ++quoteSeq;
    quoting.value = true;
    try {
      const result = await api.quote(JSON.parse(text) as QuoteRequest);
      if (seq !== quoteSeq) return;
      batch(() => {
        quote.value = result;
        const coupon = result.coupon;
        couponError.value =
          coupon && !coupon.valid ? couponMessage(coupon.reason ?? "not_found") : undefined;
        quoteError.value = undefined;
      });
    } catch (error) {
      if (seq !== quoteSeq) return;
      quoteError.value = showFailure(error);
    } finally {
      if (seq === quoteSeq) quoting.value = false;
    }
  };
  const stopQuoting = effect(() => {
    const text = quoteRequest.value;
    clearTimeout(quoteTimer);
    if (text === undefined) {
      quoteSeq++;
      quote.value = undefined;
      quoting.value = false;
      return;
    }
    quoteTimer = setTimeout(() => void runQuote(text), quoteDelay);
  });

  /** Puts a failure's field messages next to their fields; returns the form's message. */
  const showFailure = (error: unknown): string => {
    const failure = error instanceof KioskError ? error : new KioskError("network", undefined);
    serverErrors.value = { ...serverErrors.value, ...localNames(failure.errors) };
    return problemMessage(failure.kind, failure.retryAfter);
  };

  const edited = (name: string) => {
    if (name in serverErrors.value) {
      const { [name]: _removed, ...rest } = serverErrors.value;
      serverErrors.value = rest;
    }
  };

  // One key per attempt: the same body (a double click, a retry) reuses it, a new body gets one.
  let lastBody: string | undefined;
  let key = "";
  let stopFollowing: (() => void) | undefined;
  let disposed = false;

  const submit = async () => {
    if (phase.value !== "form") return;
    attempted.value = true;
    // Only what the browser can check blocks a submit; the server's last word is asked again.
    if (Object.keys(localErrors.value).length > 0) {
      submitError.value = t.fixErrors;
      return;
    }
    const filled: Record<string, string> = {};
    for (const field of product.customFields) {
      const value = fields.value[field.key]?.trim();
      if (value) filled[field.key] = value;
    }
    const body: OrderRequest = {
      items: items(),
      ...(validCoupon.value ? { coupon: validCoupon.value } : {}),
      email: email.value.trim(),
      fields: filled,
      ...(paymentMethod.value ? { paymentMethod: paymentMethod.value } : {}),
    };
    const text = JSON.stringify(body);
    if (text !== lastBody) {
      lastBody = text;
      key = newKey();
    }
    const payment = options.openWindow ? options.openWindow() : null;
    batch(() => {
      phase.value = "submitting";
      submitError.value = undefined;
      serverErrors.value = {};
    });
    let created: CreatedOrder;
    try {
      created = await api.createOrder(body, key);
    } catch (error) {
      payment?.close();
      batch(() => {
        phase.value = "form";
        submitError.value = showFailure(error);
      });
      return;
    }
    // This attempt is over: trying again after a failed payment is a new order.
    lastBody = undefined;
    if (disposed) {
      // The buyer closed the checkout while the order was being created: no payment page.
      payment?.close();
      return;
    }
    let opened = false;
    if (payment) {
      try {
        payment.location.href = created.checkoutUrl;
        opened = true;
      } catch {
        payment.close();
      }
    }
    batch(() => {
      order.value = created;
      status.value = created.status;
      checkoutUrl.value = created.checkoutUrl;
      windowBlocked.value = !opened;
      phase.value = "paying";
    });
    stopFollowing = followOrder({
      api,
      id: created.id,
      token: created.token,
      EventSource: options.EventSource,
      pollInterval: options.pollInterval,
      onStatus: (next) => {
        status.value = next;
      },
      onFinal: (final) => {
        batch(() => {
          order.value = final;
          status.value = final.status;
          followTrouble.value = false;
          phase.value = final.status === "completed" ? "done" : "failed";
        });
      },
      onTrouble: (trouble) => {
        followTrouble.value = trouble;
      },
    });
  };

  return {
    product,
    store,
    quantityText,
    quantity,
    minQuantity: product.quantity.min,
    maxQuantity,
    variantId,
    fields,
    email,
    paymentMethod,
    couponText,
    appliedCoupon,
    validCoupon,
    quote,
    quoting,
    errors,
    formError,
    phase,
    order,
    status,
    checkoutUrl,
    windowBlocked,
    followTrouble,
    setQuantity(text) {
      quantityText.value = text;
      edited("quantity");
    },
    step(delta) {
      const current = quantity.value;
      const max = maxQuantity.value;
      let next = Number.isNaN(current) ? product.quantity.min : current + delta;
      // Stepping lands inside the limits; only typing can leave them, and then it is explained.
      next = Math.max(next, product.quantity.min);
      if (max !== null) next = Math.min(next, max);
      quantityText.value = String(next);
      edited("quantity");
    },
    setVariant(id) {
      variantId.value = id;
      edited("variant");
    },
    setField(name, value) {
      fields.value = { ...fields.value, [name]: value };
      edited(`fields.${name}`);
    },
    setEmail(value) {
      email.value = value;
      edited("email");
    },
    setPaymentMethod(id) {
      paymentMethod.value = id;
      edited("paymentMethod");
    },
    touch(name) {
      if (!touched.value.has(name)) touched.value = new Set([...touched.value, name]);
    },
    setCouponText(value) {
      couponText.value = value;
    },
    applyCoupon() {
      const code = couponText.value.trim();
      batch(() => {
        edited("coupon");
        couponError.value = code ? undefined : t.couponEmpty;
        appliedCoupon.value = code || undefined;
      });
    },
    removeCoupon() {
      batch(() => {
        edited("coupon");
        couponError.value = undefined;
        couponText.value = "";
        appliedCoupon.value = undefined;
      });
    },
    submit,
    retry() {
      if (phase.value !== "failed") return;
      stopFollowing?.();
      batch(() => {
        phase.value = "form";
        order.value = undefined;
        status.value = undefined;
        checkoutUrl.value = undefined;
      });
    },
    dispose() {
      disposed = true;
      stopQuoting();
      clearTimeout(quoteTimer);
      quoteSeq++;
      stopFollowing?.();
    },
  };
}

/** Why a custom field's value cannot be sent, if it cannot. */
function fieldProblem(field: CustomField, raw: string): string | undefined {
  const value = raw.trim();
  if (!value) return field.required ? t.fieldRequired : undefined;
  if (field.maxLength !== undefined && value.length > field.maxLength) {
    return t.fieldTooLong(field.maxLength);
  }
  if (field.type === "number" && !Number.isFinite(Number(value))) return t.fieldNumber;
  if (field.type === "email" && !emailPattern.test(value)) return t.emailInvalid;
  return undefined;
}

/** The proxy's field paths (`items.0.quantity`, `fields.note`, `email`) as the form's names. */
export function localNames(errors: Readonly<Record<string, string>>): Record<string, string> {
  const named: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const item = /^items\.\d+\.(\w+)/.exec(path)?.[1];
    let name = "form";
    if (item === "quantity") name = "quantity";
    else if (item === "variantId") name = "variant";
    else if (/^(email|coupon|paymentMethod|fields\..+)$/.test(path)) name = path;
    const sentence = message.charAt(0).toUpperCase() + message.slice(1);
    named[name] = named[name] ? `${named[name]} ${sentence}` : sentence;
  }
  return named;
}

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
