// platforms/upstream/: talking HTTP to a platform: the retrying, deadline-bound client and what it throws (UpstreamError to its callers).
import ky, { HTTPError, type KyInstance, type Options, TimeoutError } from "ky";
import type { z } from "zod";
import type { Logger } from "../../runtime/logger";
import { BodyTimeoutError } from "./body-timeout-error";
import { errorCodes, neverSent } from "./never-sent";
import { retryAfterSeconds } from "./retry-after";
import { UpstreamError } from "./upstream-error";

/** What an adapter makes of a platform's error body: a safe message and contract field paths. */
export interface DescribedError {
  readonly message?: string;
  readonly fields?: Record<string, string>;
}

/**
 * How an upstream client times its tries. Production uses the defaults; tests tune retries down
 * and inject `sleep` and `now` so that waits are recorded instead of slept through.
 */
export interface UpstreamTuning {
  /** Retries after the first try, for reads and idempotent writes; default 2. */
  readonly retries?: number;
  /** The wait before the first retry when the platform names none, doubled each retry; default 300 ms. */
  readonly backoffMs?: number;
  /** The longest backoff between tries; default 2 s. */
  readonly backoffLimitMs?: number;
  /** The longest wait a platform may ask for that a request still sits through; default 5 s. */
  readonly maxWaitSeconds?: number;
  /** Per try, for its headers and again for its body; default 10 s. */
  readonly timeoutMs?: number;
  /** A whole call's budget, tries and waits together, unless the call names its own; none by default. */
  readonly deadlineMs?: number;
  /** How the client waits between tries; a real timer by default. */
  readonly sleep?: (ms: number) => Promise<unknown>;
  /** The clock for HTTP-date waits and deadlines; `Date.now` by default. */
  readonly now?: () => number;
}

export interface UpstreamClientOptions extends UpstreamTuning {
  /** The adapter id, for log lines and messages. */
  readonly platform: string;
  readonly baseUrl: string;
  /** Auth and any other fixed headers. Never logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
  readonly logger: Logger;
  /** Reads a platform error body into safe words. The body itself never leaves this function. */
  readonly describeError?: (status: number, body: unknown) => DescribedError;
}

export interface RequestOptions {
  readonly searchParams?: Record<string, string | number | boolean | undefined>;
  readonly json?: unknown;
  readonly headers?: Record<string, string>;
  /** Lets a write be retried: only for platforms that honour an `Idempotency-Key`. */
  readonly idempotent?: boolean;
  /** This call's budget in ms, tries and waits together; a wait that would pass it is not taken. */
  readonly deadlineMs?: number;
  /**
   * Reads a created order's id from the raw answer before the schema does, so an answer that
   * otherwise fails its schema still says which order exists (carried as `UpstreamError.orderId`).
   */
  readonly createdId?: (body: unknown) => string | undefined;
}

/** A JSON client for one platform: retries with backoff, honours rate limits, validates shapes. */
export interface UpstreamClient {
  request<S extends z.ZodType>(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    schema: S,
    options?: RequestOptions,
  ): Promise<z.output<S>>;
}

const retryStatusCodes = [408, 429, 500, 502, 503, 504];
/** Methods that are safe to send twice; a write joins them only when the platform dedupes it. */
const repeatableMethods = ["GET", "PUT", "DELETE"];

/** How long a failed response asks us to wait; rate-limit windows count only on a 429/503. */
function waitOf(response: Response, now: number): number | undefined {
  const status = response.status;
  return retryAfterSeconds(response.headers, now, status === 429 || status === 503);
}

/**
 * Reads a body within `ms`; past it the connection is dropped (through `abort`, the signal the
 * request was sent with) and the read fails as a timeout.
 */
