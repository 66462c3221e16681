/** A route as the router lists it: its method (`ALL` for middleware) and its path pattern. */
export interface ListedRoute {
  readonly method: string;
  readonly path: string;
}

/** A route pattern (`/api/orders/:id`, `/chunks/*`) as a test of a whole path. */
function patternOf(path: string): RegExp {
  const source = path
    .split("/")
    .map((segment) =>
      segment.startsWith(":")
        ? "[^/]+"
        : segment === "*"
          ? ".*"
          : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  // Whole, as the router matches it: a trailing slash is another path, which no route has.
  return new RegExp(`^${source}$`);
}

/**
 * The methods some route answers `path` with (`HEAD` wherever `GET` is), so a request with
 * another method can be told `405` and what to use, not that nothing is there. `routes()` is
 * read on the first call, once every route is in place.
 */
export function allowedMethods(routes: () => readonly ListedRoute[]): (path: string) => string[] {
  let patterns: { method: string; pattern: RegExp }[] | undefined;
  return (path) => {
    patterns ??= routes()
      .filter((route) => route.method !== "ALL")
      .map((route) => ({ method: route.method, pattern: patternOf(route.path) }));
    const methods = new Set<string>();
    for (const { method, pattern } of patterns) {
      if (!pattern.test(path)) continue;
      methods.add(method);
      if (method === "GET") methods.add("HEAD");
    }
    return [...methods].sort();
  };
}
