import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  checkCustomField,
  type FieldRule,
  numberPattern,
  orderRequestSchema,
  type Product,
  readNumber,
} from "../../src/core";
import { ProblemError } from "../../src/server/http/problem-error";
import { checkOrderFields } from "../../src/server/orders/pricing";
import type { CatalogProduct } from "../../src/server/platforms/platform";
import { createCheckoutForm } from "../../src/widget/checkout/checkout-form";
import type { KioskClient } from "../../src/widget/client";

const fieldTypes = ["text", "email", "number", "textarea"] as const;

/** Answers a buyer might type: numbers in every spelling, addresses, blanks and noise. */
const answer = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    "1e3",
    "0x10",
    "12.",
    ".5",
    "-0",
    "1_000",
    "Infinity",
    "NaN",
    " 12 ",
    "+3",
    "0b1",
  ),
  fc.double({ noNaN: false }).map(String),
  fc.tuple(fc.integer(), fc.nat()).map(([whole, fraction]) => `${whole}.${fraction}`),
  fc.emailAddress(),
  fc.constantFrom("", "   ", "a@b", "a@b.c", "@x.io", "a b@c.de"),
);

const fieldRules = fc.uniqueArray(
  fc.record(
    {
      key: fc.constantFrom("a", "b", "c", "note"),
      label: fc.constant("Field"),
      required: fc.boolean(),
      type: fc.constantFrom(...fieldTypes),
      maxLength: fc.integer({ min: 1, max: 8 }),
    },
    { requiredKeys: ["key", "label", "required", "type"] },
  ),
  { selector: (field) => field.key, minLength: 1 },
);

function productWith(customFields: Product["customFields"]): Product {
  return {
    id: "p",
    name: "P",
    type: "digital",
    descriptionHtml: "",
    images: [],
    price: { amount: 100, currency: "USD" },
    variants: [],
    stock: null,
    available: true,
    quantity: { min: 1, max: null },
    customFields,
  };
}

/** What the proxy says about the answers the widget would send, worded as the buyer sees it. */
function serverFieldErrors(product: Product, answers: Record<string, string>) {
  const catalog: CatalogProduct = { ...product, description: "", visible: true };
  const problems = checkOrderFields(new Map([[product.id, catalog]]), answers);
  return new ProblemError("unprocessable", 422, "x", { problems }).toProblem().errors ?? {};
}

