/** A body that stopped coming: ky's timeout ends with the headers, so the body has its own. */
export class BodyTimeoutError extends Error {
  override name = "BodyTimeoutError";
}
