// What a create call's failure means for the buyer and for a retry, and what is kept of its order.
import { ProblemError } from "../http/problem-error";
import type { PlatformOrder } from "../platforms/platform";
import { UpstreamError } from "../platforms/upstream/upstream-error";
import type { CreatedOrderSummary } from "./idempotency";

/** A sent create whose outcome nobody knows. Never retried automatically: no `Retry-After`. */
export const outcomeUnknown = () =>
  new ProblemError(
    "upstream_unavailable",
    502,
    "The store's platform did not confirm the order, and it may have been placed: check your email before trying again. Trying again with the same details never places a second order.",
  );

/** The order exists; only the answer failed. A retry with the same key returns it. */
export const answerLater = () =>
  new ProblemError(
    "upstream_unavailable",
    503,
    "Your order was placed, but the store's platform is slow to confirm it; try again shortly",
    { retryAfter: 5 },
  );

/** A failure that a short wait may cure: a refused or slow read, not an answer that cannot be read. */
export function passing(error: unknown): boolean {
  if (error instanceof ProblemError) return true;
  return error instanceof UpstreamError && !error.unreadable;
}

/** What went wrong, for the log: an adapter's own words, never a platform's answer. */
export const reasonOf = (error: unknown) =>
  error instanceof UpstreamError || error instanceof ProblemError ? error.message : "unreadable";

/** True only when the platform cannot have created anything: refused before or at the door. */
export function createdNothing(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  // Everything but "unavailable" is a 4xx, or an adapter's refusal before it sent anything.
  return error.notSent || error.failure !== "unavailable";
}

export const summarize = (order: PlatformOrder): CreatedOrderSummary => ({
  id: order.id,
  status: order.status,
  total: { amount: order.total.amount, currency: order.total.currency },
  ...(order.checkoutUrl === undefined ? {} : { checkoutUrl: order.checkoutUrl }),
  ...(order.reference === undefined ? {} : { reference: order.reference }),
});
