import { describe, expect, it } from "vitest";
import { storeAnswer } from "../../src/widget/checkout/answers";

describe("the checkout's reading of the store's settings", () => {
  const contract = {
    name: "Pixel Forge",
    currency: "USD",
    mode: "live",
    platform: "sellvy",
    paymentMethods: [{ id: "card", label: "Card" }],
  };

  it("takes the contract's answer, which does not say whether coupons are taken", () => {
    expect(storeAnswer.safeParse(contract)).toEqual({ success: true, data: contract });
  });

  it("takes the proxy's word on coupons where it gives one, and refuses a broken answer", () => {
    expect(storeAnswer.safeParse({ ...contract, coupons: false }).success).toBe(true);
    expect(storeAnswer.safeParse({ ...contract, coupons: "no" }).success).toBe(false);
    expect(storeAnswer.safeParse({ ...contract, paymentMethods: [{ id: "card" }] }).success).toBe(
      false,
    );
  });
});
