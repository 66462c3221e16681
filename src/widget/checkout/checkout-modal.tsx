import { createRef } from "preact";
import { isHttpLink } from "../../core/link";
import { formatPrice } from "../i18n/locale";
import { offer } from "../offer";
import { once, tracked, useSignalEffect } from "../tracked";
import { Announcer } from "./announcer";
import type { CheckoutModel } from "./checkout-model";
import { checkoutStrings as t } from "./checkout-strings";
import { CouponBox, Totals } from "./coupon-and-totals";
import {
  CustomFields,
  EmailField,
  PaymentMethodField,
  QuantityField,
  VariantField,
} from "./form-fields";
import { Delivered, OrderFailed, PaymentWait } from "./order-result";

export interface CheckoutModalProps {
  readonly model: CheckoutModel;
  readonly onClose: () => void;
}

// The dialog draws no control disabled (a step at its limit and a busy Pay are aria-disabled),
// none with a tabindex, and every link with its href.
const focusable = "a,button,input,select,textarea";

/**
 * The checkout as a modal `<dialog>`: focus moves in and stays in, Escape closes it, and the
 * caller puts focus back on the button that opened it.
 */
export const CheckoutModal = tracked(function CheckoutModal({
  model,
  onClose,
}: CheckoutModalProps) {
  const dialog = once(() => createRef<HTMLDialogElement>());
  // The dialog is open (and focus inside) as soon as the checkout is mounted, before a paint.
  // Each later step replaces the last one's controls; focus on a removed one would fall out of
  // the dialog, so once the new step is drawn focus moves to its first control (the Copy button
  // once delivered).
  useSignalEffect(() => {
    const element = dialog.current;
    // Read to run again at each step.
    model.phase.value;
    if (!element) return undefined;
    // A step with no control of its own (an invoice by email) keeps the focus on Close.
    const focusFirst = (id?: string) =>
      // Once closed the dialog's root is no document or shadow root: it has no such method.
      (
        (element.getRootNode() as Partial<Document>).getElementById?.(id as string) ??
        element.querySelector<HTMLElement>(".result a,.result button,input,select,textarea") ??
        element.querySelector<HTMLElement>(".close")
      )?.focus();
    if (!element.open) {
      if (typeof element.showModal === "function") element.showModal();
      else element.setAttribute("open", "");
      focusFirst();
    } else {
      // Read before the step is drawn: a choice locked while the order is being created (and
      // unlocked if it is refused) is drawn anew under the same id, and keeps the focus it had.
      const id = element.querySelector(":focus")?.id;
      setTimeout(() => element.querySelector(":focus") || focusFirst(id));
    }
    return undefined;
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const element = dialog.current;
    if (!element) return;
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== "Tab") return;
    const targets = [...element.querySelectorAll<HTMLElement>(focusable)];
    const first = targets[0];
    const last = targets[targets.length - 1];
    if (!first || !last) return;
    const active = (element.getRootNode() as ShadowRoot | Document).activeElement;
    const inside = active instanceof Node && element.contains(active);
    if (!inside || (event.shiftKey && active === first)) {
      event.preventDefault();
      (event.shiftKey && inside ? last : first).focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const phase = model.phase.value;
  const form = phase === "form" || phase === "submitting";
  return (
    // Described by what is being bought: the focus goes to the first field, past its name.
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="kiosk-checkout-title"
      aria-describedby={form ? "kiosk-item" : undefined}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {/* A plain box, not <header>: inside a dialog it would be a second banner landmark. */}
      <div class="head">
        <h2 id="kiosk-checkout-title">{t.title}</h2>
        <button type="button" class="close" aria-label={t.close} onClick={onClose}>
          ×
        </button>
      </div>
      <Announcer model={model} />
      {form ? (
        <CheckoutForm model={model} />
      ) : phase === "paying" ? (
        <PaymentWait model={model} />
      ) : phase === "done" ? (
        <Delivered model={model} />
      ) : (
        <OrderFailed model={model} />
      )}
    </dialog>
  );
});

const CheckoutForm = tracked(function CheckoutForm({ model }: { model: CheckoutModel }) {
  const product = model.product.value;
  const image = product.images.find(isHttpLink);
  const busy = model.phase.value === "submitting";
  // Named on Pay only once it is the price of what the form says now.
  const quote = !model.quoting.value && model.quote.value;
  const formMessage = model.formError.value ?? model.errors.value.form;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        // Refused (by the form or the proxy): focus goes to the first field to fix, if any.
        void model
          .submit()
          .then(() => form.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      }}
    >
      <div class="line" id="kiosk-item">
        {image && <img src={image} alt="" />}
        <div>
          <strong>{product.name}</strong>
          <div class="muted">{formatPrice(offer(product, model.variantId.value).price)}</div>
        </div>
      </div>
      {product.variants.length > 0 && <VariantField model={model} />}
      <QuantityField model={model} />
      <CustomFields model={model} />
      <EmailField model={model} />
      <PaymentMethodField model={model} />
      {model.store?.coupons !== false && <CouponBox model={model} />}
      <Totals model={model} />
      {formMessage && (
        <p class="error" role="alert" id="kiosk-form-error">
          {formMessage}
        </p>
      )}
      <button
        type="submit"
        class="primary"
        aria-disabled={busy || !!model.soldOut.value}
        aria-busy={busy}
        {...(formMessage ? { "aria-describedby": "kiosk-form-error" } : {})}
      >
        {busy
          ? t.submitting
          : !quote
            ? t.payPending
            : quote.total.amount
              ? t.pay({ total: formatPrice(quote.total) })
              : t.getFree}
      </button>
    </form>
  );
});
