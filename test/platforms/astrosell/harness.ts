import { adapter } from "../../../src/server/platforms/astrosell";
import type { PlatformTuning } from "../../../src/server/platforms/platform";
import { type Logger, silentLogger } from "../../../src/server/runtime/logger";
import { type PlatformHarness, recordedWaits, type StartedHarness } from "../harness";
import { standardWebhookHeaders } from "../signing";
import { astrosellIds, netflixPoolKeys, staffCouponCode, steamPurchaseNote } from "./fake-data";
import { type FakeAstrosell, startFakeAstrosell } from "./fake-server";

const secretKey = "nsk_live_FAKE_not_a_key";
const webhookSecret = "whsec_YXN0cm9zZWxsLXRlc3Qtc2VjcmV0";

export interface AstrosellTestSetup {
  readonly harness: StartedHarness;
  readonly fake: FakeAstrosell;
}

/** Starts the fake AstroSell and an adapter pointed at it. */
export async function startAstrosell(
  options: {
    logger?: Logger;
    extraProducts?: number;
    now?: () => number;
    tuning?: PlatformTuning;
  } = {},
): Promise<AstrosellTestSetup> {
  const fake = await startFakeAstrosell({
    secretKey,
    ...(options.extraProducts !== undefined ? { extraProducts: options.extraProducts } : {}),
  });
  const timing = recordedWaits();
  const platform = adapter.create({
    secretKey,
    apiBase: fake.apiBase,
    upstream: timing.tuning,
    webhookSecret,
    logger: options.logger ?? silentLogger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.tuning ? { tuning: options.tuning } : {}),
  });
  const harness: StartedHarness = {
    platform,
    fixtures: {
      visibleProductIds: [astrosellIds.steam, astrosellIds.netflix, astrosellIds.wallpapers],
      hiddenProductId: astrosellIds.netflixReseller,
      // Its warehouse holds the keys that completed orders deliver, so they are not secret values.
      purchasable: { productId: astrosellIds.steam, quantity: 1 },
      coupons: { valid: "LAUNCH10", expired: "SUMMER25", usedUp: "FIRST50" },
      secretValues: [
        ...netflixPoolKeys,
        steamPurchaseNote,
        staffCouponCode,
        "Netflix Premium 1 Month (Reseller)",
      ],
    },
    secrets: { secretKey, webhookSecret },
    async completeOrder(orderId) {
      fake.completeOrder(orderId);
    },
    // AstroSell documents no webhooks; this is what a Standard Webhooks sender would send, and
    // the adapter must still refuse it.
    webhookBody: (orderId) =>
      JSON.stringify({
        type: "order.completed",
        data: { invoiceId: orderId, status: "completed" },
      }),
    signWebhook: (body) => standardWebhookHeaders(webhookSecret, body),
    upstreamWaits: () => timing.waits,
    rateLimitNext: (times, headers) => fake.rateLimitNext(times, headers),
    failNext: (times, status) => fake.failNext(times, status),
    requestCount: () => fake.requests.length,
    close: () => fake.close(),
  };
  return { harness, fake };
}

/** AstroSell's entry into the shared contract suite. */
export const astrosellHarness: PlatformHarness = {
  id: "astrosell",
  // Every case's read must reach the fake (its queued faults included), so lookups do not share
  // a listing across cases here.
  start: async () => (await startAstrosell({ tuning: { lookupListingMs: 0 } })).harness,
  skips: {
    webhooks:
      "AstroSell's API document describes no webhooks (no events, no signing secret, no signature header); order status is followed by reading GET /orders/:invoiceId",
    coupon_min_order:
      "AstroSell coupons have no minimum order amount: the document's coupon is {code, type, value, uses, maxUses, expiresAt}",
  },
};
