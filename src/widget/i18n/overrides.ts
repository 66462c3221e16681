import type { Locale } from "../../core/locale";
import type { PageMessages } from "./en";
import type { MessageOverrides } from "./locale";
import { plural } from "./plural";

// A chunk of its own: only a page with the merchant's own wording loads it.

/** `messages` with the merchant's `overrides` laid over it; unknown keys are ignored. */
export function withOverrides<M extends PageMessages>(
  locale: Locale,
  messages: M,
  overrides: MessageOverrides = {},
): M {
  const result: Record<string, unknown> = { ...messages };
  // `{status}` is written by the merchant's `statusName` where they gave one, except in that one.
  const statusWords = (key: string) => (key === "statusName" ? messages : result);
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(messages, key)) continue;
    const original = (messages as Record<string, unknown>)[key];
    if (typeof value === "string" && typeof original === "string") result[key] = value;
    else if (typeof value === "string") {
      result[key] = (params: object) => fill(locale, value, params, statusWords(key));
    } else if (typeof value === "object" && value !== null && typeof value.other === "string") {
      result[key] = (params: Record<string, unknown>) => {
        const count = params.count ?? params.limit ?? params.wait;
        // No number this time (a limit's wait the page's own requests do not know): the
        // catalogue's own sentence, rather than a plural form chosen for none.
        if (typeof count !== "number" && typeof original === "function") return original(params);
        return fill(locale, plural(locale, Number(count ?? 0), value), params, statusWords(key));
      };
    }
  }
  return result as M;
}

function fill(locale: Locale, template: string, params: object, messages: object): string {
  const values = params as Record<string, unknown>;
  // An order's status by its name in the page's language (the catalogue's), not its code.
  const { statusName } = messages as { statusName?: (params: object) => string };
  // A value the message was not given this time (a limit's `wait` on the page's own requests,
  // a code's unknown minimum) is left empty, not written "undefined" or "false"; a number is
  // written as the language writes numbers, as the catalogue's own sentences do, and a status
  // by its name.
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(values, name)) return whole;
    const given = values[name];
    if (name === "status" && statusName) return statusName(values);
    if (typeof given === "number") return new Intl.NumberFormat(locale).format(given);
    return given === undefined || given === null || given === false ? "" : String(given);
  });
}

/**
 * Overrides written in the page as JSON, never run as script:
 * `<script type="application/json" data-kiosk-messages>{"buy": "Get it"}</script>`.
 * Text that is not a JSON object is ignored.
 */
export function pageWording(written: string): MessageOverrides {
  try {
    const parsed: unknown = JSON.parse(written);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as MessageOverrides)
      : {};
  } catch {
    return {};
  }
}
