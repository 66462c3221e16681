import { describe, expect, it } from "vitest";
import { isFinalStatus, isOrderStatus, orderStatuses } from "../../src/core/order-status";

describe("order statuses", () => {
  it("call exactly the statuses an order never leaves final", () => {
    const final = orderStatuses.filter(isFinalStatus);
    expect(final).toEqual(["completed", "failed", "refunded", "expired", "cancelled"]);
  });

  it("recognise only the contract's words", () => {
    expect(orderStatuses.every(isOrderStatus)).toBe(true);
    for (const value of ["PAID", "", "done", null, 3, undefined]) {
      expect(isOrderStatus(value)).toBe(false);
    }
  });
});
