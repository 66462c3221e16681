/**
 * The languages buyers are answered in: the widget's catalogues and the hosted pages' strings.
 * English is the fallback for every other language.
 */
export const locales = ["en", "de", "fr", "es", "ja"] as const;
/** One of the shipped languages. */
export type Locale = (typeof locales)[number];

/** The shipped locale for a BCP 47 tag: its language (`de-AT` → `de`), or undefined. */
export function toLocale(tag: string | null | undefined): Locale | undefined {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (locales as readonly string[]).includes(language ?? "") ? (language as Locale) : undefined;
}

/** The first of `tags` (most preferred first) that is a shipped locale; English otherwise. */
export function firstLocale(tags: Iterable<string>): Locale {
  for (const tag of tags) {
    const locale = toLocale(tag);
    if (locale) return locale;
  }
  return "en";
}

/**
 * The tags of an `Accept-Language` header, most preferred first (`de-AT,de;q=0.9,en;q=0.5`);
 * `*` and tags with `q=0` are left out.
 */
export function acceptedLanguages(header: string | null | undefined): string[] {
  return (header ?? "")
    .split(",")
    .slice(0, 32)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ tag, q }) => tag !== "" && tag !== "*" && q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map(({ tag }) => tag);
}
