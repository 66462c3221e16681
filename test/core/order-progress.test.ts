import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFinalStatus, movesForward, orderStatuses } from "../../src/core";

const status = fc.constantFrom(...orderStatuses);

describe("movesForward", () => {
  it("never lets completed go back to pending, paid or awaiting payment", () => {
    for (const earlier of ["pending", "awaiting_payment", "paid", "delivering"] as const) {
      expect(movesForward("completed", earlier)).toBe(false);
      expect(movesForward(earlier, "completed")).toBe(true);
    }
    expect(movesForward("paid", "awaiting_payment")).toBe(false);
    expect(movesForward("completed", "refunded")).toBe(true);
  });

  it("never turns one final outcome into another but a refund", () => {
    for (const from of orderStatuses.filter(isFinalStatus)) {
      for (const to of orderStatuses.filter(isFinalStatus)) {
        if (to !== from && to !== "refunded") expect(movesForward(from, to)).toBe(false);
      }
    }
  });

  it("is an order: the same status always, no two-way moves, and moves compose", () => {
    fc.assert(
      fc.property(status, status, status, (a, b, c) => {
        expect(movesForward(a, a)).toBe(true);
        if (a !== b) expect(movesForward(a, b) && movesForward(b, a)).toBe(false);
        if (movesForward(a, b) && movesForward(b, c)) expect(movesForward(a, c)).toBe(true);
      }),
    );
  });
});
