/**
 * ISO 4217 minor-unit exponents that differ from the usual 2. Money math uses this table, never
 * `Intl`, so a runtime's locale data cannot change how an amount is stored.
 */
const exponents: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** A currency code as the contract writes it: three upper-case letters. */
export const currencyPattern = /^[A-Z]{3}$/;

/** True for a three-letter upper-case currency code. */
export function isCurrencyCode(code: string): boolean {
  return currencyPattern.test(code);
}

/** How many decimal places one major unit of `currency` has: USD 2, JPY 0, KWD 3. */
export function currencyExponent(currency: string): number {
  return exponents[currency.toUpperCase()] ?? 2;
}
