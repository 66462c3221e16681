import type { CheckoutRequest } from "./kiosk-types";

/** What a Buy button, a card or a buy link can fill in (and lock) before the checkout opens. */
export type Prefill = Pick<
  CheckoutRequest,
  "quantity" | "variantId" | "coupon" | "email" | "fields" | "locked"
>;

/**
 * The prefill named by `read` (`quantity`, `variant`, `coupon`, `email`): a value that is not
 * one (`quantity=abc`) is left out, so the form shows its default.
 */
export function prefillFrom(read: (name: string) => string | null | undefined): Prefill {
  const text = (name: string) => read(name)?.trim() || undefined;
  const quantity = Number(text("quantity"));
  return {
    quantity: Number.isSafeInteger(quantity) && quantity > 0 ? quantity : undefined,
    variantId: text("variant"),
    coupon: text("coupon"),
    email: text("email"),
  };
}

/**
 * An element's prefill: `data-kiosk-quantity`, `-variant`, `-coupon`, `-email`,
 * `data-kiosk-field-<key>` and `data-kiosk-lock="email quantity"`; a custom element's carry no
 * `prefix` (`quantity`, `field-<key>`, `lock`).
 */
export function elementPrefill(element: Element, prefix = "data-kiosk-"): Prefill {
  const fieldPrefix = `${prefix}field-`;
  const fields: Record<string, string> = {};
  for (const { name, value } of element.attributes) {
    if (name.startsWith(fieldPrefix) && value.trim())
      fields[name.slice(fieldPrefix.length)] = value;
  }
  const lock = element.getAttribute(`${prefix}lock`)?.split(/\s+/).filter(Boolean) ?? [];
  return {
    ...prefillFrom((name) => element.getAttribute(prefix + name)),
    fields: Object.keys(fields).length > 0 ? fields : undefined,
    locked: lock.length > 0 ? lock : undefined,
  };
}
