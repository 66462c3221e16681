import type { Context, Hono } from "hono";
import type { Logger } from "../runtime/logger";
import { noteUnrouted } from "./access-log";
import { ProblemError } from "./problem-error";
import { problemResponse } from "./problem-response";

/**
 * The methods some route of `app` answers `path` with (`HEAD` wherever `GET` is), as the app's
 * own router matches them, so a request with another method can be told `405` and what to use,
 * not that nothing is there; and that route's pattern, for the access log.
 */
export function allowedMethods(app: Hono): (path: string) => { methods: string[]; route?: string } {
  let registered: string[] | undefined;
  return (path) => {
    // Read on the first call, once every route is in place.
    registered ??= [...new Set(app.routes.map((route) => route.method))].filter(
      (method) => method !== "ALL",
    );
    const methods = new Set<string>();
    let pattern: string | undefined;
    for (const method of registered) {
      // Middleware (`ALL`) matches every path: only a route of this method answers it.
      const [matches] = app.router.match(method, path);
      const answering = matches.find(([[, route]]) => route.method === method);
      if (!answering) continue;
      pattern ??= answering[0][1].path;
      methods.add(method);
      if (method === "GET") methods.add("HEAD");
    }
    return { methods: [...methods].sort(), ...(pattern === undefined ? {} : { route: pattern }) };
  };
}

/**
 * The app's answer where no route of a request's method matched: `404 not_found` where nothing
 * answers its path, `405 method_not_allowed` with `Allow` where something does with other
 * methods (`OPTIONS` too under `${basePath}/api/`, where CORS answers a preflight).
 */
export function unroutedAnswer(root: Hono, basePath: string, logger: Logger) {
  const methodsFor = allowedMethods(root);
  return (context: Context): Response => {
    const { path } = context.req;
    const { methods, route } = methodsFor(path);
    noteUnrouted(context.req.raw, route ?? null);
    // The API's routes answer a CORS preflight too.
    if (methods.length > 0 && path.startsWith(`${basePath}/api/`)) {
      methods.push("OPTIONS");
      methods.sort();
    }
    if (methods.length === 0) {
      return problemResponse(new ProblemError("not_found", 404, "No such route"), logger);
    }
    const allow = methods.join(", ");
    const response = problemResponse(
      new ProblemError("method_not_allowed", 405, `This route answers ${allow}`),
      logger,
    );
    response.headers.set("allow", allow);
    return response;
  };
}
