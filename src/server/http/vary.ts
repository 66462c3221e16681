/** Adds `name` to a response's `Vary`, once (nothing to add to `Vary: *`). */
export function addVary(headers: Headers, name: string): void {
  const vary = headers.get("vary");
  if (vary === "*") return;
  const wanted = name.toLowerCase();
  if (vary?.split(",").some((part) => part.trim().toLowerCase() === wanted)) return;
  headers.set("vary", vary ? `${vary}, ${name}` : name);
}
