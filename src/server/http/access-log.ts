import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import type { Logger } from "../runtime/logger";

const acceptableId = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * One `request` log line per request: method, route pattern, status, duration and request id.
 * The route pattern (`/api/orders/:id`), never the path or query, so no order id, order token
 * or pay token reaches the log; no header or body is written either. `X-Request-Id` is kept
 * when the caller sent a sane one (a load balancer's), generated otherwise, and echoed back.
 */
export function accessLog(logger: Logger) {
  return createMiddleware(async (context, next) => {
    const started = performance.now();
    const sent = context.req.header("x-request-id");
    const requestId = sent && acceptableId.test(sent) ? sent : crypto.randomUUID();
    await next();
    try {
      context.res.headers.set("x-request-id", requestId);
    } catch {
      // A response with immutable headers (one passed through from fetch) gets a copy.
      context.res = new Response(context.res.body, context.res);
      context.res.headers.set("x-request-id", requestId);
    }
    logger.info("request", {
      method: context.req.method,
      route: routePath(context),
      status: context.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      requestId,
    });
  });
}
