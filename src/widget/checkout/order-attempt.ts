import { batch, type Signal, signal } from "@preact/signals-core";
import { httpLink } from "../../core/link";
import { isUnpaid } from "../../core/order-status";
import type { CreatedOrder, Order, OrderRequest, OrderStatus, PaymentHint } from "../../core/types";
import type { KioskError } from "../kiosk-error";
import type { CheckoutApi } from "./checkout-api";
import type { CheckoutForm } from "./checkout-form";
import { checkoutStrings as t } from "./checkout-strings";
import type { CheckoutModel, CheckoutModelOptions, CheckoutPhase } from "./checkout-types";
import { followOrder } from "./order-follower";
import { pageShared } from "./page-shared";
import type { QuoteLoop } from "./quote-loop";
import { randomKey } from "./random-key";
import { readTab, writeTab } from "./tab-storage";

/**
 * Sending the order and following it to a final status: the third lifecycle, from a submit to
 * paid or failed (and back to the form on a retry).
 */
export interface OrderAttempt
  extends Pick<
    CheckoutModel,
    | "phase"
    | "order"
    | "status"
    | "checkoutUrl"
    | "paymentHint"
    | "windowBlocked"
    | "followTrouble"
    | "submit"
  > {
  /** Why the last submit did not create an order, for the whole form. */
  readonly submitError: Signal<string | undefined>;
  /** Whether `submitError` asks for the highlighted fields to be fixed (see `formError`). */
  readonly aboutFields: Signal<boolean>;
  retry(): void;
  /** Follows an order created earlier (before a reload) as if it had just been sent. */
  resume(created: CreatedOrder): void;
  dispose(): void;
}

/**
 * The key of each order sent and not answered with an order, by the order's name: the same
 * order sent again (a double click, a retry, the checkout closed and opened again after its
 * answer was lost, the page reloaded while it was on its way) keeps its key, and the proxy finds
 * the order it may have made instead of making a second. Kept in the tab's `sessionStorage`, and
 * where every copy of the checkout on the page sees it (so one never sends or drops a key another
 * answered or kept), for the page's life where storage is off.
 */
const sentKeysKey = "kiosk:keys";
/** The page's keys, made by the first copy to send from what the tab kept (before a reload). */
const sentKeys = (): Record<string, string> => (pageShared.keys ??= Object(readTab(sentKeysKey)));
/** What the tab keeps of it, and every copy has: the keys, without any order (its email, its answers). */
const keepSentKeys = () => writeTab(sentKeysKey, sentKeys());

/**
 * An order's name, which says nothing of it: a 32-bit hash of its text (as Java's strings make
 * theirs). Two orders named alike (one in 2^32) would share a key, which the proxy refuses for
 * the second (`409`), never answering it with the first's order.
 */
function orderName(text: string): string {
  let hash = 0;
  for (let index = 0; index < text.length; index += 1) {
    hash = (Math.imul(31, hash) + text.charCodeAt(index)) | 0;
  }
  return `${hash}`;
}

/**
 * Creates the order attempts of one checkout; `quotes` says the code the quote accepted, and
 * whether a total shows that is being asked again.
 */
