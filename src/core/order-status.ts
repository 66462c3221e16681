/** Every status an order can be in, the same words whichever platform sells it. */
export const orderStatuses = [
  "pending",
  "awaiting_payment",
  "paid",
  "delivering",
  "completed",
  "failed",
  "refunded",
  "expired",
  "cancelled",
] as const;

export type OrderStatus = (typeof orderStatuses)[number];

/** Statuses after which an order never changes again. */
export const finalOrderStatuses = [
  "completed",
  "failed",
  "refunded",
  "expired",
  "cancelled",
] as const satisfies readonly OrderStatus[];

/**
 * Statuses of an order that is still to be paid: only such an order is answered with where to
 * pay. One the platform took as paid when it was made (a free order) has nothing to pay.
 */
export const unpaidOrderStatuses = [
  "pending",
  "awaiting_payment",
] as const satisfies readonly OrderStatus[];

/** True for a status of an order still to be paid (see {@link unpaidOrderStatuses}). */
export function isUnpaid(status: OrderStatus): boolean {
  return (unpaidOrderStatuses as readonly OrderStatus[]).includes(status);
}

/** True for a status after which an order never changes: following it can stop. */
export function isFinalStatus(status: OrderStatus): boolean {
  return (finalOrderStatuses as readonly OrderStatus[]).includes(status);
}

/** True when `value` is one of the contract's order statuses. */
export function isOrderStatus(value: unknown): value is OrderStatus {
  return (orderStatuses as readonly unknown[]).includes(value);
}
