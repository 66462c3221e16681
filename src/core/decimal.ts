/** An exact decimal: `digits × 10^-scale`. */
export interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

const decimalPattern = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal written as a string or a JS number without going through binary floating
 * point: `"29.99"` and `29.99` both become `2999 × 10^-2`. Numbers are read through `String(n)`,
 * the shortest text that round-trips, which is what a JSON document held.
 */
export function parseDecimal(value: string | number): Decimal | undefined {
  if (typeof value === "number" && !Number.isFinite(value)) return undefined;
  const text = String(value).trim();
  const match = decimalPattern.exec(text);
  if (!match) return undefined;
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = match;
  if (whole === "" && fraction === "") return undefined;
  const exp = Number(exponent);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return undefined;
  let digits = BigInt(`${whole}${fraction}` || "0");
  if (sign === "-") digits = -digits;
  let scale = fraction.length - exp;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits, scale };
}

/**
 * Divides and rounds half-up, the one rounding rule of Kiosk: a remainder of exactly one half
 * rounds away from zero (2.5 → 3, -2.5 → -3); anything less rounds toward zero.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  if (denominator < 0n) return divideHalfUp(-numerator, -denominator);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const remainder = magnitude % denominator;
  const rounded = remainder * 2n >= denominator ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/** Rescales `decimal` to `scale` places, rounding half-up. */
export function rescale(decimal: Decimal, scale: number): bigint {
  const shift = scale - decimal.scale;
  if (shift >= 0) return decimal.digits * 10n ** BigInt(shift);
  return divideHalfUp(decimal.digits, 10n ** BigInt(-shift));
}
