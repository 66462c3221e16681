import type { PlatformTuning } from "../../../src/server/platforms/platform";
import { adapter } from "../../../src/server/platforms/sellstein";
import type { Logger } from "../../../src/server/runtime/logger";
import { createCapturingLogger } from "../../factories/sandbox-app";
import { type PlatformHarness, recordedWaits, type StartedHarness } from "../harness";
import { hexSignedHeaders } from "../signing";
import { sellsteinSecretValues, signSellsteinDelivery } from "./fake-data";
import { type FakeSellsteinOptions, startFakeSellstein } from "./fake-server";

export const sellsteinTestKey = "sk_test_k1osKf4keS3llSt31nKey";
export const sellsteinWebhookSecret = "whsec_sellstein_fake_secret_7Qm2";
export const sellsteinBusinessId = "biz_abc123";

/** A logger that keeps its lines, so tests can look for secrets in them. */
export const recordingLogger = createCapturingLogger;

/** A fake SellStein with the adapter pointed at it. */
export async function startSellstein(
  fakeOptions: Partial<FakeSellsteinOptions> = {},
  logger: Logger = recordingLogger(),
  tuning: PlatformTuning = {},
) {
  const fake = await startFakeSellstein({
    secretKey: sellsteinTestKey,
    businessId: sellsteinBusinessId,
    ...fakeOptions,
  });
  const timing = recordedWaits();
  const platform = adapter.create({
    secretKey: sellsteinTestKey,
    storeId: sellsteinBusinessId,
    apiBase: fake.baseUrl,
    webhookSecret: sellsteinWebhookSecret,
    logger,
    tuning,
    upstream: timing.tuning,
  });
  return { fake, platform, waits: timing.waits };
}

/** SellStein's entry into the shared contract suite. */
export const sellsteinHarness: PlatformHarness = {
  id: "sellstein",
  // No coupon rules to test: the document has no coupon endpoint, so every code is not_applicable
  // (which the suite's own coupon cases check through `capabilities.coupons`).
  skips: {
    coupon_expired: "SellStein's API document has no coupons, so no code can expire",
    coupon_used_up: "SellStein's API document has no coupons, so no code can be used up",
    coupon_min_order: "SellStein's API document has no coupons, so no code has a minimum order",
  },
  async start(): Promise<StartedHarness> {
    // The proxy needs a payment link; the document's order object shows none, so the fake adds
    // the inferred `checkout_url` (see the adapter's order schema).
    // Every case's read must reach the fake (its queued faults included), so lookups do not
    // share a listing across cases here.
    const { fake, platform, waits } = await startSellstein(
      { checkoutUrls: true },
      recordingLogger(),
      { lookupListingMs: 0 },
    );
    return {
      platform,
      fixtures: {
        visibleProductIds: ["prod_xK9mZq2", "prod_nW3pRt8", "prod_Vr8tLm2"],
        hiddenProductId: "prod_Dr4ftQ1",
        purchasable: { productId: "prod_xK9mZq2", quantity: 2 },
        secretValues: [...sellsteinSecretValues],
      },
      secrets: { secretKey: sellsteinTestKey, webhookSecret: sellsteinWebhookSecret },
      async completeOrder(orderId) {
        fake.setOrderStatus(orderId, "completed");
      },
      webhookBody(orderId) {
        const order = fake.orders.get(orderId);
        return signSellsteinDelivery(sellsteinWebhookSecret, "order.completed", {
          ...(order ? { id: order.id, order_number: order.order_number } : { id: orderId }),
          status: "completed",
        }).body;
      },
      signWebhook: (body) =>
        hexSignedHeaders("x-sellstein-signature", sellsteinWebhookSecret, body, "sha256="),
      upstreamWaits: () => waits,
      rateLimitNext: (times, headers) => fake.rateLimitNext(times, headers),
      failNext: (times, status) => fake.failNext(times, status),
      requestCount: () => fake.requests.length,
      close: () => fake.close(),
    };
  },
};
