/** The shared store cannot be reached; the request cannot be served safely right now. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
}
