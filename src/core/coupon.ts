import { parseDecimal } from "./decimal";
import { type Money, money, percentOf } from "./money";

/** The longest coupon code a quote or an order takes (a longer one is a `400`). */
export const maxCouponLength = 64;

/**
 * Whether a buyer's code names a coupon: spaces around it aside, in any case, but letter for
 * letter. Equal in upper case alone would let look-alikes through: a dotless "ı" or a long "ſ"
 * upper-cases to the ASCII "I" or "S", and "ß" to "SS"; equal in lower case too, they do not.
 */
export function sameCouponCode(code: string, typed: string | undefined): boolean {
  if (typed === undefined) return false;
  const [a, b] = [code.trim(), typed.trim()];
  return a.toUpperCase() === b.toUpperCase() && a.toLowerCase() === b.toLowerCase();
}

/** Why a coupon does not apply; the contract's `coupon.reason`. */
export type CouponReason = "not_found" | "expired" | "used_up" | "min_order" | "not_applicable";

/**
 * A platform's coupon, as the server learns it. It never leaves the server: the browser only
 * ever sees a code's `valid`/`reason` and the discount it produced.
 */
export interface CouponRule {
  readonly code: string;
  /** `percent`: `value` is a percentage such as `"10"` or `"8.75"`; `fixed`: `value` is Money. */
  readonly kind: "percent" | "fixed";
  readonly percent?: string;
  readonly amount?: Money;
  /** ISO date-time after which the coupon no longer applies. */
  readonly expiresAt?: string | null;
  readonly maxUses?: number | null;
  readonly uses?: number;
  readonly minOrder?: Money | null;
  /** When set, the coupon discounts only lines of these products. */
  readonly productIds?: readonly string[] | null;
}

/** One priced line, as coupon math sees it. */
export interface PricedLine {
  readonly productId: string;
  readonly total: Money;
}

export type CouponOutcome =
  | { readonly valid: true; readonly discount: number }
  | {
      readonly valid: false;
      readonly reason: CouponReason;
      /** For `min_order`: the subtotal the code needs, so the buyer knows how much to add. */
      readonly minimum?: Money;
    };

/**
 * Applies a coupon to priced lines. Percent discounts are computed exactly on the eligible
 * subtotal and rounded half-up once; fixed discounts are capped by it, so
 * `0 <= discount <= subtotal` always holds.
 */
export function applyCoupon(
  rule: CouponRule | undefined,
  lines: readonly PricedLine[],
  currency: string,
  now: Date,
): CouponOutcome {
  if (!rule) return { valid: false, reason: "not_found" };
  if (rule.expiresAt) {
    const expires = Date.parse(rule.expiresAt);
    if (Number.isNaN(expires) || expires <= now.getTime())
      return { valid: false, reason: "expired" };
  }
  if (rule.maxUses !== undefined && rule.maxUses !== null && (rule.uses ?? 0) >= rule.maxUses) {
    return { valid: false, reason: "used_up" };
  }
  const subtotal = lines.reduce((total, line) => total + line.total.amount, 0);
  if (rule.minOrder) {
    if (rule.minOrder.currency !== currency) return { valid: false, reason: "not_applicable" };
    if (subtotal < rule.minOrder.amount) {
      const { amount, currency: minimumCurrency } = rule.minOrder;
      return { valid: false, reason: "min_order", minimum: money(amount, minimumCurrency) };
    }
  }
  const restricted = rule.productIds && rule.productIds.length > 0 ? rule.productIds : undefined;
  const eligible = restricted ? lines.filter((line) => restricted.includes(line.productId)) : lines;
  if (eligible.length === 0) return { valid: false, reason: "not_applicable" };
  const base = eligible.reduce((total, line) => total + line.total.amount, 0);
  switch (rule.kind) {
    case "percent": {
      const rate = rule.percent === undefined ? undefined : parseDecimal(rule.percent);
      if (!rate || rate.digits < 0n) return { valid: false, reason: "not_applicable" };
      // A hundred percent or more takes the whole of it, without multiplying a platform's 1e300
      // past what an amount can hold first.
      if (rate.digits >= 100n * 10n ** BigInt(rate.scale)) return { valid: true, discount: base };
      return { valid: true, discount: clamp(percentOf(base, rate), base) };
    }
    case "fixed": {
      if (!rule.amount || rule.amount.currency !== currency) {
        return { valid: false, reason: "not_applicable" };
      }
      return { valid: true, discount: clamp(rule.amount.amount, base) };
    }
    default: {
      const unknownKind: never = rule.kind;
      throw new Error(`unknown coupon kind ${String(unknownKind)}`);
    }
  }
}

function clamp(discount: number, base: number): number {
  return Math.min(Math.max(discount, 0), base);
}
