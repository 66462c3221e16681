// Whether a failed request can be known never to have reached the platform: a create that did not is safe to send again.

/** Error codes that mean no byte of the request reached the platform. */
const notSentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * Whether a network error is certain to have happened before the request was sent: undici puts
 * the socket's error code on `cause` (sometimes nested, sometimes in an `AggregateError`).
 */
export function neverSent(error: unknown): boolean {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.every((code) => notSentCodes.has(code));
}

/** The socket error codes of a failed request (`ECONNREFUSED`, `ENOTFOUND`, …), each once. */
export function errorCodes(error: unknown): string[] {
  const seen = new Set<unknown>();
  const codes: string[] = [];
  const visit = (value: unknown) => {
    if (!value || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    const code = (value as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    visit((value as { cause?: unknown }).cause);
    const errors = (value as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const inner of errors) visit(inner);
  };
  visit(error);
  return [...new Set(codes)];
}
