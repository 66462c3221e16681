/** The plural forms of one message, chosen by `Intl.PluralRules`; `other` is always given. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { readonly other: string };

const rules = new Map<string, Intl.PluralRules>();

/**
 * The form of `forms` that `count` takes in `locale`, with `{count}` written as a number of
 * that locale ("1 restant", "2 restants", "残り2点").
 */
export function plural(locale: string, count: number, forms: PluralForms): string {
  let rule = rules.get(locale);
  if (!rule) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  const form = forms[rule.select(count)] ?? forms.other;
  return form.replace(/\{count\}/g, new Intl.NumberFormat(locale).format(count));
}
