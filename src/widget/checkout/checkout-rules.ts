import type { CustomField } from "../../core/types";
import { checkoutStrings as t } from "../strings";

/** A plausible address; the proxy checks it properly and its answer shows next to the field. */
export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why a custom field's value cannot be sent, if it cannot. */
export function fieldProblem(field: CustomField, raw: string): string | undefined {
  const value = raw.trim();
  if (!value) return field.required ? t.fieldRequired : undefined;
  if (field.maxLength !== undefined && value.length > field.maxLength) {
    return t.fieldTooLong(field.maxLength);
  }
  if (field.type === "number" && !Number.isFinite(Number(value))) return t.fieldNumber;
  if (field.type === "email" && !emailPattern.test(value)) return t.emailInvalid;
  return undefined;
}

/** The proxy's field paths (`items.0.quantity`, `fields.note`, `email`) as the form's names. */
export function localNames(errors: Readonly<Record<string, string>>): Record<string, string> {
  const named: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const item = /^items\.\d+\.(\w+)/.exec(path)?.[1];
    let name = "form";
    if (item === "quantity") name = "quantity";
    else if (item === "variantId") name = "variant";
    else if (/^(email|coupon|paymentMethod|fields\..+)$/.test(path)) name = path;
    const sentence = message.charAt(0).toUpperCase() + message.slice(1);
    named[name] = named[name] ? `${named[name]} ${sentence}` : sentence;
  }
  return named;
}

/** 128 random bits as hex: an idempotency key. */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
