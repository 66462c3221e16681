import type { KeyFormat } from "../platform";

/** Test or live, from the key's prefix; a key with no distinction sells for real. */
export function modeOfKey(secretKey: string, format: KeyFormat | undefined): "test" | "live" {
  return format?.test !== undefined && secretKey.startsWith(format.test) ? "test" : "live";
}

/** Why a key does not fit a strict format, as the end of a one-line start error; else `undefined`. */
export function keyFormatProblem(
  secretKey: string,
  format: KeyFormat | undefined,
): string | undefined {
  if (!format?.strict) return undefined;
  const prefixes = [format.live, format.test].filter((prefix) => prefix !== undefined);
  if (prefixes.some((prefix) => secretKey.startsWith(prefix))) return undefined;
  return `must start with ${prefixes.join(" or ")}`;
}
