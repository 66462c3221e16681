/** `vary` (a `Vary` header's value, or none) with `name` added, once (nothing to add to `*`). */
export function withVary(vary: string | undefined, name: string): string {
  if (!vary) return name;
  if (vary === "*") return vary;
  const wanted = name.toLowerCase();
  if (vary.split(",").some((part) => part.trim().toLowerCase() === wanted)) return vary;
  return `${vary}, ${name}`;
}

/** Adds `name` to a response's `Vary`, once (nothing to add to `Vary: *`). */
export function addVary(headers: Headers, name: string): void {
  const vary = headers.get("vary") ?? undefined;
  const added = withVary(vary, name);
  if (added !== vary) headers.set("vary", added);
}
