import { batch, computed, effect, signal, untracked } from "@preact/signals-core";
import { attributeName } from "../field-name";
import { createCheckoutApi } from "./checkout-api";
import { createCheckoutForm } from "./checkout-form";
import type { CheckoutModel, CheckoutModelOptions } from "./checkout-types";
import { fieldMessage } from "./field-messages";
import { createOrderAttempt } from "./order-attempt";
import { startQuoteLoop } from "./quote-loop";

export type {
  CheckoutModel,
  CheckoutModelOptions,
  CheckoutPhase,
  PaymentWindow,
} from "./checkout-types";

/**
 * Creates the state of one checkout of one product, from its three lifecycles: the form and its
 * problems, the quote loop, and the order attempt.
 */
export function createCheckoutModel(asked: CheckoutModelOptions): CheckoutModel {
  // Each field by its key, or by the name an attribute gives it (`data-kiosk-field-discordname`
  // for "discordName", `-discord-username` for "Discord Username"), in a lock too.
  // Keys are the platform's, any text: no prototype, so "constructor" is a field like any other.
  const fields: Record<string, string> = Object.create(null);
  for (const { key } of asked.product.customFields) {
    const value = asked.fields?.[key] ?? asked.fields?.[attributeName(key)];
    // Text only, whatever the page's own object holds.
    if (typeof value === "string" && value) fields[key] = value;
  }
  const options = { ...asked, fields };
  const api = createCheckoutApi(options.client);
  const form = createCheckoutForm(options);
  const quotes = startQuoteLoop(form, api, options.quoteDelay ?? 250, options.firstQuote);
  const attempt = createOrderAttempt(form, api, quotes, options);
  const { product, edited, quantity, maxQuantity } = form;
  if (options.resume) attempt.resume(options.resume);
  // The product read again (after a refusal): the proxy's word on the old one no longer holds,
  // and a quantity above what is left now comes down to it, with the reason beside it.
  let shown = product.peek();
  const stopFresh = effect(() => {
    const now = product.value;
    if (now === shown) return;
    shown = now;
    untracked(() => {
      // Only an open form asks for the new price (a product read once delivered does not).
      if (attempt.phase.value !== "form") return;
      const asked = form.quoteBody();
      batch(() => {
        const max = maxQuantity.value;
        const problem = form.quantityProblem.value;
        // An earlier note is about what was left then.
        form.quantityNote.value = undefined;
        // Fewer left than asked: the proxy's word on the old product goes, and the quantity
        // comes down to what is left. Any other refusal (a field the platform would not take)
        // still holds, and stays.
        if (quantity.value > max) {
          if (max >= now.quantity.min && problem) {
            form.quantityText.value = String(max);
            form.quantityNote.value = fieldMessage(problem);
          }
          attempt.submitError.value = undefined;
          form.serverErrors.value = {};
        }
      });
      // A line the clamp changed is quoted by the loop itself; the same line is asked again.
      if (form.quoteBody() === asked) quotes.again();
    });
  });
  // "Check the highlighted fields" is taken back once the buyer has fixed them all, for good: a
  // field wrong later (a code that does not exist) says so itself, not the Pay before.
  const stopFixed = effect(() => {
    if (attempt.aboutFields.value && Object.keys(form.errors.value).length === 0) {
      attempt.submitError.value = undefined;
    }
  });
  const locked = new Set(options.locked);
  const stepped = signal(false);
  // Quantity and variant always have a value; the rest only when one was given.
  const given: Record<string, string | undefined> = {
    email: options.email,
    coupon: options.coupon,
  };
  const prefilled = (name: string) =>
    name === "quantity" ||
    name === "variant" ||
    Boolean((name.startsWith("fields.") ? options.fields?.[name.slice(7)] : given[name])?.trim());
  // Its three lifecycles' own signals and acts as they are (with what else they hold, which no
  // view reads), then what the model adds over them.
  const model: CheckoutModel = {
    ...form,
    ...quotes,
    ...attempt,
    store: options.store,
    // Only a prefilled value is locked: an empty locked field would leave the buyer stuck. Every
    // field is while the order is being created: what it is made of is no longer the form's.
    isLocked: (name) =>
      attempt.phase.value === "submitting" ||
      ((locked.has(name) ||
        locked.has(attributeName(name)) ||
        (locked.has("fields") && name.startsWith("fields."))) &&
        prefilled(name)),
    formError: computed(
      () =>
        form.soldOut.value ??
        // Why there is no total now (too many codes tried, the platform away) before what the
        // last Pay said: the fields it asked to fix are highlighted still.
        quotes.quoteError.value ??
        attempt.submitError.value,
    ),
    copyNote: signal(""),
    stepped,
    setQuantity(text) {
      form.quantityText.value = text;
      stepped.value = false;
      edited("quantity");
    },
    step(delta) {
      const current = quantity.value;
      const max = maxQuantity.value;
      const { min } = product.value.quantity;
      let next = Number.isNaN(current) ? min : current + delta;
      // Stepping lands inside the limits; only typing can leave them, and then it is explained.
      next = Math.min(Math.max(next, min), max);
      // A step button at its limit does nothing: the proxy's word on the quantity stays.
      if (String(next) === form.quantityText.value) return;
      form.quantityText.value = String(next);
      stepped.value = true;
      edited("quantity");
    },
    setVariant(id) {
      batch(() => {
        stepped.value = false;
        form.variantId.value = id;
        edited("variant");
      });
    },
    setField(name, value) {
      form.fields.value = Object.assign(Object.create(null), form.fields.value, { [name]: value });
      edited(`fields.${name}`);
    },
    setEmail(value) {
      form.email.value = value;
      edited("email");
    },
    setPaymentMethod(id) {
      form.paymentMethod.value = id;
      edited("paymentMethod");
    },
    touch(name) {
      const touched = form.touched;
      if (!touched.value.has(name)) touched.value = new Set([...touched.value, name]);
    },
    setCouponText(value) {
      form.couponText.value = value;
    },
    applyCoupon() {
      const code = form.couponText.value.trim();
      // The code already asked about keeps its answer (no new quote comes to say it again).
      if (code && code === form.appliedCoupon.value) return;
      batch(() => {
        stepped.value = false;
        edited("coupon");
        form.couponError.value = code ? undefined : fieldMessage({ code: "coupon_empty" });
        form.appliedCoupon.value = code || undefined;
      });
    },
    removeCoupon() {
      batch(() => {
        stepped.value = false;
        edited("coupon");
        form.couponError.value = undefined;
        form.couponText.value = "";
        form.appliedCoupon.value = undefined;
      });
    },
    submit() {
      // A code typed but not applied, or cleared after it was, is asked about first rather than
      // left out of the order unseen: the buyer pays, with a second click, the total that shows it.
      const typed = form.couponText.value.trim();
      if (typed !== (form.appliedCoupon.value ?? "")) {
        if (typed) model.applyCoupon();
        else model.removeCoupon();
        return Promise.resolve();
      }
      // Nor is an order sent with no total shown (its quote failed: the shop away, too many
      // codes tried): the click asks for the total again, which the buyer pays with the next.
      if (quotes.quoteError.value) {
        quotes.again();
        return Promise.resolve();
      }
      return attempt.submit();
    },
    dispose() {
      stopFresh();
      stopFixed();
      attempt.dispose();
      quotes.stop();
    },
  };
  return model;
}
