import { describe, expect, it } from "vitest";
import { applyCoupon, money } from "../../../src/core";
import { findCouponByCode, toCouponRule } from "../../../src/server/platforms/astrosell/mapping";
import { astrosellCouponListSchema } from "../../../src/server/platforms/astrosell/schemas";
import { createCapturingLogger } from "../../factories/sandbox-app";
import { describeUnreadableCoupon } from "../coupon-list-cases";
import { astrosellIds } from "./fake-data";
import { startAstrosell } from "./harness";

describe("AstroSell coupons", () => {
  const { read: coupons } = astrosellCouponListSchema.parse([
    {
      code: "LAUNCH10",
      type: "percent",
      value: 10,
      uses: 42,
      maxUses: 100,
      expiresAt: "2026-12-31T00:00:00.000Z",
    },
    { code: "HALF", type: "percent", value: 12.5, uses: 0, maxUses: null, expiresAt: null },
    { code: "FLAT5", type: "fixed", value: 5, uses: 0 },
  ]);
  const lines = [{ productId: "p", total: money(1850, "USD") }];

  it("maps the document's coupon into a rule", () => {
    expect(toCouponRule(coupons[0] as (typeof coupons)[number])).toEqual({
      code: "LAUNCH10",
      kind: "percent",
      percent: "10",
      uses: 42,
      maxUses: 100,
      expiresAt: "2026-12-31T00:00:00.000Z",
    });
  });

  it("applies percent values exactly, and is expired or used up by the document's fields", () => {
    const [launch, half] = coupons.map(toCouponRule);
    expect(applyCoupon(launch, lines, "USD", new Date("2026-06-01"))).toEqual({
      valid: true,
      discount: 185,
    });
    expect(applyCoupon(half, lines, "USD", new Date("2026-06-01"))).toEqual({
      valid: true,
      discount: 231,
    });
    expect(applyCoupon(launch, lines, "USD", new Date("2027-01-01"))).toEqual({
      valid: false,
      reason: "expired",
    });
    const usedUp = toCouponRule({ code: "X", type: "percent", value: 10, uses: 100, maxUses: 100 });
    expect(applyCoupon(usedUp, lines, "USD", new Date("2026-06-01"))).toEqual({
      valid: false,
      reason: "used_up",
    });
  });

  it("takes a code with a limit but no count of its uses as not applicable: it may be used up", () => {
    const uncounted = toCouponRule({ code: "X", type: "percent", value: 10, maxUses: 100 });
    expect(applyCoupon(uncounted, lines, "USD", new Date("2026-06-01"))).toEqual({
      valid: false,
      reason: "not_applicable",
    });
    // Without a limit, no count is needed.
    const unlimited = toCouponRule({ code: "Y", type: "percent", value: 10, maxUses: null });
    expect(applyCoupon(unlimited, lines, "USD", new Date("2026-06-01"))).toEqual({
      valid: true,
      discount: 185,
    });
  });

  it("does not guess at a coupon type the document does not show", () => {
    const flat = toCouponRule(coupons[2] as (typeof coupons)[number]);
    expect(applyCoupon(flat, lines, "USD", new Date())).toEqual({
      valid: false,
      reason: "not_applicable",
    });
  });

  it("finds a code without regard to case, preferring an exact match", () => {
    expect(findCouponByCode(coupons, "launch10")?.code).toBe("LAUNCH10");
    expect(findCouponByCode(coupons, " HALF ")?.code).toBe("HALF");
    expect(findCouponByCode(coupons, "NOPE")).toBeUndefined();
  });
});

describeUnreadableCoupon("astrosell", async () => {
  const logger = createCapturingLogger();
  const { harness, fake } = await startAstrosell({ logger });
  return {
    platform: harness.platform,
    adapterLines: () => logger.lines,
    purchasable: { productId: astrosellIds.steam, quantity: 1 },
    good: { code: "LAUNCH10", percent: 10 },
    spoil(code) {
      // A percentage below zero: the schema refuses it. AstroSell's coupons have no id.
      fake.coupons.push({
        code,
        type: "percent",
        value: -20,
        uses: 0,
        maxUses: null,
        expiresAt: null,
      });
      return {
        ref: { couponIndex: fake.coupons.length - 1 },
        issues: [{ path: "value", code: "too_small" }],
      };
    },
    upstreamOrders: () => fake.orders.length,
    close: () => fake.close(),
  };
});
