import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  currencyExponent,
  divideHalfUp,
  formatMoney,
  fromDecimal,
  MoneyError,
  percentOf,
  priceFromDecimal,
  toDecimalString,
} from "../../src/core";

describe("currency exponents", () => {
  it("knows the usual, the zero-decimal and the three-decimal currencies", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("EUR")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
    expect(currencyExponent("jpy")).toBe(0);
  });
});

describe("fromDecimal", () => {
  it("reads platform decimals exactly", () => {
    expect(fromDecimal(29.99, "USD")).toEqual({ amount: 2999, currency: "USD" });
    expect(fromDecimal("29.99", "USD")).toEqual({ amount: 2999, currency: "USD" });
    expect(fromDecimal(0.1 + 0.2, "USD").amount).toBe(30);
    expect(fromDecimal(1200, "JPY")).toEqual({ amount: 1200, currency: "JPY" });
    expect(fromDecimal("1.2345", "KWD")).toEqual({ amount: 1235, currency: "KWD" });
    expect(fromDecimal("1e2", "USD").amount).toBe(10000);
  });

  it("rounds extra places half-up", () => {
    expect(fromDecimal("0.005", "USD").amount).toBe(1);
    expect(fromDecimal("0.0049", "USD").amount).toBe(0);
    expect(fromDecimal("1199.5", "JPY").amount).toBe(1200);
  });

  it("refuses what is not a decimal", () => {
    expect(() => fromDecimal("12,50", "USD")).toThrow(MoneyError);
    expect(() => fromDecimal(Number.NaN, "USD")).toThrow(MoneyError);
    expect(() => fromDecimal("1e30", "USD")).toThrow(MoneyError);
  });

  it("round-trips every integer amount through its decimal text", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.constantFrom("USD", "JPY", "KWD", "EUR"),
        (amount, currency) => {
          const text = toDecimalString({ amount, currency });
          expect(fromDecimal(text, currency).amount).toBe(amount);
          // An exact price is a price.
          expect(priceFromDecimal(text, currency).amount).toBe(amount);
        },
      ),
    );
  });

  it("keeps JPY amounts whole whatever the decimal says", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (value) => {
        expect(Number.isInteger(fromDecimal(value, "JPY").amount)).toBe(true);
      }),
    );
  });
});

describe("fromDecimal's rounding", () => {
  it("rounds half-up on the first place dropped, against a reference read off the digits", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.constantFrom("USD", "JPY", "KWD"),
        fc.stringMatching(/^[0-9]{1,8}$/),
        (units, currency, dropped) => {
          const exponent = currencyExponent(currency);
          const kept = String(units).padStart(exponent + 1, "0");
          const text =
            exponent === 0
              ? `${kept}.${dropped}`
              : `${kept.slice(0, -exponent)}.${kept.slice(-exponent)}${dropped}`;
          const expected = units + (Number(dropped[0]) >= 5 ? 1 : 0);
          expect(fromDecimal(text, currency).amount).toBe(expected);
        },
      ),
    );
  });
});

describe("priceFromDecimal", () => {
  it("reads a price with no more places than its currency", () => {
    expect(priceFromDecimal(29.99, "USD")).toEqual({ amount: 2999, currency: "USD" });
    expect(priceFromDecimal("29.990", "usd")).toEqual({ amount: 2999, currency: "USD" });
    expect(priceFromDecimal(1200, "JPY").amount).toBe(1200);
    expect(priceFromDecimal("1.234", "KWD").amount).toBe(1234);
  });

  it("refuses a price below zero, or with more places than its currency: it cannot be charged as priced", () => {
    for (const [value, currency] of [
      ["-5.00", "USD"],
      [-1, "JPY"],
      ["0.125", "USD"],
      [1199.5, "JPY"],
      [19.999, "GBP"],
      ["1.2345", "KWD"],
    ] as const) {
      expect(() => priceFromDecimal(value, currency), `${value} ${currency}`).toThrow(MoneyError);
    }
  });

  it("refuses every price with one to six places too many, not all zeros", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.constantFrom("USD", "JPY", "KWD"),
        fc.stringMatching(/^[0-9]{0,5}[1-9]$/),
        (units, currency, extra) => {
          const text = `${toDecimalString({ amount: units, currency })}${currencyExponent(currency) === 0 ? "." : ""}${extra}`;
          expect(() => priceFromDecimal(text, currency)).toThrow(MoneyError);
        },
      ),
    );
  });

  it("reads what floating point leaves of a price as the price (29.99 + 5 is 34.989999999999995)", () => {
    expect(priceFromDecimal(29.99 + 5, "USD").amount).toBe(3499);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 1000 }),
        (cents, dollars) => {
          expect(priceFromDecimal(cents / 100 + dollars, "USD").amount).toBe(cents + dollars * 100);
        },
      ),
    );
  });
});

describe("percentOf", () => {
  it("computes 8.75 % of 360 as 32, where floating point says 31", () => {
    expect(Math.round(360 * 0.0875)).toBe(31);
    expect(percentOf(360, "8.75")).toBe(32);
    expect(percentOf(360, 8.75)).toBe(32);
  });

  it("is exact and rounded half-up once (property, against a bigint reference)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 10_000 }),
        (amount, basisPoints) => {
          const percent = `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, "0")}`;
          const exact = BigInt(amount) * BigInt(basisPoints);
          const floor = exact / 10_000n;
          const remainder = exact % 10_000n;
          const expected = Number(remainder >= 5_000n ? floor + 1n : floor);
          expect(percentOf(amount, percent)).toBe(expected);
          expect(percentOf(amount, percent)).toBeLessThanOrEqual(amount);
        },
      ),
    );
  });
});

describe("divideHalfUp", () => {
  it("rounds halves away from zero and the rest to the nearest", () => {
    expect(divideHalfUp(5n, 2n)).toBe(3n);
    expect(divideHalfUp(-5n, 2n)).toBe(-3n);
    expect(divideHalfUp(7n, 3n)).toBe(2n);
    expect(divideHalfUp(8n, 3n)).toBe(3n);
    expect(() => divideHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe("formatMoney", () => {
  it("shows each currency with its own places", () => {
    expect(formatMoney({ amount: 2999, currency: "USD" }, "en-US")).toBe("$29.99");
    expect(formatMoney({ amount: 1200, currency: "JPY" }, "en-US")).toBe("¥1,200");
    expect(formatMoney({ amount: 1234, currency: "KWD" }, "en-US")).toMatch(/1\.234/);
  });
});
