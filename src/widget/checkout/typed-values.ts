// What a buyer typed into a checkout they closed before paying, for the next one on the page.
import type { CheckoutRequest, Kiosk } from "../kiosk-types";
import type { CheckoutModel } from "./checkout-types";

type Typed = Partial<CheckoutRequest>;

/**
 * Per runtime, in memory only (a reload forgets it; nothing is stored): each product's form as
 * the buyer left it, and under `""` the buyer's email, theirs whatever they buy.
 */
const typed = new WeakMap<Kiosk, Record<string, Typed>>();

/** Each prefill a request may leave open, and the name that locks it. */
const prefills = [
  ["email", "email"],
  ["quantity", "quantity"],
  ["variantId", "variant"],
  ["coupon", "coupon"],
  ["fields", "fields"],
] as const;

/**
 * Notes what the buyer typed in a checkout of `productId` they closed: its email for any
 * product's next checkout on the page, and, when it was closed before an order was paid for
 * (`bought` false), the rest for this product's; once bought, this product's starts afresh.
 */
export function noteTyped(
  kiosk: Kiosk,
  productId: string,
  model: CheckoutModel,
  bought: boolean,
): void {
  const kept = typed.get(kiosk) ?? {};
  typed.set(kiosk, kept);
  const quantity = model.quantity.peek();
  kept[""] = { email: model.email.peek().trim() || kept[""]?.email };
  if (bought) {
    delete kept[productId];
    return;
  }
  kept[productId] = {
    quantity: Number.isSafeInteger(quantity) && quantity > 0 ? quantity : undefined,
    variantId: model.variantId.peek(),
    coupon: model.couponText.peek().trim() || undefined,
    fields: model.fields.peek(),
  };
}

/**
 * `request` with what the buyer typed before in what it leaves open: what the request says (a
 * buy button's quantity, a link's coupon) wins, and a locked field shows only what the request
 * gives it.
 */
export function withTyped(kiosk: Kiosk, request: CheckoutRequest): CheckoutRequest {
  const kept = typed.get(kiosk);
  if (!kept || request.resume) return request;
  const before: Typed = { ...kept[""], ...kept[request.productId] };
  const merged: Record<string, unknown> = { ...request };
  for (const [name, lock] of prefills) {
    if (merged[name] === undefined && !request.locked?.includes(lock)) merged[name] = before[name];
  }
  return merged as unknown as CheckoutRequest;
}
