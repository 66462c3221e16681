import type { ProblemKind } from "./strings";

/**
 * A failed request, in the terms the widget shows: what kind of failure, and for 422s the
 * proxy's `{ "<field path>": "<message>" }` map with, where the proxy gave them, each field's
 * catalogue code (`{ "<field path>": { code, params } }`, unchecked).
 */
export class KioskError extends Error {
  override name = "KioskError";
  // Declared, not defined: the constructor sets each, and a field definition of its own for each
  // would only repeat their names in the page code.
  declare readonly kind: ProblemKind;
  declare readonly status: number | undefined;
  declare readonly errors: Readonly<Record<string, string>>;
  declare readonly retryAfter: number | undefined;
  declare readonly codes: Readonly<Record<string, unknown>>;
  constructor(
    kind: ProblemKind,
    status?: number,
    errors: Readonly<Record<string, string>> = {},
    retryAfter?: number,
    codes: Readonly<Record<string, unknown>> = {},
  ) {
    super(kind);
    this.kind = kind;
    this.status = status;
    this.errors = errors;
    this.retryAfter = retryAfter;
    this.codes = codes;
  }
}
