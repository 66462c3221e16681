import { httpLink } from "../../core/link";
import type { DeliveredItem } from "../../core/types";
import { formatPrice } from "../i18n/locale";
import { once, tracked, useSignal } from "../tracked";
import type { CheckoutModel } from "./checkout-model";
import { checkoutStrings as t } from "./checkout-strings";

/** While the buyer pays in the other window: what to pay, where, and the order's status. */
export const PaymentWait = tracked(function PaymentWait({ model }: { model: CheckoutModel }) {
  const status = model.status.value;
  const order = model.order.value;
  return (
    <div class="result">
      {model.paymentHint.value === "email" ? (
        <p>{t.paymentByEmail({ email: model.email.value.trim() })}</p>
      ) : (
        // No link and no hint: an order with nothing to pay, its goods on their way.
        model.checkoutUrl.value && <p>{model.windowBlocked.value ? t.waiting : t.paymentOpened}</p>
      )}
      {order && (
        <dl class="totals">
          <div class="row total">
            <dt>{t.total}</dt>
            <dd>{formatPrice(order.total)}</dd>
          </div>
        </dl>
      )}
      {model.checkoutUrl.value && (
        <a
          class={model.windowBlocked.value ? "primary link" : "ghost link"}
          href={model.checkoutUrl.value}
          target="_blank"
          rel="noopener"
        >
          {t.openPayment}
        </a>
      )}
      {status && <p class="muted">{t.status({ status })}</p>}
      {model.followTrouble.value && (
        <p class="error" role="alert">
          {t.followLost}
        </p>
      )}
    </div>
  );
});

/**
 * The completed order: its number (what the buyer quotes to the shop), what was bought and what
 * it came to, and the delivered goods, each with a copy button.
 */
export const Delivered = tracked(function Delivered({ model }: { model: CheckoutModel }) {
  const order = model.order.value;
  const read = order && "items" in order ? order : undefined;
  const items = read?.deliveredItems ?? [];
  return (
    <div class="result">
      <p class="ok">{t.completed}</p>
      {read && (
        <>
          <p class="muted">{t.orderNumber({ id: read.id })}</p>
          <dl class="totals">
            {read.items.map((line) => (
              <div class="row" key={`${line.productId}:${line.variantId ?? ""}`}>
                <dt>{line.name}</dt>
                <dd>× {line.quantity}</dd>
              </div>
            ))}
            <div class="row total">
              <dt>{t.total}</dt>
              <dd>{formatPrice(read.total)}</dd>
            </div>
          </dl>
        </>
      )}
      {items.length > 0 && (
        <>
          <h3>{t.delivered}</h3>
          <ul class="items">
            {items.map((item, index) => (
              <DeliveredRow item={item} note={model.copyNote} key={`${index}:${item.value}`} />
            ))}
          </ul>
        </>
      )}
      {read?.deliveryMessage && <p class="muted">{read.deliveryMessage}</p>}
    </div>
  );
});

/** Delivered rows drawn so far, for their values' ids. */
let rows = 0;

const DeliveredRow = tracked(function DeliveredRow({
  item,
  note,
}: {
  item: DeliveredItem;
  note: CheckoutModel["copyNote"];
}) {
  // Said again with an invisible space more or less, so the same words twice are still a change
  // for a screen reader to read.
  const say = (text: string) => {
    note.value = note.value === text ? `${text}\u200b` : text;
  };
  const copied = useSignal(false);
  // Each Copy button is described by what it copies, so a list of them is told apart by ear.
  const id = once(() => `v${++rows}`);
  // Checked again here: a link that is not http(s) shows as text, never as something to click.
  const link = item.kind === "link" ? httpLink(item.value) : undefined;
  return (
    <li>
      {item.kind === "link" && link !== undefined ? (
        <a id={id} href={link} target="_blank" rel="noopener">
          {item.value}
        </a>
      ) : item.kind === "text" ? (
        // A sentence (instructions, say), in the text's own font; its http(s) links open.
        <span id={id}>
          {item.value.split(/(https?:\/\/\S*[^\s.,;:!?)])/).map((part) => {
            const href = httpLink(part);
            return href ? (
              <a href={href} target="_blank" rel="noopener">
                {part}
              </a>
            ) : (
              part
            );
          })}
        </span>
      ) : (
        <code id={id}>{item.value}</code>
      )}
      <button
        type="button"
        class="ghost"
        aria-describedby={id}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(item.value);
            copied.value = true;
            say(t.copied);
          } catch {
            // No clipboard (an insecure page, a refused permission): the value stays there to
            // select by hand, which the buyer is told.
            say(t.copyFailed);
          }
        }}
      >
        {copied.value ? t.copied : t.copy}
      </button>
    </li>
  );
});

/** An order that ended unpaid; the form is kept for another try. */
export const OrderFailed = tracked(function OrderFailed({ model }: { model: CheckoutModel }) {
  return (
    <div class="result">
      {/* The sentence alone is the alert: the button beside it is read when it takes the focus. */}
      <p class="error" role="alert">
        {t.orderFailed({ status: model.status.value ?? "failed" })}
      </p>
      <button type="button" class="primary" onClick={() => model.retry()}>
        {t.tryAgain}
      </button>
    </div>
  );
});
