import { httpLink, isUnpaid, type OrderStatus, type PaymentHint } from "../../core";

/** What a created order tells the buyer about paying. */
export type PaymentAnswer =
  | { readonly checkoutUrl: string }
  | { readonly payment: PaymentHint }
  /** Nothing to pay: the platform took the order as paid when it was made (a free one). */
  | { readonly paid: true }
  /** The platform's link is no http(s) URL: it must never reach a browser. */
  | { readonly refused: true };

/** The placeholders a `KIOSK_CHECKOUT_URL` template may hold. */
export const checkoutTemplatePlaceholders = ["{orderId}", "{orderNumber}"] as const;

/** Fills a `KIOSK_CHECKOUT_URL` template; each value is URL-encoded. */
export function fillCheckoutTemplate(
  template: string,
  order: { readonly id: string; readonly reference?: string },
): string {
  return template
    .replaceAll("{orderId}", encodeURIComponent(order.id))
    .replaceAll("{orderNumber}", encodeURIComponent(order.reference ?? order.id));
}

/**
 * Where the buyer pays: the platform's link when it gave one (relative links, as the sandbox's,
 * resolve against `base`: the proxy's origin and mount path), else the merchant's template, else a hint that the
 * platform emails its invoice; nowhere for an order that is no longer to be paid.
 */
export function paymentAnswer(
  order: {
    readonly id: string;
    readonly status: OrderStatus;
    readonly reference?: string;
    readonly checkoutUrl?: string;
  },
  base: string,
  template: string | undefined,
): PaymentAnswer {
  if (!isUnpaid(order.status)) return { paid: true };
  if (order.checkoutUrl !== undefined && order.checkoutUrl.trim() !== "") {
    const link = httpLink(order.checkoutUrl, base);
    return link === undefined ? { refused: true } : { checkoutUrl: link };
  }
  if (template !== undefined) {
    const link = httpLink(fillCheckoutTemplate(template, order));
    if (link !== undefined) return { checkoutUrl: link };
  }
  return { payment: "email" };
}
