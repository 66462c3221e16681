import { UpstreamError } from "../upstream/upstream-error";

/**
 * Reads a created order's id from a raw answer, leniently: the first non-empty string (or number)
 * at one of `paths`, such as `["id"]` or `["data", "id"]`. Used before any schema, so an answer
 * that changed shape still says which order the platform made.
 */
export function createdIdAt(...paths: readonly (readonly string[])[]) {
  return (body: unknown): string | undefined => {
    for (const path of paths) {
      let value: unknown = body;
      for (const name of path) {
        value =
          value && typeof value === "object" && Object.hasOwn(value, name)
            ? (value as Record<string, unknown>)[name]
            : undefined;
      }
      if (typeof value === "string" && value.trim() !== "") return value;
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
    }
    return undefined;
  };
}

/**
 * Maps the answer of a create call that made order `id`. Whatever fails from here on (a read the
 * mapping needs, an amount that cannot be read) is an `UpstreamError` carrying the id: the order
 * exists, so the failure must never read as one that created nothing.
 */
export async function mapCreated<T>(
  platform: string,
  id: string,
  map: () => T | Promise<T>,
): Promise<T> {
  try {
    return await map();
  } catch (error) {
    throw new UpstreamError(
      "unavailable",
      `${platform} made the order but its answer could not be read`,
      {
        retryAfter: 5,
        cause: error,
        orderId: id,
      },
    );
  }
}
