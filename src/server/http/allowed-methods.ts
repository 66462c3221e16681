import type { Hono } from "hono";

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
