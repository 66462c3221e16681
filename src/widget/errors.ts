import type { ProblemKind } from "./strings";

/**
 * A failed request, in the terms the widget shows: what kind of failure, and for 422s the
 * proxy's `{ "<field path>": "<message>" }` map with, where the proxy gave them, each field's
 * catalogue code (`{ "<field path>": { code, params } }`, unchecked).
 */
export class KioskError extends Error {
  override name = "KioskError";
  constructor(
    readonly kind: ProblemKind,
    readonly status?: number,
    readonly errors: Readonly<Record<string, string>> = {},
    readonly retryAfter?: number,
    readonly codes: Readonly<Record<string, unknown>> = {},
  ) {
    super(kind);
  }
}
