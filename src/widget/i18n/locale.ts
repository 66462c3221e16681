import { signal } from "@preact/signals-core";
import { firstLocale, type Locale, toLocale } from "../../core/locale";
import { formatMoney, type Money } from "../../core/money";
import { en, type MessageKey, type Messages, type PageMessages } from "./en";
import type { PluralForms } from "./plural";

// The locales the widget ships: English is inline, the others load as chunks of their own.
export { type Locale, locales, toLocale } from "../../core/locale";

/**
 * A merchant's own wording for any message, by key (`buy`, `stockLeft`, `problem.coupon_expired`).
 * A message that takes values is a template with `{name}` placeholders (`"{count} in stock"`),
 * or its plural forms by `Intl.PluralRules` category (`{ "one": "…", "other": "…" }`).
 */
export type MessageOverrides = Partial<Record<MessageKey, string | PluralForms>>;

/** Lays the merchant's wording over a catalogue (see `overrides.ts`). */
export type Reword = <M extends PageMessages>(messages: M) => M;

interface Active {
  readonly locale: Locale;
  /** The whole catalogue, or for English the page's part of it (the checkout brings the rest). */
  readonly messages: PageMessages | Messages;
  /** The merchant's wording, for the part of the catalogue not loaded yet (the checkout's). */
  readonly reword: Reword;
}

const asWritten: Reword = (messages) => messages;

/** The page's language and its messages; components read it, so a swap re-renders them. */
export const active = signal<Active>({ locale: "en", messages: en, reword: asWritten });

/**
 * The page's locale: `explicit` (the script's or `mountPage`'s `locale`), else `data-locale` on
 * `element` or an ancestor, else the nearest `lang`, else the browser's languages; English when
 * none of them is one the widget ships. A tag that is present but unknown stops the search
 * there and falls back to English, rather than skipping to a language the page did not ask for.
 */
export function resolveLocale(explicit?: string, element?: Element | null): Locale {
  const chosen =
    explicit ||
    element?.closest("[data-locale]")?.getAttribute("data-locale") ||
    element?.closest("[lang]")?.getAttribute("lang") ||
    (typeof document === "object" ? document.documentElement.lang : "");
  if (chosen) return toLocale(chosen) ?? "en";
  return firstLocale(
    typeof navigator === "object" ? (navigator.languages ?? [navigator.language]) : [],
  );
}

/** Every language but English, as a chunk of its own. */
const chunks: Record<Exclude<Locale, "en">, () => Promise<{ messages: Messages }>> = {
  de: () => import("./de"),
  fr: () => import("./fr"),
  es: () => import("./es"),
  ja: () => import("./ja"),
};

/**
 * A locale's catalogue: English's page part at once, the others fetched as their own small
 * chunk, whole.
 */
export async function loadMessages(locale: Locale): Promise<PageMessages | Messages> {
  return locale === "en" ? en : (await chunks[locale]()).messages;
}

/**
 * Makes `locale` the page's language, with the merchant's overrides, once its chunk is in:
 * `written` (the JSON of the page's `data-kiosk-messages` block), then `overrides` over it.
 * Widgets already on screen re-render in it.
 */
export async function setLocale(
  locale: Locale,
  overrides: MessageOverrides = {},
  written = "",
): Promise<void> {
  // The code that reads and lays the merchant's wording loads only for a page that has some.
  const [messages, code] = await Promise.all([
    loadMessages(locale),
    written || Object.keys(overrides).length > 0 ? import("./overrides") : undefined,
  ]);
  let reword = asWritten;
  if (code) {
    const wording = { ...code.pageWording(written), ...overrides };
    reword = (words) => code.withOverrides(locale, words, wording);
  }
  active.value = { locale, messages: reword(messages), reword };
}

/** A price in the page's locale: "1.234,50 €" on a German page, "¥1,200" on an English one. */
export function formatPrice(value: Money): string {
  return formatMoney(value, active.value.locale);
}

/**
 * A variant as a choice names it, on a card and in the checkout: its name, then its price. A
 * left-to-right mark ends the name: one in Arabic or Hebrew would otherwise draw the price after
 * it backwards ("9.99$"), on its left.
 */
export function variantLabel(variant: { readonly name: string; readonly price: Money }): string {
  return `${variant.name}\u200e – ${formatPrice(variant.price)}`;
}

/**
 * Chooses the page's locale for `mountPage` (see {@link resolveLocale}, asked of the first
 * widget element under `root`) and loads it with the page's JSON overrides and then `messages`.
 * If the locale's chunk cannot load, the widgets stay in English rather than fail.
 */
export function startLocale(
  root: ParentNode,
  selector: string,
  options: {
    readonly locale?: string | undefined;
    readonly messages?: MessageOverrides | undefined;
  },
): Promise<void> {
  const first =
    root.querySelector(selector) ??
    (root instanceof Document ? root.documentElement : (root as Element));
  const locale = resolveLocale(options.locale, first);
  // Overrides written in the page as JSON, never run as script (read by `overrides.ts`).
  const written =
    root.querySelector('script[type="application/json"][data-kiosk-messages]')?.textContent ?? "";
  const { messages } = options;
  return setLocale(locale, messages, written).catch(() => setLocale("en", messages, written));
}
