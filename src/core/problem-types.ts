/**
 * The contract's problem types. Kept apart from the zod schema so code that must stay small (the
 * widget before the first click) can read the list without loading zod.
 */
export const problemTypes = [
  "invalid_request",
  "unauthorized",
  "not_found",
  "method_not_allowed",
  "conflict",
  "price_changed",
  "payload_too_large",
  "unprocessable",
  "rate_limited",
  "upstream_unavailable",
  "server_error",
] as const;

export type ProblemType = (typeof problemTypes)[number];
