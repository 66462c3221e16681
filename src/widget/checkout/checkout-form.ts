import { computed, type ReadonlySignal, type Signal, signal } from "@preact/signals-core";
import { isAvailable, stockFor } from "../../core/availability";
import { maxCouponLength } from "../../core/coupon";
import {
  checkCustomField,
  isEmailAddress,
  type NumberMarks,
  readNumber,
} from "../../core/custom-fields";
import { checkLine, type LineProblem } from "../../core/line";
import { effectiveMax } from "../../core/quantity";
import type { CustomField, Product, QuoteRequest } from "../../core/types";
import { openingLine, quoteBody } from "../first-quote";
import { active } from "../i18n/locale";
import { KioskError } from "../kiosk-error";
import { problemMessage } from "../strings";
import { checkoutStrings } from "./checkout-strings";
import type { CheckoutModelOptions } from "./checkout-types";
import { fieldMessage, localNames } from "./field-messages";

/**
 * What the buyer fills in, and the problems with it: the first of the checkout's three
 * lifecycles. It lives as long as the dialog; the quote loop and the order attempt read it.
 */
export interface CheckoutForm {
  /** The product as last read: the page's store's, once it has it again. */
  readonly product: ReadonlySignal<Product>;
  readonly quantityText: Signal<string>;
  readonly quantity: ReadonlySignal<number>;
  readonly maxQuantity: ReadonlySignal<number>;
  readonly quantityProblem: ReadonlySignal<LineProblem | undefined>;
  readonly quantityNote: Signal<string | undefined>;
  /** Why nothing of the product can be ordered now, if so. */
  readonly soldOut: ReadonlySignal<string | undefined>;
  readonly variantId: Signal<string | undefined>;
  readonly fields: Signal<Record<string, string>>;
  readonly email: Signal<string>;
  readonly paymentMethod: Signal<string | undefined>;
  readonly couponText: Signal<string>;
  /** The code the quote is asked with, valid or not. */
  readonly appliedCoupon: Signal<string | undefined>;
  /** Why the applied code does not apply; set by the coupon box and by each quote. */
  readonly couponError: Signal<string | undefined>;
  /** Field messages from the proxy's last answer, by form name. */
  readonly serverErrors: Signal<Record<string, string>>;
  readonly touched: Signal<ReadonlySet<string>>;
  /** True once the buyer tried to submit: every local problem shows from then on. */
  readonly attempted: Signal<boolean>;
  /** Problems the browser can see by itself. */
  readonly localErrors: ReadonlySignal<Readonly<Record<string, string>>>;
  /** What the form shows by each field. */
  readonly errors: ReadonlySignal<Readonly<Record<string, string>>>;
  /** The one line this checkout orders. */
  items(): QuoteRequest["items"];
  /** The quote request's body for the form as it is, or `undefined` when it cannot be quoted. */
  quoteBody(): string | undefined;
  /** The custom fields the buyer filled in, trimmed. */
  filledFields(): Record<string, string>;
  /** Drops the proxy's message for a field the buyer changed. */
  edited(name: string): void;
  /** Puts a failure's field messages next to their fields; returns the form's message. */
  showFailure(error: unknown): string;
}

/**
 * How the page's language writes numbers: its `decimal` and `group` marks, among its parts.
 * Made once per language, not at every check of a field as the buyer types.
 */
const marks = computed(
  () =>
    Object.fromEntries(
      new Intl.NumberFormat(active.value.locale)
        .formatToParts(12345.6)
        .map((part) => [part.type, part.value]),
    ) as unknown as NumberMarks,
);

/**
 * A custom field's answer as the platforms read it: a number as the page's language writes one
 * ("1.000,5" in German) is sent in their form (1000.5); see `readNumber`.
 */
function answer(field: CustomField, value: string): string {
  return field.type === "number" ? (readNumber(value, marks.value) ?? value) : value;
}

