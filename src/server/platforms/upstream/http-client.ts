import ky, { HTTPError, type KyInstance, TimeoutError } from "ky";
import type { z } from "zod";
import type { Logger } from "../../runtime/logger";
import { retryAfterSeconds } from "./retry-after";
import { UpstreamError } from "./upstream-error";

/** What an adapter makes of a platform's error body: a safe message and contract field paths. */
export interface DescribedError {
  readonly message?: string;
  readonly fields?: Record<string, string>;
}

export interface UpstreamClientOptions {
  /** The adapter id, for log lines and messages. */
  readonly platform: string;
  readonly baseUrl: string;
  /** Auth and any other fixed headers. Never logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
  readonly logger: Logger;
  /** Per try; default 10 s. */
  readonly timeoutMs?: number;
  /** The longest `Retry-After` a request sleeps through before giving up with 503; default 5 s. */
  readonly maxWaitSeconds?: number;
  /** Retries after the first try, for reads and idempotent writes; default 2. */
  readonly retries?: number;
  /** Reads a platform error body into safe words. The body itself never leaves this function. */
  readonly describeError?: (status: number, body: unknown) => DescribedError;
}

export interface RequestOptions {
  readonly searchParams?: Record<string, string | number | boolean | undefined>;
  readonly json?: unknown;
  readonly headers?: Record<string, string>;
  /** Lets a write be retried: only for platforms that honour an `Idempotency-Key`. */
  readonly idempotent?: boolean;
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

/** How long a failed response asks us to wait; rate-limit windows count only on a 429/503. */
function waitOf(response: Response): number | undefined {
  const status = response.status;
  return retryAfterSeconds(response.headers, Date.now(), status === 429 || status === 503);
}

export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const maxWait = options.maxWaitSeconds ?? 5;
  const http: KyInstance = ky.create({
    prefixUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { accept: "application/json", ...options.headers },
    timeout: options.timeoutMs ?? 10_000,
    throwHttpErrors: true,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    retry: {
      limit: options.retries ?? 2,
      statusCodes: retryStatusCodes,
      afterStatusCodes: [413, 429, 503],
      maxRetryAfter: maxWait * 1000,
      backoffLimit: 2000,
      shouldRetry: ({ error }) => {
        if (error instanceof HTTPError) {
          const wait = waitOf(error.response);
          // A wait the request cannot afford ends it now, with the wait passed on to the caller.
          if (wait !== undefined && wait > maxWait) return false;
        }
        return undefined;
      },
    },
  });

  async function fail(error: unknown, method: string, path: string): Promise<never> {
    if (error instanceof HTTPError) {
      const status = error.response.status;
      const wait = waitOf(error.response);
      let body: unknown;
      try {
        body = await error.response.json();
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
        throw new UpstreamError("rejected", message, {
          status,
          ...(described.fields ? { fields: described.fields } : {}),
        });
      }
      throw new UpstreamError("unavailable", message, { status, retryAfter: wait ?? 5 });
    }
    const reason = error instanceof TimeoutError ? "timed out" : "could not be reached";
    options.logger.warn("upstream_unreachable", { platform: options.platform, method, path });
    throw new UpstreamError("unavailable", `${options.platform} ${reason}`, {
      retryAfter: 5,
      cause: error,
    });
  }

  return {
    async request(method, path, schema, requestOptions = {}) {
      const searchParams: Record<string, string> = {};
      for (const [key, value] of Object.entries(requestOptions.searchParams ?? {})) {
        if (value !== undefined) searchParams[key] = String(value);
      }
      let body: unknown;
      try {
        const response = await http(path.replace(/^\/+/, ""), {
          method,
          searchParams,
          ...(requestOptions.json === undefined ? {} : { json: requestOptions.json }),
          ...(requestOptions.headers ? { headers: requestOptions.headers } : {}),
          ...(requestOptions.idempotent ? { retry: { methods: [method.toLowerCase()] } } : {}),
        });
        const text = await response.text();
        body = text === "" ? undefined : JSON.parse(text);
      } catch (error) {
        return fail(error, method, path);
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
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
        });
      }
      return parsed.data;
    },
  };
}
