// What a buyer typed into a checkout they closed before paying, for the next one on the page.
import { attributeName } from "../field-name";
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
  if (request.resume) return request;
  const kept = typed.get(kiosk) ?? {};
  const before: Typed = { ...kept[""], ...kept[request.productId] };
  const merged: Record<string, unknown> = { ...request };
  const locked = request.locked ?? [];
  for (const [name, lock] of prefills) {
    if (merged[name] === undefined && !locked.includes(lock)) merged[name] = before[name];
  }
  // Fields one by one: what the request gives a field wins, the others keep what was typed, and
  // a locked one (all with "fields") shows only what the request gives it.
  const open = (key: string) =>
    !locked.includes("fields") &&
    !locked.includes(`fields.${key}`) &&
    !locked.includes(attributeName(`fields.${key}`));
  // Without a prototype: a key is the platform's, any text ("toString" is no answer).
  merged.fields = Object.assign(
    Object.create(null),
    Object.fromEntries(Object.entries(before.fields ?? {}).filter(([key]) => open(key))),
    request.fields,
  );
  return merged as unknown as CheckoutRequest;
}
