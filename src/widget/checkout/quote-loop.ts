import { batch, computed, effect, type ReadonlySignal, signal } from "@preact/signals-core";
import { couponProblem } from "../../core/buyer-messages";
import type { Quote } from "../../core/types";
import type { SentQuote } from "../first-quote";
import type { CheckoutApi } from "./checkout-api";
import type { CheckoutForm } from "./checkout-form";
import type { CheckoutModel } from "./checkout-types";
import { fieldMessage } from "./field-messages";

/**
 * The server's price for what the form says, asked again whenever what it depends on changes:
 * the second lifecycle, from the dialog opening to its closing. Stale answers are dropped.
 */
export interface QuoteLoop extends Pick<CheckoutModel, "quote" | "quoting" | "validCoupon"> {
  /** Why the last quote could not be had, for the whole form. */
  readonly quoteError: ReadonlySignal<string | undefined>;
  /** Asks again for the form as it is (its product was read again: the price may be new). */
  again(): void;
  stop(): void;
}

/**
 * Starts quoting the form: at once, and on each change; a change that follows another within
 * `delay` milliseconds (typing) waits until the buyer has paused that long. `sent`: the first
 * quote, already asked for.
 */
export function startQuoteLoop(
  form: CheckoutForm,
  api: CheckoutApi,
  delay: number,
  sent?: SentQuote,
): QuoteLoop {
  const quote = signal<Quote | undefined>(undefined);
  const quoting = signal(false);
  const quoteError = signal<string | undefined>(undefined);
  // The code the last quote accepted: a failed quote takes the price away, not the discount.
  const accepted = signal<string | undefined>(undefined);
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let changedAt = Number.NEGATIVE_INFINITY;

  const request = computed(() => form.quoteBody());
  const run = async (text: string) => {
    const mine = ++seq;
    quoting.value = true;
    const early = sent?.body === text ? sent.answer : undefined;
    sent = undefined;
    try {
      const result = await api.quote(text, early);
      if (mine !== seq) return;
      batch(() => {
        quote.value = result;
        const coupon = result.coupon;
        accepted.value = coupon?.valid ? coupon.code : undefined;
        form.couponError.value =
          coupon && !coupon.valid
            ? fieldMessage(couponProblem(coupon.reason ?? "not_found", coupon.minimum))
            : undefined;
        quoteError.value = undefined;
      });
    } catch (error) {
      if (mine !== seq) return;
      batch(() => {
        // The last price was for what the form said before: beside this line it would be wrong.
        quote.value = undefined;
        quoteError.value = form.showFailure(error);
      });
    } finally {
      if (mine === seq) quoting.value = false;
    }
  };
  const stopEffect = effect(() => {
    const text = request.value;
    clearTimeout(timer);
    if (text === undefined) {
      seq++;
      quote.value = undefined;
      quoting.value = false;
      return;
    }
    const now = Date.now();
    const typing = now - changedAt < delay;
    changedAt = now;
    // Quoting from the change on: the last price is for what the form said before, and an answer
    // still on its way for it is dropped (it would show, and Pay would send, that total).
    seq++;
    quoting.value = true;
    if (typing) timer = setTimeout(() => void run(text), delay);
    else void run(text);
  });

  const again = () => {
    const text = request.peek();
    if (text !== undefined) void run(text);
  };
  // Back online, a total the connection took away is asked for again: the buyer sees it come
  // back by itself rather than press Pay once to ask and once to pay.
  const online = () => quoteError.value && again();
  addEventListener("online", online);
  return {
    quote,
    quoting,
    quoteError,
    validCoupon: computed(() =>
      accepted.value === form.appliedCoupon.value ? accepted.value : undefined,
    ),
    again,
    stop() {
      removeEventListener("online", online);
      stopEffect();
      clearTimeout(timer);
      seq++;
    },
  };
}