describe("custom field rules", () => {
  it("are the same in the widget and on the proxy: the widget refuses exactly what the proxy refuses, in the same words", () => {
    fc.assert(
      fc.property(fieldRules, fc.array(answer, { minLength: 4, maxLength: 4 }), (fields, typed) => {
        const product = productWith(fields);
        const form = createCheckoutForm({ client: {} as KioskClient, product });
        form.fields.value = Object.fromEntries(
          fields.map((field, i) => [field.key, typed[i] ?? ""]),
        );
        const widget = Object.fromEntries(
          Object.entries(form.localErrors.value).filter(([name]) => name.startsWith("fields.")),
        );
        expect(serverFieldErrors(product, form.filledFields())).toEqual(widget);
      }),
      { numRuns: 500 },
    );
  });

  it("take the same buyer email the order schema takes, which is zod's own email rule", () => {
    const addresses = fc.oneof(
      fc.emailAddress(),
      fc.string({ maxLength: 20 }),
      fc.constantFrom("buyer@shop.x", "a@b.co", "é@x.io", "a..b@c.de", "a@-b.io", "a@b", ""),
    );
    fc.assert(
      fc.property(addresses, (address) => {
        const product = productWith([]);
        const form = createCheckoutForm({ client: {} as KioskClient, product, email: address });
        const order = { items: [{ productId: "p", quantity: 1 }], email: address.trim() };
        const serverTakes = orderRequestSchema.safeParse(order).success;
        expect(form.localErrors.value.email === undefined).toBe(serverTakes);
        if (address.trim().length <= 254) {
          expect(serverTakes).toBe(z.email().safeParse(address.trim()).success);
        }
      }),
      { numRuns: 500 },
    );
  });

  it.each(["1e3", "0x10", "12.", ".5", "Infinity", "1_000", "+3"])(
    "refuses %s in a number field rather than reading it some other way",
    (value) => {
      expect(checkCustomField({ key: "n", required: false, type: "number" }, value)).toEqual({
        code: "not_number",
      });
    },
  );

  it("accepts every plain decimal, and only text that is one", () => {
    const number: FieldRule = { key: "n", required: true, type: "number" };
    fc.assert(
      fc.property(fc.integer(), fc.option(fc.stringMatching(/^\d{1,6}$/)), (whole, fraction) => {
        const text = fraction === null ? String(whole) : `${whole}.${fraction}`;
        expect(checkCustomField(number, text)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(answer, (text) => {
        if (checkCustomField(number, text) !== undefined) return;
        expect(text.trim()).toMatch(numberPattern);
        expect(Number.isFinite(Number(text))).toBe(true);
      }),
    );
  });

  describe("a number as a language writes it", () => {
    // Each language's marks as Intl gives them: French groups with a narrow no-break space.
    const marks = (locale: string) => {
      const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
      const mark = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
      return { decimal: mark("decimal"), group: mark("group") };
    };
    it.each([
      ["de", "1.000", "1000"],
      ["de", "1.000,5", "1000.5"],
      ["de", "12.345.678", "12345678"],
      ["de", "3,5", "3.5"],
      ["de", "3.5", "3.5"],
      ["de", "-1.000", "-1000"],
      ["es", "1.000", "1000"],
      ["es", "2,75", "2.75"],
      ["fr", "1 000", "1000"],
      ["fr", "1\u202f000,25", "1000.25"],
      ["fr", "1\u00a0000", "1000"],
      ["fr", "3,5", "3.5"],
      ["fr", "3.5", "3.5"],
      ["en", "1,000", "1000"],
      ["en", "1.000", "1.000"],
      ["en", "12", "12"],
      ["ja", "1,000.5", "1000.5"],
    ])("reads %s %j as %s", (locale, typed, read) => {
      expect(readNumber(typed, marks(locale))).toBe(read);
      expect(
        checkCustomField({ key: "n", required: true, type: "number" }, typed, marks(locale)),
      ).toBeUndefined();
    });
    it.each([
      // A point before three digits where the language neither groups nor ends decimals with one:
      // a thousand, or one? Neither is taken.
      ["fr", "1.000"],
      ["fr", "-12.500"],
      // No language groups a leading 0: 0.500 is a decimal written another way.
      ["de", "0.500"],
      // Grouped some other way, or not a number at all.
      ["de", "1.00.000"],
      ["de", "1,000,000"],
      ["en", "1,5"],
      ["en", "1 000"],
      ["fr", "1e3"],
      ["de", ""],
    ])("reads %s %j as no number", (locale, typed) => {
      expect(readNumber(typed, marks(locale))).toBeUndefined();
      expect(
        checkCustomField(
          { key: "n", required: false, type: "number" },
          typed || "x",
          marks(locale),
        ),
      ).toEqual({ code: "not_number" });
    });
    it("reads only the plain form without a language (the proxy's check, and what it is sent)", () => {
      expect(readNumber("1.000")).toBe("1.000");
      expect(readNumber("1,000")).toBeUndefined();
      expect(checkCustomField({ key: "n", required: false, type: "number" }, "1,5")).toEqual({
        code: "not_number",
      });
    });
  });

  it("trims answers, and lets optional fields stay empty", () => {
    const field: FieldRule = { key: "k", required: false, type: "email", maxLength: 20 };
    expect(checkCustomField(field, "   ")).toBeUndefined();
    expect(checkCustomField({ ...field, required: true }, "   ")).toEqual({ code: "required" });
    expect(checkCustomField(field, "  a@b.co  ")).toBeUndefined();
    expect(checkCustomField(field, `${"a".repeat(20)}@b.co`)).toEqual({
      code: "too_long",
      limit: 20,
    });
  });
});
