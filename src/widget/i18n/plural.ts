/** The plural forms of one message, chosen by `Intl.PluralRules`; `other` is always given. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { readonly other: string };

/**
 * Each locale's plural rules and number format, made once: making them costs far more than
 * using them, and every card's stock line asks.
 */
const made = new Map<string, [Intl.PluralRules, Intl.NumberFormat]>();

/**
 * The form of `forms` that `count` takes in `locale`, with `{count}` written as a number of
 * that locale ("1 restant", "2 restants", "残り2点").
 */
export function plural(locale: string, count: number, forms: PluralForms): string {
  let intl = made.get(locale);
  if (!intl) {
    intl = [new Intl.PluralRules(locale), new Intl.NumberFormat(locale)];
    made.set(locale, intl);
  }
  const form = forms[intl[0].select(count)] ?? forms.other;
  return form.replace(/\{count\}/g, intl[1].format(count));
}
