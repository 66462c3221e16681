import { MoneyError } from "./money-error";

export { MoneyError } from "./money-error";

import { currencyExponent } from "./currency";
import { type Decimal, divideHalfUp, parseDecimal, rescale } from "./decimal";

/**
 * An amount of money in integer minor units of its currency: `{ amount: 2999, currency: "USD" }`
 * is 29.99 USD, `{ amount: 1200, currency: "JPY" }` is 1200 yen. Floats never stand for money.
 */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

function toSafeNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new MoneyError(`amount out of range: ${value}`);
  return n;
}

/** Builds a `Money`, checking that the amount is a safe integer. */
export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new MoneyError(`not an integer amount: ${amount}`);
  return { amount, currency: currency.toUpperCase() };
}

/** Whether two sums are the same: the same amount in the same currency. */
export function sameMoney(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

/**
 * Converts a platform's decimal price (`29.99`, `"29.99"`, `1200`) into minor units of
 * `currency`, rounding half-up when the platform sends more places than the currency has.
 */
export function fromDecimal(value: string | number, currency: string): Money {
  const decimal = parseDecimal(value);
  if (!decimal) throw new MoneyError(`not a decimal amount: ${String(value)}`);
  return money(toSafeNumber(rescale(decimal, currencyExponent(currency))), currency);
}

/**
 * A unit price in minor units of `currency`, read as `fromDecimal` reads it, but refused with a
 * `MoneyError` below zero, or with more places than the currency (`0.125` USD, `1199.5` JPY): rounded
 * once per unit and then multiplied, it would be charged for a line differently from the
 * platform's own total, so such a product cannot be sold. What binary floating point leaves in a
 * platform's JSON (`34.989999999999995` for 34.99, a millionth of a minor unit away at most) is
 * read as the amount it stands for.
 */
export function priceFromDecimal(value: string | number, currency: string): Money {
  const decimal = parseDecimal(value);
  if (!decimal) throw new MoneyError(`not a decimal amount: ${String(value)}`);
  // Nor one below zero: a line would take money off the order.
  if (decimal.digits < 0n) throw new MoneyError(`${String(value)} is below zero`);
  const exponent = currencyExponent(currency);
  const units = rescale(decimal, exponent);
  const extra = decimal.scale - exponent;
  if (extra > 0) {
    const off = units * 10n ** BigInt(extra) - decimal.digits;
    if ((off < 0n ? -off : off) * 1_000_000n >= 10n ** BigInt(extra)) {
      throw new MoneyError(`${String(value)} has more places than ${currency.toUpperCase()} has`);
    }
  }
  return money(toSafeNumber(units), currency);
}

/** The decimal text of a `Money` in major units, for platforms that take decimals: `"29.99"`. */
export function toDecimalString(value: Money): string {
  const exponent = currencyExponent(value.currency);
  const negative = value.amount < 0;
  const digits = String(Math.abs(value.amount)).padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** `percent` % of `amount` minor units, computed exactly and rounded half-up. */
export function percentOf(amount: number, percent: string | number | Decimal): number {
  const rate = typeof percent === "object" ? percent : parseDecimal(percent);
  if (!rate) throw new MoneyError(`not a percentage: ${String(percent)}`);
  const numerator = BigInt(amount) * rate.digits;
  const denominator = 100n * 10n ** BigInt(rate.scale);
  return toSafeNumber(divideHalfUp(numerator, denominator));
}

/** `unit × quantity`, refusing results that are not safe integers. */
export function multiply(unit: Money, quantity: number): Money {
  return money(toSafeNumber(BigInt(unit.amount) * BigInt(quantity)), unit.currency);
}

/** Sum of amounts in one currency. */
export function sum(values: readonly Money[], currency: string): Money {
  let total = 0n;
  for (const value of values) {
    if (value.currency !== currency) throw new MoneyError("cannot add different currencies");
    total += BigInt(value.amount);
  }
  return money(toSafeNumber(total), currency);
}

/**
 * Formatters by locale and currency: making one costs far more than formatting with it (a card
 * shows a price per variant). The space keeps a key from naming an `Object.prototype` member.
 */
const formatters: Record<string, Intl.NumberFormat> = {};

/**
 * Formats for display only, with `Intl.NumberFormat` in the money's own currency. The digits
 * come from the exponent table, so an amount is never shown with more or fewer places than
 * it was stored with.
 */
export function formatMoney(value: Money, locale?: string): string {
  const key = `${locale} ${value.currency}`;
  const exponent = currencyExponent(value.currency);
  formatters[key] ??= new Intl.NumberFormat(locale, {
    style: "currency",
    currency: value.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl takes a decimal string exactly (ES2023), so no float rounding sneaks in here.
  return formatters[key].format(toDecimalString(value) as unknown as number);
}
