/** An answer the proxy sent with a status of 400 or more. */
export class HttpError extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

/** The request took longer than the client's timeout. */
export class TimeoutError extends Error {}

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
const timeoutMs = 20_000;
/** A `Retry-After` longer than this is not waited for: the buyer sees the error instead. */
const maxRetryAfterMs = 5_000;
const maxBackoffMs = 3_000;

/**
 * The widget's HTTP client: `fetch` with a timeout and retries. Quotes change nothing and
 * orders carry an idempotency key, so GETs and POSTs alike are safe to send again; an order
 * is sent again only when the proxy asks for it (`retryOnlyWhenAsked`).
 */
export function createHttp(options: HttpOptions): Http {
  const send = (url: string, init: RequestInit): Promise<Response> =>
    options.fetch ? options.fetch(url, init) : fetch(url, init);
  return async (path, request = {}) => {
    const query = request.searchParams ? `?${new URLSearchParams(request.searchParams)}` : "";
    const url = `${options.apiBase}/${path}${query}`;
    const headers: Record<string, string> = { accept: "application/json", ...request.headers };
    let body = request.body;
    if (request.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(request.json);
    }
    for (let attempt = 0; ; attempt++) {
      let wait: number;
      try {
        const init = {
          method: request.method ?? "GET",
          headers,
          ...(body === undefined ? {} : { body }),
        };
        return await attemptOnce(
          attempt === 0 && request.sent ? () => request.sent as Promise<Response> : send,
          url,
          init,
        );
      } catch (error) {
        wait = retryDelay(error, attempt, request.retryOnlyWhenAsked === true);
        if (attempt >= options.retries || wait < 0) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
}

async function attemptOnce(
  send: (url: string, init: RequestInit) => Promise<Response>,
  url: string,
  init: RequestInit,
): Promise<unknown> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await send(url, { ...init, signal: controller.signal });
    if (!response.ok) throw new HttpError(response);
    return await response.json();
  } catch (error) {
    throw timedOut ? new TimeoutError() : error;
  } finally {
    clearTimeout(timer);
  }
}

/** How long to wait before sending again, or -1 for not again. */
function retryDelay(error: unknown, attempt: number, onlyWhenAsked: boolean): number {
  const backoff = Math.min(300 * 2 ** attempt, maxBackoffMs);
  if (!(error instanceof HttpError)) {
    // No answer at all: the network failed (a `TypeError` from fetch), not a timeout.
    return error instanceof TypeError && !onlyWhenAsked ? backoff : -1;
  }
  const { status, headers } = error.response;
  if (!retryStatuses.includes(status)) return -1;
  const header = headers.get("retry-after");
  if (header === null) return onlyWhenAsked ? -1 : backoff;
  const seconds = Number(header);
  const asked = Number.isNaN(seconds) ? Date.parse(header) - Date.now() : seconds * 1000;
  if (Number.isNaN(asked)) return onlyWhenAsked ? -1 : backoff;
  return asked > maxRetryAfterMs ? -1 : Math.max(0, asked);
}