async function readWithin<T>(read: Promise<T>, ms: number, abort: AbortController): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new BodyTimeoutError("the body did not arrive in time"));
    }, ms);
  });
  read.catch(() => undefined);
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const maxWait = options.maxWaitSeconds ?? 5;
  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 300;
  const backoffLimitMs = options.backoffLimitMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const now = options.now ?? Date.now;
  const http: KyInstance = ky.create({
    prefixUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { accept: "application/json", ...options.headers },
    throwHttpErrors: true,
    // Retries are timed here rather than by ky, so that tests can tune and observe every wait.
    retry: 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  /** Milliseconds to wait before retry number `retry`, or `undefined` when the error ends the call. */
  function retryDelay(error: unknown, retry: number): number | undefined {
    if (error instanceof TimeoutError) return undefined;
    if (error instanceof HTTPError) {
      if (!retryStatusCodes.includes(error.response.status)) return undefined;
      const asked = waitOf(error.response, now());
      // A wait the request cannot afford ends it now, with the wait passed on to the caller.
      if (asked !== undefined) return asked > maxWait ? undefined : asked * 1000;
    }
    return Math.min(backoffLimitMs, backoffMs * 2 ** (retry - 1));
  }

  /** Sends one call, trying again while the failure is passing and the deadline allows. */
  async function send(
    method: string,
    path: string,
    init: Options,
    repeatable: boolean,
    deadline: number,
  ): Promise<Response> {
    for (let retry = 1; ; retry += 1) {
      try {
        const timeout = Math.max(1, Math.min(timeoutMs, deadline - now()));
        return await http(path, { ...init, method, timeout });
      } catch (error) {
        const delay = repeatable && retry <= retries ? retryDelay(error, retry) : undefined;
        if (delay === undefined || now() + delay >= deadline) throw error;
        if (error instanceof HTTPError) void error.response.body?.cancel();
        options.logger.info("upstream_retry", {
          platform: options.platform,
          method,
          path,
          ...(error instanceof HTTPError ? { status: error.response.status } : {}),
          waitMs: delay,
        });
        await sleep(delay);
      }
    }
  }

  async function fail(
    error: unknown,
    method: string,
    path: string,
    abort: AbortController,
  ): Promise<never> {
    if (error instanceof HTTPError) {
      const status = error.response.status;
      const wait = waitOf(error.response, now());
      let body: unknown;
      try {
        body = await readWithin(error.response.json(), timeoutMs, abort);
      } catch {
        body = undefined;
      }
      const described = options.describeError?.(status, body) ?? {};
      options.logger.warn("upstream_error", { platform: options.platform, method, path, status });
      const message = described.message ?? `${options.platform} answered ${status}`;
      if (status === 429) {
        throw new UpstreamError("rate_limited", message, { status, retryAfter: wait ?? 1 });
      }
      if (status === 404) throw new UpstreamError("not_found", message, { status });
      if (status === 401 || status === 403) {
        throw new UpstreamError("unauthorized", `${options.platform} refused the proxy's key`, {
          status,
        });
      }
      if (status >= 400 && status < 500) {
        // Fields a refusal names are the buyer's to fix only in what the buyer sent (an order);
        // a read sends nothing of theirs.
        throw new UpstreamError("rejected", message, {
          status,
          ...(described.fields && method !== "GET" ? { fields: described.fields } : {}),
        });
      }
      throw new UpstreamError("unavailable", message, { status, retryAfter: wait ?? 5 });
    }
    const notSent = neverSent(error);
    const reason =
      error instanceof TimeoutError || error instanceof BodyTimeoutError
        ? "timed out"
        : notSent
          ? "could not be reached"
          : "gave no usable answer";
    // Where and why, so that a mistyped KIOSK_API_BASE or a refused certificate can be told
    // from a platform that is down.
    const codes = errorCodes(error);
    options.logger.warn("upstream_unreachable", {
      platform: options.platform,
      host: new URL(options.baseUrl).host,
      method,
      path,
      sent: !notSent,
      cause: codes.length > 0 ? codes.join(",") : reason,
    });
    throw new UpstreamError("unavailable", `${options.platform} ${reason}`, {
      retryAfter: 5,
      cause: error,
      notSent,
    });
  }

  return {
    async request(method, path, schema, requestOptions = {}) {
      // An id of "." or ".." is a dot segment to the URL parser, which would ask another path
      // than the one meant (the listing, the API's root), and its answer count as the platform
      // failing: such a path names nothing, and is not sent.
      if (path.split("/").some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment))) {
        throw new UpstreamError("not_found", `${method} of a path with a dot segment: not sent`, {
          notSent: true,
        });
      }
      const searchParams: Record<string, string> = {};
      for (const [key, value] of Object.entries(requestOptions.searchParams ?? {})) {
        if (value !== undefined) searchParams[key] = String(value);
      }
      const repeatable = requestOptions.idempotent === true || repeatableMethods.includes(method);
      const deadlineMs = requestOptions.deadlineMs ?? options.deadlineMs;
      const deadline = deadlineMs === undefined ? Number.POSITIVE_INFINITY : now() + deadlineMs;
      // Lets a body that stops coming be cut off once its headers are in.
      const abort = new AbortController();
      let body: unknown;
      try {
        const init: Options = {
          searchParams,
          signal: abort.signal,
          ...(requestOptions.json === undefined ? {} : { json: requestOptions.json }),
          ...(requestOptions.headers ? { headers: requestOptions.headers } : {}),
        };
        const response = await send(method, path.replace(/^\/+/, ""), init, repeatable, deadline);
        const budget = Math.max(1, Math.min(timeoutMs, deadline - now()));
        const text = await readWithin(response.text(), budget, abort);
        body = text === "" ? undefined : JSON.parse(text);
      } catch (error) {
        return fail(error, method, path, abort);
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const orderId = requestOptions.createdId?.(body);
        // A platform that changed a field fails here, loudly and in one place; the body is not logged.
        options.logger.error("upstream_shape_mismatch", {
          platform: options.platform,
          method,
          path,
          issues: parsed.error.issues.slice(0, 5).map((issue) => ({
            path: issue.path.join("."),
            code: issue.code,
          })),
        });
        throw new UpstreamError("unavailable", `${options.platform} sent an unexpected response`, {
          retryAfter: 30,
          unreadable: true,
          ...(orderId === undefined ? {} : { orderId }),
        });
      }
      return parsed.data;
    },
  };
}
