import type { MiddlewareHandler } from "hono";
import { addVary } from "./vary";

export interface CorsOptions {
  /** The origin to allow for a request's `Origin`, or `null` to allow none. */
  readonly origin: (origin: string) => string | null;
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  /** How long a browser may keep a preflight's answer, in seconds. */
  readonly maxAge: number;
}

/**
 * CORS for the API: a preflight (`OPTIONS`) is answered at once with `204`; any other request's
 * own response gets the headers once it is made, in place. (Setting them before the route runs
 * would make the framework copy every response twice to merge them in.)
 */
export function cors(options: CorsOptions): MiddlewareHandler {
  const methods = options.allowMethods.join(",");
  const allowHeaders = options.allowHeaders.join(",");
  const expose = options.exposeHeaders.join(",");
  const maxAge = String(options.maxAge);
  return async function corsHeaders(context, next) {
    const allowed = options.origin(context.req.header("origin") ?? "");
    if (context.req.method === "OPTIONS") {
      const headers = new Headers({ vary: "Origin, Access-Control-Request-Headers" });
      if (allowed) headers.set("access-control-allow-origin", allowed);
      headers.set("access-control-expose-headers", expose);
      headers.set("access-control-max-age", maxAge);
      headers.set("access-control-allow-methods", methods);
      headers.set("access-control-allow-headers", allowHeaders);
      return new Response(null, { status: 204, statusText: "No Content", headers });
    }
    await next();
    let headers = context.res.headers;
    try {
      if (allowed) headers.set("access-control-allow-origin", allowed);
    } catch {
      // A response with immutable headers (one passed through from fetch) gets a copy.
      context.res = new Response(context.res.body, context.res);
      headers = context.res.headers;
      if (allowed) headers.set("access-control-allow-origin", allowed);
    }
    headers.set("access-control-expose-headers", expose);
    addVary(headers, "Origin");
  };
}
