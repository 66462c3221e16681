import { UpstreamError } from "../upstream/upstream-error";

/**
 * A read an adapter makes in `createOrder` before it sends the create (a coupon's spelling, say):
 * its failure sent nothing, so it is an `UpstreamError` that says so (`notSent`), and the proxy
 * frees the attempt's key for a retry rather than tell the buyer the order may have been placed.
 */
export async function beforeSending<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const known = error instanceof UpstreamError ? error : undefined;
    throw new UpstreamError(known?.failure ?? "unavailable", known?.message ?? "a read failed", {
      ...(known?.status === undefined ? {} : { status: known.status }),
      ...(known?.retryAfter === undefined ? {} : { retryAfter: known.retryAfter }),
      ...(known?.fields === undefined ? {} : { fields: { ...known.fields } }),
      cause: error,
      notSent: true,
    });
  }
}
