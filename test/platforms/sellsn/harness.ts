import type { PlatformOrderInput, PlatformTuning } from "../../../src/server/platforms/platform";
import { createPlatform } from "../../../src/server/platforms/sellsn";
import type { Logger } from "../../../src/server/runtime/logger";
import { createCapturingLogger } from "../../factories/sandbox-app";
import { type PlatformHarness, recordedWaits, type StartedHarness } from "../harness";
import { standardWebhookHeaders } from "../signing";
import { sellsnIds, sellsnSecretValues, signSellsnDelivery } from "./fake-data";
import { type FakeSellsnOptions, startFakeSellsn } from "./fake-server";

/** A JWT-shaped key, as SellSN issues them. */
export const sellsnTestKey =
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJraW9zay10ZXN0Iiwic2NvcGVzIjpbIlZpZXdQcm9kdWN0cyJdfQ.c2VsbHNuLWZha2Utc2ln";
export const sellsnWebhookSecret = "whsec_c2VsbHNuLWZha2Utd2ViaG9vay1zZWNyZXQ=";
export const sellsnStoreId = "7d0f6a2e-3b1c-4e8a-9f21-5c6d7e8f9a01";

/** A logger that keeps its lines, so tests can look for secrets in them. */
export const recordingLogger = createCapturingLogger;

/** Fresh reads on every call, so each upstream answer is seen by the call that asked for it. */
export const uncached = { listingTtlMs: 0 };

/** An order for two Windows keys, as the proxy would hand it to the adapter. */
export function orderInput(overrides: Partial<PlatformOrderInput> = {}): PlatformOrderInput {
  return {
    idempotencyKey: "attempt-0001",
    email: "buyer@example.com",
    items: [{ productId: sellsnIds.windowsKey, quantity: 2 }],
    fields: {},
    total: { amount: 3998, currency: "EUR" },
    ...overrides,
  };
}

/** A fake SellSN with the adapter pointed at it. */
export async function startSellsn(
  fakeOptions: Partial<FakeSellsnOptions> = {},
  logger: Logger = recordingLogger(),
  tuning: PlatformTuning = {},
) {
  const fake = await startFakeSellsn({
    secretKey: sellsnTestKey,
    storeId: sellsnStoreId,
    ...fakeOptions,
  });
  const timing = recordedWaits();
  const platform = createPlatform({
    secretKey: sellsnTestKey,
    storeId: sellsnStoreId,
    apiBase: fake.baseUrl,
    webhookSecret: sellsnWebhookSecret,
    logger,
    tuning,
    upstream: timing.tuning,
  });
  return { fake, platform, waits: timing.waits };
}

const noCoupons =
  "SellSN's API document describes no coupons, so no code can expire, run out or need a minimum";

/** SellSN's entry into the shared contract suite. */
export const sellsnHarness: PlatformHarness = {
  id: "sellsn",
  skips: {
    coupon_expired: noCoupons,
    coupon_used_up: noCoupons,
    coupon_min_order: noCoupons,
  },
  async start(): Promise<StartedHarness> {
    const { fake, platform, waits } = await startSellsn();
    return {
      platform,
      fixtures: {
        visibleProductIds: [sellsnIds.windowsKey, sellsnIds.spotify, sellsnIds.iconPack],
        hiddenProductId: sellsnIds.unlisted,
        purchasable: { productId: sellsnIds.windowsKey, quantity: 2 },
        secretValues: [...sellsnSecretValues],
      },
      secrets: { secretKey: sellsnTestKey, webhookSecret: sellsnWebhookSecret },
      async completeOrder(orderId) {
        fake.completeOrder(orderId);
      },
      webhookBody: (orderId) => signSellsnDelivery(sellsnWebhookSecret, orderId, "Completed").body,
      signWebhook: (body) => standardWebhookHeaders(sellsnWebhookSecret, body),
      upstreamWaits: () => waits,
      rateLimitNext: (times, headers) => fake.rateLimitNext(times, headers),
      failNext: (times, status) => fake.failNext(times, status),
      requestCount: () => fake.requests.length,
      close: () => fake.close(),
    };
  },
};
