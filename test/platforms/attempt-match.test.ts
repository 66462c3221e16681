import { describe, expect, it } from "vitest";
import type { CreateAttempt } from "../../src/server/platforms/platform";
import { findAttemptOrder, isAttemptOrder } from "../../src/server/platforms/shared/attempt-match";
import { AttemptUnclearError } from "../../src/server/platforms/shared/attempt-unclear-error";

const sentAt = Date.parse("2026-05-01T12:00:00Z");
const attempt: CreateAttempt = {
  idempotencyKey: "key-12345678",
  email: "Buyer@Example.com",
  items: [
    { productId: "a", quantity: 2 },
    { productId: "b", quantity: 1 },
  ],
  fields: {},
  total: { amount: 100, currency: "USD" },
  sentAt,
};
const ours = {
  email: "buyer@example.com",
  createdAt: "2026-05-01T12:00:01Z",
  lines: [
    { productId: "b", quantity: 1 },
    { productId: "a", quantity: 2 },
  ],
};

describe("an order that says too little of its lines", () => {
  const two: CreateAttempt = {
    ...attempt,
    items: [
      { productId: "p", quantity: 2 },
      { productId: "p", quantity: 3 },
    ],
  };
  const listed = (lines: { productId: string; quantity?: number }[]) => ({
    email: "buyer@example.com",
    createdAt: "2026-05-01T12:00:01Z",
    lines,
  });

  it("cannot tell, in any order of its lines, where a line states no quantity", () => {
    expect(isAttemptOrder(listed([{ productId: "p" }, { productId: "p", quantity: 2 }]), two)).toBe(
      "unclear",
    );
    expect(isAttemptOrder(listed([{ productId: "p", quantity: 2 }, { productId: "p" }]), two)).toBe(
      "unclear",
    );
  });

  it("reads a line with no quantity as one unit for a one-unit line, and a partial list as unclear", () => {
    const one: CreateAttempt = { ...attempt, items: [{ productId: "p", quantity: 1 }] };
    expect(isAttemptOrder(listed([{ productId: "p" }]), one)).toBe(true);
    expect(isAttemptOrder({ ...listed([{ productId: "p" }]), partial: true }, one)).toBe("unclear");
    expect(isAttemptOrder(listed([{ productId: "q" }]), one)).toBe(false);
  });
});

describe("matching a listed order to an unanswered create", () => {
  it("takes the same buyer's order of the same lines, in any order of lines and letter case", () => {
    expect(isAttemptOrder(ours, attempt)).toBe(true);
  });

  it.each([
    ["another buyer", { ...ours, email: "someone@example.com" }],
    ["other quantities", { ...ours, lines: [{ productId: "a", quantity: 1 }, ours.lines[0]] }],
    ["one line fewer", { ...ours, lines: [{ productId: "a", quantity: 2 }] }],
    ["an older order", { ...ours, createdAt: "2026-05-01T11:58:00Z" }],
    ["an unreadable date", { ...ours, createdAt: "yesterday" }],
  ])("never takes %s", (_, listed) => {
    expect(isAttemptOrder(listed as typeof ours, attempt)).toBe(false);
  });

  it("cannot tell for an order at another total than the attempt was priced at", () => {
    const usd = (amount: number) => ({ amount, currency: "USD" });
    expect(isAttemptOrder({ ...ours, total: usd(100) }, attempt)).toBe(true);
    expect(isAttemptOrder({ ...ours, total: usd(200) }, attempt)).toBe("unclear");
    expect(isAttemptOrder({ ...ours, total: { amount: 100, currency: "EUR" } }, attempt)).toBe(
      "unclear",
    );
    // A one-unit attempt and the buyer's earlier two-unit order in the document's shape (one
    // product, no quantity): its total tells them apart, and the lookup does not take it.
    const one: CreateAttempt = { ...attempt, items: [{ productId: "p", quantity: 1 }] };
    const twoUnits = { ...ours, lines: [{ productId: "p" }], total: usd(200) };
    expect(() => findAttemptOrder([twoUnits], one, (order) => order)).toThrow(AttemptUnclearError);
    const itsOwn = { ...twoUnits, total: usd(100), createdAt: "2026-05-01T12:00:05Z" };
    expect(findAttemptOrder([twoUnits, itsOwn], one, (order) => order)).toBe(itsOwn);
  });

  it("takes the one dated after the call over an earlier purchase's, dated before it within the skew", () => {
    const own = { ...ours, createdAt: "2026-05-01T12:00:09Z" };
    const earlier = { ...ours, createdAt: "2026-05-01T11:59:30Z" };
    expect(findAttemptOrder([earlier, own], attempt, (order) => order)).toBe(own);
    expect(findAttemptOrder([earlier], attempt, (order) => order)).toBe(earlier);
  });

  it("says it cannot tell when two orders fit alike: the buyer's two identical purchases", () => {
    const one = { ...ours, createdAt: "2026-05-01T12:00:02Z" };
    const two = { ...ours, createdAt: "2026-05-01T12:00:05Z" };
    expect(() => findAttemptOrder([one, two], attempt, (order) => order)).toThrow(
      AttemptUnclearError,
    );
  });

  it("tells one plan of a product from another, and cannot tell where the list shows none", () => {
    const plan = { ...attempt, items: [{ productId: "p1", variantId: "yearly", quantity: 1 }] };
    const line = { productId: "p1", quantity: 1 };
    const listed = (variantId?: string | null) => ({
      ...ours,
      lines: [{ ...line, ...(variantId === undefined ? {} : { variantId }) }],
    });
    expect(isAttemptOrder(listed("yearly"), plan)).toBe(true);
    expect(isAttemptOrder(listed("monthly"), plan)).toBe(false);
    expect(isAttemptOrder(listed(null), plan)).toBe(false);
    expect(isAttemptOrder(listed(), plan)).toBe("unclear");
    // A product without plans, listed as such.
    expect(isAttemptOrder(listed(null), { ...attempt, items: [line] })).toBe(true);
  });
});
