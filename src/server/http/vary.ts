/** `withVary`'s answers for the few pairs a proxy's answers meet, over and over. */
const varied = new Map<string, string>();

/** `vary` (a `Vary` header's value, or none) with `name` added, once (nothing to add to `*`). */
export function withVary(vary: string | undefined, name: string): string {
  if (!vary) return name;
  if (vary === "*") return vary;
  const pair = `${vary}\n${name}`;
  let added = varied.get(pair);
  if (added === undefined) {
    const wanted = name.toLowerCase();
    const has = vary.split(",").some((part) => part.trim().toLowerCase() === wanted);
    added = has ? vary : `${vary}, ${name}`;
    // The names are the proxy's own, but a route may pass a value on: the kept pairs stay few.
    if (varied.size < 256) varied.set(pair, added);
  }
  return added;
}

/** Adds `name` to a response's `Vary`, once (nothing to add to `Vary: *`). */
export function addVary(headers: Headers, name: string): void {
  const vary = headers.get("vary") ?? undefined;
  const added = withVary(vary, name);
  if (added !== vary) headers.set("vary", added);
}
