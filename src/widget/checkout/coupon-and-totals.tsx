import { formatPrice } from "../i18n/locale";
import { tracked } from "../tracked";
import type { CheckoutModel } from "./checkout-model";
import { checkoutStrings as t } from "./checkout-strings";

/** Coupon entry: applying asks the server for a quote; the answer says what the code did. */
export const CouponBox = tracked(function CouponBox({ model }: { model: CheckoutModel }) {
  const id = "kiosk-coupon";
  const applied = model.validCoupon.value;
  const error = model.errors.value.coupon;
  const locked = model.isLocked("coupon");
  return (
    <div class="field">
      <label for={id}>{t.coupon}</label>
      <div class="inline">
        <input
          id={id}
          name="coupon"
          autoComplete="off"
          readOnly={locked}
          value={model.couponText.value}
          onInput={(event) => model.setCouponText(event.currentTarget.value)}
          onKeyDown={(event) => {
            // Enter in the coupon box applies the code instead of paying.
            if (event.key === "Enter") {
              event.preventDefault();
              model.applyCoupon();
            }
          }}
          {...(error ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {})}
        />
        {locked ? null : applied && applied === model.couponText.value.trim() ? (
          <button type="button" class="ghost" onClick={() => model.removeCoupon()}>
            {t.remove}
          </button>
        ) : (
          <button type="button" class="ghost" onClick={() => model.applyCoupon()}>
            {t.apply}
          </button>
        )}
      </div>
      {error ? (
        <p class="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : (
        applied && <p class="ok">{t.couponApplied({ code: applied })}</p>
      )}
    </div>
  );
});

/** The server's price: lines, subtotal, discount and total. Nothing here is computed locally. */
export const Totals = tracked(function Totals({ model }: { model: CheckoutModel }) {
  const quote = model.quote.value;
  if (!quote) {
    // The rows the answer will fill, held with what is known, so the dialog keeps its height (a
    // checkout that opens by itself, from a buy link, would otherwise move when the price comes).
    const quantity = model.quantity.value;
    return (
      <dl class="totals" aria-busy="true">
        <div class="row">
          <dt>
            {model.product.value.name}
            {/* A quantity that is none ("abc", 0, 1e20) is explained by its field. */}
            {Number.isSafeInteger(quantity) && quantity > 0 ? `\u200e × ${quantity}` : ""}
          </dt>
        </div>
        <div class="row total">
          <dt>{t.total}</dt>
          <dd class="muted">{model.quoting.value ? t.quoting : "\u00a0"}</dd>
        </div>
      </dl>
    );
  }
  return (
    <dl class="totals" aria-busy={model.quoting.value}>
      {quote.lines.map((line) => (
        <div class="row" key={`${line.productId}:${line.variantId ?? ""}`}>
          <dt>
            {line.name}
            {/* A left-to-right mark ends the name: one in Arabic or Hebrew would otherwise
                take the quantity in between its words and the product's ("Plan – 1 × …"). */}
            {"\u200e × "}
            {line.quantity}
          </dt>
          <dd>{formatPrice(line.total)}</dd>
        </div>
      ))}
      {quote.discount.amount > 0 && (
        <>
          <div class="row">
            <dt>{t.subtotal}</dt>
            <dd>{formatPrice(quote.subtotal)}</dd>
          </div>
          <div class="row ok">
            <dt>{t.discount}</dt>
            <dd data-kiosk="discount">−{formatPrice(quote.discount)}</dd>
          </div>
        </>
      )}
      <div class="row total">
        <dt>{t.total}</dt>
        {/* Asked again (the quantity changed), the last total is not the one Pay would pay. */}
        <dd data-kiosk="total">{model.quoting.value ? t.quoting : formatPrice(quote.total)}</dd>
      </div>
    </dl>
  );
});
