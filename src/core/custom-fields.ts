import type { BuyerProblem } from "./buyer-messages";

/** A custom field as its rules see it: the contract's `CustomField`. */
export interface FieldRule {
  readonly key: string;
  readonly required: boolean;
  readonly type: "text" | "email" | "number" | "textarea";
  readonly maxLength?: number | undefined;
}

/**
 * The one email rule: a dotted local part of the usual characters, `@`, and a domain whose last
 * label is two letters or more. The order's `email` schema, email custom fields and the widget's
 * own checks all use it, so the widget never passes an address the proxy refuses.
 */
export const emailPattern =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** The longest address the proxy takes (RFC 5321's path limit). */
export const maxEmailLength = 254;

/**
 * A number as a buyer writes one and every platform reads it: digits, optionally signed, with
 * an optional decimal part. `1e3`, `0x10`, `12.` and `.5` are refused rather than reinterpreted.
 */
export const numberPattern = /^-?\d+(\.\d+)?$/;

/** The marks a language writes numbers with (`Intl.NumberFormat`'s `decimal` and `group`). */
export interface NumberMarks {
  readonly decimal: string;
  readonly group: string;
}

/**
 * A number field's answer as the platforms read numbers (`1000.5`), or `undefined` when it is
 * none. Without `marks` (the proxy), only that plain form. With the buyer's language's marks:
 * digits grouped its way are the number they mean ("1.000" is 1000 in German and Spanish,
 * "1 000" in French, "1,000" in English), its decimal mark or a point marks the decimals
 * ("3,5", "3.5"), and a point before exactly three digits in a language whose decimal mark is
 * not a point and whose groups are not points ("1.000" in French: a thousand, or one?) is taken
 * as neither: never a silent 1.
 */
export function readNumber(text: string, marks?: NumberMarks): string | undefined {
  let value = text.trim();
  if (marks) {
    // As the buyer typed it: full-width digits and marks (a Japanese input method's) are plain.
    value = value.normalize("NFKC");
    const { decimal, group } = marks;
    // Spaces of any kind group where the language groups with one (French's narrow one).
    const own = new RegExp(
      `^-?([1-9]\\d{0,2}([${/\s/.test(group) ? "\\s" : group}]\\d{3})+|\\d+)([${decimal}]\\d+)?$`,
    );
    if (own.test(value)) return value.replace(/[^\d-]/g, (mark) => (mark === decimal ? "." : ""));
    if (decimal !== "." && /^-?\d{1,3}\.\d{3}$/.test(value)) return undefined;
  }
  return numberPattern.test(value) ? value : undefined;
}

/** True for an address the proxy accepts, for the order or in an email field. */
export function isEmailAddress(value: string): boolean {
  return value.length <= maxEmailLength && emailPattern.test(value);
}

/**
 * Why the buyer's answer to one custom field cannot be sent, if it cannot. The answer is
 * trimmed first; an empty answer to an optional field is fine. `marks`: a number as the buyer's
 * language writes it (see `readNumber`); without them, only the form the proxy is sent.
 */
export function checkCustomField(
  field: FieldRule,
  raw: string,
  marks?: NumberMarks,
):
  | Extract<BuyerProblem, { code: "required" | "too_long" | "not_email" | "not_number" }>
  | undefined {
  const value = raw.trim();
  if (value === "") return field.required ? { code: "required" } : undefined;
  if (field.maxLength !== undefined && value.length > field.maxLength) {
    return { code: "too_long", limit: field.maxLength };
  }
  switch (field.type) {
    case "email":
      return isEmailAddress(value) ? undefined : { code: "not_email" };
    case "number":
      return readNumber(value, marks) === undefined ? { code: "not_number" } : undefined;
    case "text":
    case "textarea":
      return undefined;
    default: {
      // Left to the caller as no problem: the field's type is never one the schemas refuse.
      const unknownType: never = field.type;
      return unknownType;
    }
  }
}

/**
 * Checks answers against every field asked for, by `fields.<key>` path: each field's own rule,
 * and answers to fields nobody asked for.
 */
export function checkCustomFields(
  fields: readonly FieldRule[],
  answers: Readonly<Record<string, string>>,
): Record<string, BuyerProblem> {
  const problems: Record<string, BuyerProblem> = {};
  const known = new Set<string>();
  for (const field of fields) {
    known.add(field.key);
    // Its own answer only: a key is the platform's, any text, and "toString" is no answer.
    const problem = checkCustomField(
      field,
      Object.hasOwn(answers, field.key) ? (answers[field.key] as string) : "",
    );
    if (problem) problems[`fields.${field.key}`] = problem;
  }
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) problems[`fields.${key}`] = { code: "unknown_field" };
  }
  return problems;
}
