import { HttpError } from "./http-error";

export { HttpError } from "./http-error";

/** One call to the proxy's API. */
export interface HttpRequest {
  readonly method?: "GET" | "POST" | undefined;
  readonly searchParams?: Readonly<Record<string, string>> | undefined;
  /** Sent as JSON (`Content-Type: application/json`). */
  readonly json?: unknown;
  /**
   * Sent as it is, as `text/plain`: a cross-origin call then needs no CORS preflight. Only for
   * routes that read such a body.
   */
  readonly body?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The same request already on its way: its answer counts as the first attempt. */
  readonly sent?: Promise<Response> | undefined;
  /** Sent again only when the answer asked for it with `Retry-After` (never after no answer). */
  readonly retryOnlyWhenAsked?: boolean | undefined;
}

/** Sends a request relative to the API base and resolves with its JSON body. */
export type Http = (path: string, request?: HttpRequest) => Promise<unknown>;

export interface HttpOptions {
  readonly apiBase: string;
  readonly fetch?: typeof fetch | undefined;
  /** How many times a failed request is sent again. */
  readonly retries: number;
}

/** Statuses that say "try again": timeout, too many requests, a gateway that could not answer. */
const retryStatuses = [408, 429, 502, 503, 504];
/** A `Retry-After` longer than this is not waited for: the buyer sees the error instead. */
const maxRetryAfterSeconds = 5;

/**
 * The widget's HTTP client: `fetch` with a 20 s timeout per attempt (a `TimeoutError` when it
 * runs out) and retries after 0.3, 0.6, 1.2 … s, or when the proxy says (`Retry-After`). Quotes
 * change nothing and orders carry an idempotency key, so GETs and POSTs alike are safe to send
 * again; an order is sent again only when the proxy asks for it (`retryOnlyWhenAsked`).
 */
export function createHttp(options: HttpOptions): Http {
  return async (path, request = {}) => {
    const query = request.searchParams ? `?${new URLSearchParams(request.searchParams)}` : "";
    const json = request.json !== undefined;
    const init: RequestInit = {
      method: request.method ?? "GET",
      headers: { ...(json ? { "content-type": "application/json" } : {}), ...request.headers },
      body: (json ? JSON.stringify(request.json) : request.body) ?? null,
    };
    const url = `${options.apiBase}/${path}${query}`;
    for (let attempt = 0; ; attempt++) {
      let wait: number;
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new DOMException("", "TimeoutError")), 20_000);
      try {
        const response = await (attempt === 0 && request.sent
          ? request.sent
          : (options.fetch ?? fetch)(url, { ...init, signal: timeout.signal }));
        if (!response.ok) throw new HttpError(response);
        return await response.json();
      } catch (error) {
        wait = retryDelay(error, attempt, request.retryOnlyWhenAsked === true);
        if (attempt >= options.retries || wait < 0) throw error;
      } finally {
        clearTimeout(timer);
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
}

/** How long to wait before sending again, or -1 for not again. */
function retryDelay(error: unknown, attempt: number, onlyWhenAsked: boolean): number {
  const backoff = 300 * 2 ** attempt;
  // No answer at all: the network failed (a `TypeError` from fetch), not a timeout.
  if (!(error instanceof HttpError))
    return error instanceof TypeError && !onlyWhenAsked ? backoff : -1;
  if (!retryStatuses.includes(error.response.status)) return -1;
  const asked = error.response.headers.get("retry-after");
  if (asked === null) return onlyWhenAsked ? -1 : backoff;
  const seconds = Number(asked);
  return seconds >= 0 && seconds <= maxRetryAfterSeconds ? seconds * 1000 : -1;
}
