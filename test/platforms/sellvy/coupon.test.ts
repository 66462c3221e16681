import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyCoupon, createdOrderSchema, money } from "../../../src/core";
import { createApp } from "../../../src/server/app";
import type { SellerPlatform } from "../../../src/server/platforms/platform";
import { mapCoupon } from "../../../src/server/platforms/sellvy/mapping";
import { createCapturingLogger, newKey, postJson } from "../../factories/sandbox-app";
import { describeUnreadableCoupon } from "../coupon-list-cases";
import { type StartedSellvyHarness, startSellvyHarness } from "./harness";

describe("Sellvy coupon mapping", () => {
  it("reads the document's coupon into a rule in the store's currency", () => {
    const rule = mapCoupon(
      {
        code: "SUMMER20",
        type: "percentage",
        value: 20,
        max_uses: 100,
        uses: 0,
        expires_at: "2026-09-01T00:00:00Z",
        min_order_amount: 10,
        applies_to_products: ["prod_abc123"],
      },
      "EUR",
    );
    expect(rule).toEqual({
      code: "SUMMER20",
      kind: "percent",
      percent: "20",
      expiresAt: "2026-09-01T00:00:00Z",
      maxUses: 100,
      uses: 0,
      minOrder: { amount: 1000, currency: "EUR" },
      productIds: ["prod_abc123"],
    });
  });

  it("does not count a limited coupon without a use count as unused", () => {
    // The document's own example: `max_uses` set, no `uses`.
    const rule = mapCoupon(
      { code: "SUMMER20", type: "percentage", value: 20, max_uses: 100 },
      "EUR",
    );
    expect(
      applyCoupon(rule, [{ productId: "p", total: money(2000, "EUR") }], "EUR", new Date(0)),
    ).toEqual({
      valid: false,
      reason: "not_applicable",
    });
    const unlimited = mapCoupon({ code: "ANY", type: "percentage", value: 20 }, "EUR");
    expect(unlimited).toMatchObject({ percent: "20", uses: 0, maxUses: null });
  });

  it("makes a coupon of a type it does not know not applicable", () => {
    const rule = mapCoupon({ code: "BOGO", type: "bogo", value: 1, uses: 0 }, "EUR");
    expect(
      applyCoupon(rule, [{ productId: "p", total: money(2000, "EUR") }], "EUR", new Date(0)),
    ).toEqual({
      valid: false,
      reason: "not_applicable",
    });
  });

  it("reads a fixed coupon as money and an empty product list as no restriction", () => {
    const rule = mapCoupon(
      { code: "FIVE", type: "fixed", value: "5.50", uses: 2, applies_to_products: [] },
      "USD",
    );
    expect(rule).toMatchObject({
      kind: "fixed",
      amount: { amount: 550, currency: "USD" },
      uses: 2,
      productIds: null,
      minOrder: null,
      maxUses: null,
      expiresAt: null,
    });
  });
});

describe("Sellvy coupons over HTTP", () => {
  let harness: StartedSellvyHarness;
  let platform: SellerPlatform;
  beforeEach(async () => {
    harness = await startSellvyHarness();
    platform = harness.platform;
  });
  afterEach(async () => {
    await harness.close();
  });

  it("makes a coupon of an unknown type not applicable, and only that code", async () => {
    harness.fake.coupons.push({ id: "cpn_bogo", code: "BOGO", type: "bogo" as "fixed", value: 1 });
    expect(await platform.findCoupon("BOGO")).toEqual(
      expect.not.objectContaining({ percent: "1" }),
    );
    expect(await platform.findCoupon("ICONS10")).toMatchObject({ percent: "10" });
  });

  it("does not take a coupon whose amount the store's currency cannot hold for one not found", async () => {
    // Read by the schema, but a thousandth of a dollar cannot be charged: the rule is unreadable.
    harness.fake.coupons.push({
      id: "cpn_7",
      code: "TENTH",
      type: "percentage",
      value: 10,
      min_order_amount: "10.001",
    });
    await expect(platform.findCoupon("tenth")).rejects.toMatchObject({
      failure: "unavailable",
      unreadable: true,
    });
    expect(await platform.findCoupon("ICONS10")).toMatchObject({ percent: "10" });
    expect(harness.logLines.join("\n")).not.toContain("TENTH");
  });

  it("orders with the code as Sellvy wrote it, whatever case the buyer typed", async () => {
    // Through the proxy: pricing finds the coupon and gives the create its own spelling.
    const app = createApp({ platform, logger: createCapturingLogger() });
    const response = await app.request(
      "/api/orders",
      postJson(
        {
          items: [{ productId: "prod_abc123", quantity: 2 }],
          email: "buyer@example.com",
          coupon: " icons10 ",
        },
        newKey(),
      ),
    );
    expect(response.status).toBe(201);
    expect(createdOrderSchema.parse(await response.json()).total).toEqual({
      amount: 5398,
      currency: "USD",
    });
  });
});

describeUnreadableCoupon("sellvy", async () => {
  const harness = await startSellvyHarness();
  return {
    platform: harness.platform,
    adapterLines: () => harness.logLines,
    purchasable: { productId: "prod_abc123", quantity: 2 },
    good: { code: "ICONS10", percent: 10 },
    spoil(code) {
      // A value that is no number: the schema refuses it.
      harness.fake.coupons.push({ id: "cpn_6", code, type: "percentage", value: "50%" as never });
      return { ref: { couponId: "cpn_6" }, issues: [{ path: "value", code: "invalid_format" }] };
    },
    upstreamOrders: () => harness.fake.orders.size,
    close: () => harness.close(),
  };
});
