import type { ProblemKind } from "./strings";

/**
 * A failed request, in the terms the widget shows: what kind of failure, and for 422s the
 * proxy's `{ "<field path>": "<message>" }` map.
 */
export class KioskError extends Error {
  override name = "KioskError";
  constructor(
    readonly kind: ProblemKind,
    readonly status: number | undefined,
    readonly errors: Readonly<Record<string, string>> = {},
    readonly retryAfter?: number,
  ) {
    super(kind);
  }
}
