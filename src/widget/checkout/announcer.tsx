import { formatPrice } from "../i18n/locale";
import { tracked } from "../tracked";
import type { CheckoutModel } from "./checkout-model";
import { checkoutStrings as t } from "./checkout-strings";

/** The latest news worth a polite word: the quote, a coupon's result, payment, delivery. */
function news(model: CheckoutModel): string {
  const phase = model.phase.value;
  switch (phase) {
    case "form":
    case "submitting": {
      const quote = model.quote.value;
      if (!quote || model.quoting.value) return "";
      const total = formatPrice(quote.total);
      const code = model.validCoupon.value;
      // A quantity lowered by itself, or stepped (the input's new value is not read out while
      // the focus stays on the button), is heard with the total it brings.
      // The field's own label with the number, in every language ("Quantity 3.", "数量 3.").
      const quantity = model.stepped.value ? `${t.quantity} ${model.quantity.value}.` : "";
      return `${model.quantityNote.value ?? quantity} ${code ? t.announceCoupon({ code, total }) : t.announceTotal({ total })}`.trim();
    }
    case "paying": {
      const status = model.status.value;
      return status ? t.announceStatus({ status }) : t.announceWaiting;
    }
    case "done":
      // A focused button's new name is not read out: what a Copy click came to is said here.
      return model.copyNote.value || t.announceDone;
    case "failed":
      // Said assertively by the failure itself.
      return "";
    default: {
      const unknown: never = phase;
      return unknown;
    }
  }
}

/**
 * The checkout's one polite live region, there from the dialog's first paint to its last, so
 * screen readers hear each change once instead of meeting a new region at every step. Errors
 * are not here: they are alerts beside the fields they name.
 */
export const Announcer = tracked(function Announcer({ model }: { model: CheckoutModel }) {
  return (
    <p class="sr" role="status" data-kiosk="announcer">
      {news(model)}
    </p>
  );
});
