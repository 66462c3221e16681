/** Thrown when the catalog file is missing or invalid; the message names the path and field. */
export class CatalogError extends Error {
  override name = "CatalogError";
}
