import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { problemSchema, quoteSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import type { SellerPlatform } from "../../src/server/platforms/platform";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";

/** An adapter that checks codes against its platform's coupon list, over its fake platform. */
export interface CouponListSetup {
  readonly platform: SellerPlatform;
  /** Every line the adapter itself logged. */
  readonly adapterLines: () => readonly string[];
  readonly purchasable: { readonly productId: string; readonly quantity: number };
  /** A code of the fake's list that applies to `purchasable`, and its percentage. */
  readonly good: { readonly code: string; readonly percent: number };
  /**
   * Puts in the fake's list one coupon its schema refuses (an absurd value), named `code`;
   * returns how the log names it (its id, else its place) and the issues logged for it.
   */
  spoil(code: string): { ref: Record<string, unknown>; issues: unknown[] };
  /** Orders the fake platform holds. */
  readonly upstreamOrders: () => number;
  close(): Promise<void>;
}

/** A log line's fields, without the time a logger may add. */
function fieldsOf(line: string): Record<string, unknown> {
  const { time: _time, ...fields } = JSON.parse(line) as Record<string, unknown>;
  return fields;
}

/**
 * One coupon of a platform's list that the proxy cannot read: the other codes are priced as
 * before, the buyer's code that names it is answered as the platform unavailable (never
 * "not found", never a guessed discount), and the log names it without its code.
 */
export function describeUnreadableCoupon(
  name: string,
  start: () => Promise<CouponListSetup>,
): void {
  describe(`${name}: one coupon of the list it cannot read`, () => {
    /** A code as secret as any coupon: it must reach no log line and no answer but its own. */
    const badCode = "HALFOFF-Q7X2";
    let setup: CouponListSetup;
    let app: ReturnType<typeof createApp>;
    let appLogger: ReturnType<typeof createCapturingLogger>;
    beforeEach(async () => {
      setup = await start();
      appLogger = createCapturingLogger();
      app = createApp({ platform: setup.platform, logger: appLogger, resilience: false });
    });
    afterEach(async () => {
      await setup.close();
    });

    const quote = (coupon: string) =>
      app.request("/api/quote", postJson({ items: [{ ...setup.purchasable }], coupon }));

    it("does not shut the store for everyone however often a buyer names it", async () => {
      setup.spoil(badCode);
      // With the circuit breaker that guards the platform, as the proxy runs.
      const guarded = createApp({ platform: setup.platform, logger: createCapturingLogger() });
      const ask = (coupon?: string) =>
        guarded.request(
          "/api/quote",
          postJson({ items: [{ ...setup.purchasable }], ...(coupon ? { coupon } : {}) }),
        );
      for (let attempt = 0; attempt < 8; attempt += 1) {
        expect((await ask(badCode)).status).toBe(503);
      }
      // The platform answered each time: another buyer's quote is still priced.
      expect((await ask()).status).toBe(200);
      expect((await ask(setup.good.code)).status).toBe(200);
    });

    it("applies the buyer's good code, and says a code it does not list is not found", async () => {
      setup.spoil(badCode);
      const response = await quote(setup.good.code);
      expect(response.status).toBe(200);
      const priced = quoteSchema.parse(await response.json());
      expect(priced.coupon).toEqual({ code: setup.good.code, valid: true });
      const expected = Math.floor((priced.subtotal.amount * setup.good.percent) / 100 + 0.5);
      expect(expected).toBeGreaterThan(0);
      expect(priced.discount.amount).toBe(expected);
      expect(priced.total.amount).toBe(priced.subtotal.amount - expected);
      // Every code of the list could be read, the spoiled one's too: this one is in none.
      const unknown = quoteSchema.parse(await (await quote("NO-SUCH-CODE-77")).json());
      expect(unknown.coupon).toEqual({
        code: "NO-SUCH-CODE-77",
        valid: false,
        reason: "not_found",
      });
    });

    it("answers the code of the coupon it cannot read as the platform unavailable: no discount, no order", async () => {
      setup.spoil(badCode);
      // Typed in another case and spaced, as the adapter matches codes.
      for (const typed of [badCode, ` ${badCode.toLowerCase()} `]) {
        const response = await quote(typed);
        expect(response.status).toBe(503);
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        const text = await response.text();
        expect(problemSchema.parse(JSON.parse(text)).type).toBe("upstream_unavailable");
        expect(text).not.toContain("not_found");
        expect(text).not.toContain("discount");
      }
      const before = setup.upstreamOrders();
      const order = await app.request(
        "/api/orders",
        postJson(
          { items: [{ ...setup.purchasable }], coupon: badCode, email: "buyer@example.com" },
          newKey(),
        ),
      );
      expect(order.status).toBe(503);
      expect(problemSchema.parse(await order.json()).type).toBe("upstream_unavailable");
      expect(setup.upstreamOrders()).toBe(before);
    });

    it("logs the coupon it set aside once per read, by its id or place and its fields, never a code", async () => {
      const { ref, issues } = setup.spoil(badCode);
      await quote(setup.good.code);
      await quote(badCode);
      await quote("NO-SUCH-CODE-77");
      const lines = [...setup.adapterLines(), ...appLogger.lines];
      const skipped = lines
        .map(fieldsOf)
        .filter((line) => line.event === "upstream_coupon_skipped");
      // Three quotes, one read of the list (kept 30 s): one line.
      expect(skipped).toEqual([
        {
          level: "warn",
          event: "upstream_coupon_skipped",
          platform: name,
          ...ref,
          reason: "shape",
          issues,
        },
      ]);
      const refused = lines
        .map(fieldsOf)
        .filter((line) => line.event === "upstream_coupon_unreadable");
      expect(refused).toEqual([
        { level: "warn", event: "upstream_coupon_unreadable", platform: name, ...ref },
      ]);
      for (const line of lines) {
        expect(line.toUpperCase()).not.toContain(badCode);
        expect(line.toUpperCase()).not.toContain(setup.good.code.toUpperCase());
      }
    });
  });
}
