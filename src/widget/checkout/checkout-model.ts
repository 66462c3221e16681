import { batch, computed, effect, signal } from "@preact/signals";
import { checkQuantity, effectiveMax } from "../../core/quantity";
import type {
  CreatedOrder,
  Order,
  OrderRequest,
  OrderStatus,
  Quote,
  QuoteRequest,
} from "../../core/types";
import { KioskError } from "../errors";
import { couponMessage, problemMessage, quantityMessage, checkoutStrings as t } from "../strings";
import { type CheckoutApi, createCheckoutApi } from "./checkout-api";
import { emailPattern, fieldProblem, localNames, randomKey } from "./checkout-rules";
import type { CheckoutModel, CheckoutModelOptions, CheckoutPhase } from "./checkout-types";
import { followOrder } from "./order-follower";

export type {
  CheckoutModel,
  CheckoutModelOptions,
  CheckoutPhase,
  PaymentWindow,
} from "./checkout-types";

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