/** Creates the form state of one checkout of one product. */
export function createCheckoutForm(options: CheckoutModelOptions): CheckoutForm {
  const { store } = options;
  let last = options.product;
  const product = computed(() => {
    const state = options.fresh?.value;
    if (state?.status === "ready") last = state.product;
    return last;
  });
  const opening = openingLine(last, options);
  const quantityText = signal(String(opening.quantity));
  const variantId = signal(opening.variantId);
  // The model's own (see `createCheckoutModel`), with no prototype: a key is any text.
  const fields = signal<Readonly<Record<string, string>>>(options.fields ?? {});
  const email = signal(options.email ?? "");
  const methods = store?.paymentMethods ?? [];
  const paymentMethod = signal(methods.length > 1 ? methods[0]?.id : undefined);
  const couponText = signal(options.coupon ?? "");
  const appliedCoupon = signal(opening.coupon);
  const couponError = signal<string | undefined>(undefined);
  const serverErrors = signal<Record<string, string>>({});
  const touched = signal<ReadonlySet<string>>(new Set());
  const attempted = signal(false);

  const quantityNote = signal<string | undefined>(undefined);
  const stock = computed(() => stockFor(product.value, variantId.value));
  // Full-width digits (a Japanese input method's) are the digits they look like.
  const quantity = computed(() => {
    const text = quantityText.value.normalize("NFKC");
    return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  });
  const maxQuantity = computed(() => effectiveMax(product.value.quantity, stock.value));
  // A code longer than any the proxy takes is said here and never sent: the price stays.
  const couponTooLong = computed(() => (appliedCoupon.value?.length ?? 0) > maxCouponLength);
  const quantityProblem = computed(() => checkLine(product.value, variantId.value, quantity.value));
  // Said once, beside Pay, rather than by a quantity that is not what is wrong.
  const soldOut = computed(() =>
    isAvailable(product.value) ? undefined : fieldMessage(quantityProblem.value as LineProblem),
  );

  const localErrors = computed(() => {
    const found: Record<string, string> = {};
    if (quantityProblem.value) found.quantity = fieldMessage(quantityProblem.value);
    const address = email.value.trim();
    if (!address) found.email = fieldMessage({ code: "required" });
    else if (!isEmailAddress(address)) found.email = fieldMessage({ code: "not_email" });
    for (const field of product.value.customFields) {
      const problem = checkCustomField(field, fields.value[field.key] ?? "", marks.value);
      if (problem) found[`fields.${field.key}`] = fieldMessage(problem);
    }
    return found;
  });

  const errors = computed(() => {
    const shown: Record<string, string> = { ...serverErrors.value };
    for (const [name, message] of Object.entries(localErrors.value)) {
      // Quantity is explained as it is typed; the rest waits for a visit or a submit.
      if (name === "quantity" ? !soldOut.value : attempted.value || touched.value.has(name))
        shown[name] = message;
    }
    if (couponError.value) shown.coupon = couponError.value;
    if (couponTooLong.value)
      shown.coupon = fieldMessage({ code: "too_long", limit: maxCouponLength });
    return shown;
  });

  return {
    product,
    quantityText,
    quantity,
    maxQuantity,
    quantityProblem,
    quantityNote,
    soldOut,
    variantId,
    fields,
    email,
    paymentMethod,
    couponText,
    appliedCoupon,
    couponError,
    serverErrors,
    touched,
    attempted,
    localErrors,
    errors,
    items: () => [
      {
        productId: options.product.id,
        ...(variantId.value ? { variantId: variantId.value } : {}),
        quantity: quantity.value,
      },
    ],
    quoteBody: () =>
      quantityProblem.value
        ? undefined
        : quoteBody(
            product.value,
            variantId.value,
            quantity.value,
            couponTooLong.value ? undefined : appliedCoupon.value,
          ),
    filledFields() {
      const filled: Record<string, string> = {};
      for (const field of product.value.customFields) {
        const value = fields.value[field.key]?.trim();
        if (value) filled[field.key] = answer(field, value);
      }
      return filled;
    },
    edited(name) {
      if (name === "quantity") quantityNote.value = undefined;
      if (name in serverErrors.value) {
        const { [name]: _removed, ...rest } = serverErrors.value;
        serverErrors.value = rest;
      }
    },
    showFailure(error) {
      const failure = error instanceof KioskError ? error : new KioskError("network");
      serverErrors.value = { ...serverErrors.value, ...localNames(failure.errors, failure.codes) };
      // A limit tells when it lifts, where the proxy said: in whole minutes, as a person would
      // say it (not "in 596 seconds"), rounded up so that a buyer who waits as told is let in.
      const message = problemMessage(
        failure.kind,
        checkoutStrings,
        failure.retryAfter && Math.ceil(failure.retryAfter / 60),
      );
      options.onProblem?.(failure.kind, message);
      return message;
    },
  };
}
