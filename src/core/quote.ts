import { withoutBidiControls as label } from "./bidi";
import { applyCoupon, type CouponReason, type CouponRule } from "./coupon";
import { type Money, money, multiply, sum } from "./money";
import type { Product, Quote } from "./types";

/** A requested line with the product the server looked up for it (what pricing reads of it). */
export interface ResolvedLine {
  readonly product: Pick<Product, "id" | "name" | "price" | "variants">;
  readonly variantId?: string;
  readonly quantity: number;
}

/** What the server knows about a coupon code when it prices an order. */
export type CouponLookup =
  | { readonly code: string; readonly rule: CouponRule | undefined }
  | { readonly code: string; readonly unsupported: true };

/**
 * Prices resolved lines. Limits and stock are checked before this is called; here unit
 * prices come from the products (never the request) and the coupon is applied once.
 */
export function priceQuote(
  lines: readonly ResolvedLine[],
  coupon: CouponLookup | undefined,
  now: Date,
): Quote {
  const first = lines[0];
  if (!first) throw new RangeError("a quote needs at least one line");
  const currency = first.product.price.currency;
  const quoteLines = lines.map((line) => {
    const variant = line.variantId
      ? line.product.variants.find((candidate) => candidate.id === line.variantId)
      : undefined;
    const listed = variant?.price ?? line.product.price;
    // Copied, so a product object's extra fields never reach a quote.
    const unitPrice = money(listed.amount, listed.currency);
    // A line's name is shown beside its quantity and price: no directional formatting characters.
    const name = label(line.product.name);
    return {
      productId: line.product.id,
      ...(variant ? { variantId: variant.id, name: `${name} – ${label(variant.name)}` } : { name }),
      unitPrice,
      quantity: line.quantity,
      total: multiply(unitPrice, line.quantity),
    };
  });
  const subtotal = sum(
    quoteLines.map((line) => line.total),
    currency,
  );
  let discount = 0;
  let couponResult: Quote["coupon"];
  if (coupon) {
    let reason: CouponReason | undefined;
    let minimum: Money | undefined;
    if ("unsupported" in coupon) {
      reason = "not_applicable";
    } else {
      const outcome = applyCoupon(coupon.rule, quoteLines, currency, now);
      if (outcome.valid) discount = outcome.discount;
      else ({ reason, minimum } = outcome);
    }
    couponResult = reason
      ? { code: coupon.code, valid: false, reason, ...(minimum ? { minimum } : {}) }
      : { code: coupon.code, valid: true };
  }
  return {
    lines: quoteLines,
    subtotal,
    discount: money(discount, currency),
    total: money(subtotal.amount - discount, currency),
    ...(couponResult ? { coupon: couponResult } : {}),
  };
}
