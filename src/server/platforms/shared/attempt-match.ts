import { fromDecimal, type Money, sameMoney } from "../../../core";
import type { CreateAttempt } from "../platform";
import { AttemptUnclearError } from "./attempt-unclear-error";

/** What a platform's order list says about one order, in the words the match needs. */
export interface ListedOrder {
  readonly email: string;
  readonly createdAt: string;
  /**
   * Its lines; a quantity the platform does not state is `undefined`, and so is a variant it
   * does not show (`null`: it shows the line has none).
   */
  readonly lines: readonly {
    readonly productId: string;
    readonly quantity?: number | undefined;
    readonly variantId?: string | null | undefined;
  }[];
  /** True when the lines shown may not be all of the order's (a list that shows one product). */
  readonly partial?: boolean;
  /** Its total, where the list shows one (see {@link listedTotal}). */
  readonly total?: Money | undefined;
}

/** An order's total as a list writes it (a decimal and a currency); `undefined` when unreadable. */
export function listedTotal(value: string | number, currency: string): Money | undefined {
  try {
    return fromDecimal(value, currency.toUpperCase());
  } catch {
    return undefined;
  }
}

/** How far before the create call a listed order may be dated, so clocks that differ still match. */
export const attemptClockSkewMs = 60_000;

/**
 * Whether a listed order is the one `attempt` would have created: `true` for the same buyer, the
 * same lines, dated no earlier than the call (less the skew); `"unclear"` where the buyer and the
 * date fit and what it shows of its lines fits, but it shows too little to be sure (a quantity or
 * a line left out). Checked by the proxy even when the platform was asked to filter, so a filter
 * the platform ignores never hands one buyer another's order.
 */
export function isAttemptOrder(order: ListedOrder, attempt: CreateAttempt): boolean | "unclear" {
  if (order.email.trim().toLowerCase() !== attempt.email.trim().toLowerCase()) return false;
  const created = Date.parse(order.createdAt);
  if (Number.isNaN(created) || created < attempt.sentAt - attemptClockSkewMs) return false;
  const left = attempt.items.map((line) => ({ ...line }));
  let unclear = order.partial === true;
  // Lines that state their quantity are matched first, so one that does not never takes the
  // line another one names.
  const lines = [...order.lines].sort(
    (a, b) => Number(a.quantity === undefined) - Number(b.quantity === undefined),
  );
  for (const line of lines) {
    const at = left.findIndex(
      (wanted) =>
        wanted.productId === line.productId &&
        (line.quantity === undefined || wanted.quantity === line.quantity) &&
        // Another plan of the product at the same price is another order.
        (line.variantId === undefined || (line.variantId ?? undefined) === wanted.variantId),
    );
    if (at < 0) return false;
    // A line that states no quantity (the document's order, one product) is one unit as far as
    // it says: a one-unit line it fits; for more, it cannot tell. Nor can one that shows no
    // variant tell which plan it is.
    if (line.quantity === undefined && left[at]?.quantity !== 1) unclear = true;
    if (line.variantId === undefined && left[at]?.variantId !== undefined) unclear = true;
    left.splice(at, 1);
  }
  if (left.length > 0 && !order.partial) return false;
  // A total that is not the one the attempt was priced at when it was sent is another of the
  // buyer's orders (a line it does not show in full: two units, not one) or one the platform
  // priced otherwise: it cannot be taken for this attempt's.
  if (order.total && !sameMoney(order.total, attempt.total)) unclear = true;
  return unclear ? "unclear" : true;
}

/**
 * The one of `orders` that `attempt` certainly created, or `undefined` when none may have been;
 * throws `AttemptUnclearError` when none certainly is but one may be, since taking it for none
 * would create a second order, and when more than one fits: the buyer's two identical purchases,
 * moments apart, are told apart by no field, and one taken for the other is one buyer answered
 * with another's order (the other's made and never answered). One dated after the call is
 * preferred to one dated before it (within the clocks' skew): an earlier purchase's.
 */
export function findAttemptOrder<T>(
  orders: readonly T[],
  attempt: CreateAttempt,
  describe: (order: T) => ListedOrder,
): T | undefined {
  const after: T[] = [];
  const before: T[] = [];
  let unclear = 0;
  for (const order of orders) {
    const match = isAttemptOrder(describe(order), attempt);
    if (match === true) {
      (Date.parse(describe(order).createdAt) >= attempt.sentAt ? after : before).push(order);
    } else if (match === "unclear") unclear += 1;
  }
  const sure = after.length > 0 ? after : before;
  if (sure.length > 1) {
    throw new AttemptUnclearError(
      `the platform lists ${sure.length} orders of this buyer that fit this attempt alike`,
    );
  }
  if (sure.length === 0 && unclear > 0) {
    throw new AttemptUnclearError(
      `the platform lists ${unclear} order(s) of this buyer that may be this attempt's, without the lines to tell`,
    );
  }
  return sure[0];
}