export function createOrderAttempt(
  form: CheckoutForm,
  api: CheckoutApi,
  quotes: Pick<QuoteLoop, "validCoupon" | "quoting" | "quote" | "again">,
  options: CheckoutModelOptions,
): OrderAttempt {
  const newKey = options.newKey ?? randomKey;
  const phase = signal<CheckoutPhase>("form");
  const order = signal<CreatedOrder | Order | undefined>(undefined);
  const status = signal<OrderStatus | undefined>(undefined);
  const checkoutUrl = signal<string | undefined>(undefined);
  const paymentHint = signal<PaymentHint | undefined>(undefined);
  const windowBlocked = signal(false);
  const followTrouble = signal(false);
  const submitError = signal<string | undefined>(undefined);
  const aboutFields = signal(false);

  let stopFollowing: (() => void) | undefined;
  let disposed = false;

  const follow = (created: CreatedOrder) => {
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

  const submit = async () => {
    // Sold out meanwhile: Pay is refused, and says why.
    if (phase.value !== "form" || form.soldOut.value) return;
    form.attempted.value = true;
    // Only what the browser can check blocks a submit; the server's last word is asked again.
    if (Object.keys(form.localErrors.value).length > 0) {
      batch(() => {
        submitError.value = t.fixErrors;
        aboutFields.value = true;
      });
      return;
    }
    // Nor with no total shown, or one shown while it is asked again (the quantity just changed):
    // the buyer pays the total that shows, once it does, with the next click.
    const shown = quotes.quote.value;
    if (quotes.quoting.value || !shown) return;
    const order: OrderRequest = {
      items: form.items(),
      ...(quotes.validCoupon.value ? { coupon: quotes.validCoupon.value } : {}),
      email: form.email.value.trim(),
      fields: form.filledFields(),
      ...(form.paymentMethod.value ? { paymentMethod: form.paymentMethod.value } : {}),
    };
    // The key is the order's: a retry of the same order keeps it even where the total shown has
    // moved since (the proxy finds the order it may have made, never makes a second).
    const name = orderName(JSON.stringify(order));
    // biome-ignore lint/suspicious/noAssignInExpressions: the kept key, else a new one kept.
    const key = (sentKeys()[name] ??= newKey());
    // Kept before it is sent: a reload while the order is on its way keeps it too.
    keepSentKeys();
    // The total the buyer sees: the proxy creates nothing at another (see `price_changed`).
    const body: OrderRequest = { ...order, total: shown.total };
    // Nothing to pay, no window: a platform that still asks for a step of its own for a free
    // order gives its link, which the buyer opens from the checkout.
    const payment = options.openWindow && shown.total.amount ? options.openWindow() : null;
    // A page left or reloaded before the answer could never fill the window: it goes with it.
    const leave = () => payment?.close();
    addEventListener("pagehide", leave);
    batch(() => {
      phase.value = "submitting";
      submitError.value = undefined;
      form.serverErrors.value = {};
    });
    // Its key kept no longer: the order was answered, or refused before anything was made.
    const forgetKey = () => {
      delete sentKeys()[name];
      keepSentKeys();
    };
    let created: CreatedOrder;
    try {
      created = await api.createOrder(body, key);
    } catch (error) {
      payment?.close();
      // A field or the stock refused (400, 422): the order the buyer sends next is another.
      const { status } = error as KioskError;
      if (status === 400 || status === 422) forgetKey();
      batch(() => {
        phase.value = "form";
        submitError.value = form.showFailure(error);
        aboutFields.value = Object.keys(form.serverErrors.value).length > 0;
      });
      // The new total is asked for, to show beside the message; the next click pays it.
      if ((error as KioskError | undefined)?.kind === "price_changed") quotes.again();
      return;
    } finally {
      removeEventListener("pagehide", leave);
    }
    // This attempt is over: trying again after a failed payment is a new order.
    forgetKey();
    if (disposed) {
      // The buyer closed the checkout while the order was being created: no payment page.
      payment?.close();
      return;
    }
    // Checked again here: only an http(s) link is ever opened.
    const link = created.checkoutUrl === undefined ? undefined : httpLink(created.checkoutUrl);
    let opened = false;
    if (payment && link !== undefined) {
      try {
        payment.location.href = link;
        opened = true;
      } catch {
        payment.close();
      }
    } else {
      payment?.close();
    }
    paying(created, link, opened);
  };

  const paying = (created: CreatedOrder, link: string | undefined, opened: boolean) => {
    batch(() => {
      order.value = created;
      status.value = created.status;
      checkoutUrl.value = link;
      // No safe link: the buyer pays where the platform says (its emailed invoice); nowhere, for
      // an order that has nothing to pay.
      paymentHint.value =
        link === undefined && isUnpaid(created.status) ? (created.payment ?? "email") : undefined;
      windowBlocked.value = link !== undefined && !opened;
      phase.value = "paying";
    });
    follow(created);
  };

  return {
    phase,
    order,
    status,
    checkoutUrl,
    paymentHint,
    windowBlocked,
    followTrouble,
    submitError,
    aboutFields,
    submit,
    retry() {
      if (phase.value !== "failed") return;
      stopFollowing?.();
      batch(() => {
        phase.value = "form";
        order.value = undefined;
        status.value = undefined;
        checkoutUrl.value = undefined;
        paymentHint.value = undefined;
      });
    },
    resume(created) {
      // No window was opened this time: the payment link is shown to click.
      paying(
        created,
        created.checkoutUrl === undefined ? undefined : httpLink(created.checkoutUrl),
        false,
      );
    },
    dispose() {
      disposed = true;
      stopFollowing?.();
    },
  };
}
