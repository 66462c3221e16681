import type { Context } from "hono";
import { acceptedLanguages, firstLocale, type Locale, toLocale } from "../../core/locale";
import { type PageStrings, pageStrings } from "../views/page-strings";

/** A page's language and its strings. */
export interface PageLanguage {
  readonly locale: Locale;
  readonly strings: PageStrings;
  /** `?lang=` to carry on links and form actions when the page was asked for one; else "". */
  readonly query: string;
}

/** A BCP 47 language tag as far as a link needs one: `de`, `fr-CA`, `zh-Hant-TW`. */
const languageTag = /^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8}){0,4}$/;

/** Whether `value` is a language tag at all (whether Kiosk ships that language or not). */
export const isLanguageTag = (value: string): boolean => languageTag.test(value);

/**
 * The language of a page the proxy renders: a `lang` query parameter it ships (`?lang=de`),
 * else the browser's `Accept-Language`, else English.
 */
export function pageLanguage(context: Context): PageLanguage {
  const asked = toLocale(context.req.query("lang")?.slice(0, 35));
  const locale = asked ?? firstLocale(acceptedLanguages(context.req.header("accept-language")));
  return { locale, strings: pageStrings(locale), query: asked ? `?lang=${asked}` : "" };
}
