import type { CreateAttempt } from "../platform";

/** What a platform's order list says about one order, in the words the match needs. */
export interface ListedOrder {
  readonly email: string;
  readonly createdAt: string;
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
}

/** How far before the create call a listed order may be dated, so clocks that differ still match. */
export const attemptClockSkewMs = 60_000;

/**
 * Whether a listed order is the one `attempt` would have created: the same buyer, the same lines,
 * dated no earlier than the call (less the skew). Checked by the proxy even when the platform was
 * asked to filter, so a filter the platform ignores never hands one buyer another's order.
 */
export function isAttemptOrder(order: ListedOrder, attempt: CreateAttempt): boolean {
  if (order.email.trim().toLowerCase() !== attempt.email.trim().toLowerCase()) return false;
  const created = Date.parse(order.createdAt);
  if (Number.isNaN(created) || created < attempt.sentAt - attemptClockSkewMs) return false;
  const key = (lines: ListedOrder["lines"]) =>
    lines
      .map((line) => `${line.productId}×${line.quantity}`)
      .sort()
      .join(",");
  return key(order.lines) === key(attempt.items);
}

/** The earliest of `orders` that `attempt` would have created, or `undefined`. */
export function findAttemptOrder<T>(
  orders: readonly T[],
  attempt: CreateAttempt,
  describe: (order: T) => ListedOrder,
): T | undefined {
  return orders
    .filter((order) => isAttemptOrder(describe(order), attempt))
    .sort((a, b) => Date.parse(describe(a).createdAt) - Date.parse(describe(b).createdAt))[0];
}
