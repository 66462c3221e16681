import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import type { Logger } from "../runtime/logger";
import { carriedHeaders, setEarly } from "./early-headers";

const acceptableId = /^[A-Za-z0-9._:@-]{1,128}$/;
const requestIds = new WeakMap<Request, string>();

/** The id the access log gave this request, so other lines about it can carry it too. */
export function requestIdOf(request: Request): string | undefined {
  return requestIds.get(request);
}

/** The route a request was answered for when no handler of it ran (`null`: none). */
const unrouted = new WeakMap<Request, string | null>();

/**
 * Says that no handler answered `request` (a 404, or a 405 for `route`, the pattern that answers
 * its path with other methods): the access log names that, not the middleware that ran last.
 */
export function noteUnrouted(request: Request, route: string | null): void {
  unrouted.set(request, route);
}

/** A logger that adds the request's id to every line it writes. */
export function withRequestId(logger: Logger, request: Request): Logger {
  const requestId = requestIdOf(request);
  if (requestId === undefined) return logger;
  return {
    info: (event, fields) => logger.info(event, { ...fields, requestId }),
    warn: (event, fields) => logger.warn(event, { ...fields, requestId }),
    error: (event, fields) => logger.error(event, { ...fields, requestId }),
  };
}

/** Which requests get an access-log line: every one, those answered 400 and up, or none. */
export const accessLogModes = ["all", "errors", "off"] as const;
export type AccessLogMode = (typeof accessLogModes)[number];

const logsStatus = (mode: AccessLogMode, status: number) =>
  mode === "all" || (mode === "errors" && status >= 400);

/** A request's id: the one its caller sent, when it is a sane one (a load balancer's), or a new one. */
export function requestIdFor(sent: string | undefined): string {
  return sent && acceptableId.test(sent) ? sent : crypto.randomUUID();
}

/** What the access log says of one answered request. */
export interface RequestLine {
  readonly method: string;
  /** The route pattern, never the path; `null` when no route answered. */
  readonly route: string | null;
  readonly status: number;
  /** When the request came in (`performance.now()`). */
  readonly started: number;
  readonly requestId: string;
}

/** Writes the access-log line of a request, when `mode` asks for one. */
export function logRequest(logger: Logger, mode: AccessLogMode, line: RequestLine): void {
  if (!logsStatus(mode, line.status)) return;
  logger.info("request", {
    method: line.method,
    route: line.route,
    status: line.status,
    durationMs: Math.round((performance.now() - line.started) * 10) / 10,
    requestId: line.requestId,
  });
}

/**
 * One `request` log line per request (or per failed one, or none: see {@link AccessLogMode}):
 * method, route pattern, status, duration and request id.
 * The route pattern (`/api/orders/:id`), never the path or query, so no order id, order token
 * or pay token reaches the log; no header or body is written either. `X-Request-Id` is kept
 * when the caller sent a sane one (a load balancer's), generated otherwise, and echoed back.
 */
export function accessLog(logger: Logger, mode: AccessLogMode = "all") {
  return createMiddleware(async (context, next) => {
    const started = performance.now();
    const requestId = requestIdFor(context.req.header("x-request-id"));
    requestIds.set(context.req.raw, requestId);
    setEarly(context, "x-request-id", requestId);
    await next();
    if (!carriedHeaders(context.res)) {
      try {
        context.res.headers.set("x-request-id", requestId);
      } catch {
        // A response with immutable headers (one passed through from fetch) gets a copy.
        context.res = new Response(context.res.body, context.res);
        context.res.headers.set("x-request-id", requestId);
      }
    }
    if (!logsStatus(mode, context.res.status)) return;
    logRequest(logger, mode, {
      method: context.req.method,
      route: unrouted.has(context.req.raw)
        ? (unrouted.get(context.req.raw) ?? null)
        : routePath(context),
      status: context.res.status,
      started,
      requestId,
    });
  });
}
