import type { OrderStatus } from "./types";

// How far along an order is. The final outcomes share one rank, so none of them replaces another
// (a failed order is never completed by a late event); a refund comes after any of them.
const ranks: Readonly<Record<OrderStatus, number>> = {
  pending: 0,
  awaiting_payment: 1,
  paid: 2,
  delivering: 3,
  completed: 4,
  failed: 4,
  expired: 4,
  cancelled: 4,
  refunded: 5,
};

/**
 * Whether an order known to be `from` may be shown as `to`: the same status, or one further
 * along. `completed` never goes back to `pending` or `paid`, and one final outcome never turns
 * into another, whatever order the platform's events or reads arrive in.
 */
export function movesForward(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || ranks[to] > ranks[from];
}
