import { describe, expect, it } from "vitest";
import {
  type BuyerProblem,
  describeProblem,
  englishMessages,
  fromProblemCode,
  toProblemCode,
} from "../../src/core";
import type { CheckoutProblem } from "../../src/widget/checkout/checkout-strings";
import { fieldMessage, localNames } from "../../src/widget/checkout/field-messages";

const examples: BuyerProblem[] = [
  { code: "not_integer" },
  { code: "below_min", limit: 2 },
  { code: "above_max", limit: 5 },
  { code: "above_stock", limit: 1 },
  { code: "above_stock", limit: 3 },
  { code: "sold_out" },
  { code: "unavailable" },
  { code: "required" },
  { code: "too_long", limit: 32 },
  { code: "not_email" },
  { code: "not_number" },
  { code: "unknown_field" },
  { code: "unknown_product" },
  { code: "unknown_variant" },
  { code: "variant_required" },
  { code: "duplicate_line" },
  { code: "other_currency", currency: "JPY" },
  { code: "unknown_payment_method" },
  { code: "coupon_empty" },
  { code: "coupon_not_found" },
  { code: "coupon_expired" },
  { code: "coupon_used_up" },
  { code: "coupon_min_order" },
  { code: "coupon_min_order", amount: 5000, currency: "EUR" },
  { code: "coupon_not_applicable" },
];

/** The codes a checkout never hears (see `CheckoutProblem`). */
const unsentToCheckout = new Set(["duplicate_line", "other_currency"]);

/** The server's catalogue as the reader's: the codes it has a sentence for. */
const english = (code: string) => Object.hasOwn(englishMessages, code);

describe("the buyer-message catalogue", () => {
  it("has an example here for every code", () => {
    expect(new Set(examples.map((problem) => problem.code))).toEqual(
      new Set(Object.keys(englishMessages)),
    );
  });

  it.each(examples)("words $code the same after a trip through a problem body", (problem) => {
    const wire = JSON.parse(JSON.stringify(toProblemCode(problem)));
    expect(fromProblemCode(wire, english)).toEqual(problem);
    if (unsentToCheckout.has(problem.code)) {
      // A checkout sends one line of one product, so it never hears these: the proxy's own
      // sentence stands, and the catalogue carries no words for them.
      expect(localNames({ email: "the proxy's words" }, { email: wire })).toEqual({
        email: "The proxy's words",
      });
      return;
    }
    expect(fieldMessage(fromProblemCode(wire, english) as CheckoutProblem)).toBe(
      describeProblem(problem),
    );
    // The widget reads the code against its own catalogue, which words every code the same.
    expect(localNames({ email: "the proxy's words" }, { email: wire })).toEqual({
      email: describeProblem(problem),
    });
  });

  it("says how many are left, in the singular too", () => {
    expect(describeProblem({ code: "above_stock", limit: 1 })).toBe("Only 1 is left.");
    expect(describeProblem({ code: "above_stock", limit: 3 })).toBe("Only 3 are left.");
  });

  it("reads back only codes it knows, with the values their sentences need", () => {
    expect(fromProblemCode({ code: "teleported" }, english)).toBeUndefined();
    expect(fromProblemCode({ code: "toString" }, english)).toBeUndefined();
    expect(fromProblemCode({ code: "above_stock" }, english)).toBeUndefined();
    expect(
      fromProblemCode({ code: "above_stock", params: { limit: "3" } }, english),
    ).toBeUndefined();
    expect(fromProblemCode({ code: "other_currency", params: {} }, english)).toBeUndefined();
    expect(fromProblemCode("sold_out", english)).toBeUndefined();
  });
});

describe("the widget's field messages", () => {
  it("name a minimum only as a whole amount in a currency code, and nothing a body adds itself", () => {
    const sentence = (params: Record<string, unknown>) =>
      localNames({ coupon: "the proxy's words" }, { coupon: { code: "coupon_min_order", params } })
        .coupon;
    const unnamed = "Your order is below this code's minimum. Add more to use it.";
    expect(sentence({ amount: 5000, currency: "EUR" })).toBe(
      "This code needs an order of at least €50.00. Add more to use it.",
    );
    for (const params of [
      { amount: 5000 },
      { amount: 50.5, currency: "EUR" },
      { amount: "5000", currency: "EUR" },
      { amount: 5000, currency: "dollars" },
      { currency: "EUR" },
      { minimum: "<b>a link to elsewhere</b>" },
    ]) {
      expect(sentence(params)).toBe(unnamed);
    }
    // Values another code does not read change nothing in its sentence.
    const long = localNames(
      { "fields.note": "too long" },
      { "fields.note": { code: "too_long", params: { limit: 5, amount: 1, currency: "dollars" } } },
    );
    expect(long["fields.note"]).toBe("Use at most 5 characters.");
  });

  it("word a code the proxy sent themselves, and fall back to the proxy's sentence", () => {
    const named = localNames(
      {
        "items.0.quantity": "only 3 left in stock",
        "fields.note": "is too odd",
        email: "looks wrong",
      },
      {
        "items.0.quantity": { code: "above_stock", params: { limit: 3 } },
        "fields.note": { code: "from_a_newer_proxy" },
        email: { code: "toString" },
      },
    );
    expect(named).toEqual({
      quantity: "Only 3 are left.",
      "fields.note": "Is too odd",
      email: "Looks wrong",
    });
  });
});
