import { adapter } from "../../../src/server/platforms/sellvy";
import { createLogger, type Logger } from "../../../src/server/runtime/logger";
import { type PlatformHarness, recordedWaits, type StartedHarness } from "../harness";
import { hexSignedHeaders } from "../signing";
import { sellvySecrets } from "./fake-data";
import { type SellvyFake, startSellvyFake } from "./fake-server";

export const sellvyTestSecrets = {
  secretKey: "sk_test_kiosk51HsellvyFakeKey9f3",
  webhookSecret: "whk_sellvy_fake_secret_6d1e",
} as const;

/** A Sellvy webhook body, as the document's payload example writes it, for `orderId`. */
export function sellvyWebhookBody(orderId: string, type = "order.completed"): string {
  return JSON.stringify({
    id: `evt_${orderId}`,
    type,
    created_at: "2026-03-20T15:30:00Z",
    data: {
      id: orderId,
      order_number: "ORD-1234",
      customer_email: "buyer@example.com",
      total: 29.99,
      currency: "USD",
      payment_method: "stripe",
      product: { id: "prod_abc123", title: "Premium Icon Pack" },
    },
  });
}

/** `X-Sellvy-Signature` headers for `body`: a bare hex HMAC-SHA256 under `secret`. */
export function sellvySignedHeaders(body: string, secret: string): Record<string, string> {
  return hexSignedHeaders("x-sellvy-signature", secret, body);
}

export interface StartedSellvyHarness extends StartedHarness {
  readonly fake: SellvyFake;
  /** Every log line the adapter wrote, for "no secret in a log line" checks. */
  readonly logLines: string[];
}

/** Starts the fake Sellvy and an adapter pointed at it, as the proxy would configure it. */
export async function startSellvyHarness(
  fakeOptions: { documentOrders?: boolean } = {},
): Promise<StartedSellvyHarness> {
  const fake = await startSellvyFake({ secretKey: sellvyTestSecrets.secretKey, ...fakeOptions });
  const logLines: string[] = [];
  // No redaction here, so a secret that reached a log line is caught rather than masked.
  const logger: Logger = createLogger({ write: (line) => logLines.push(line) });
  const timing = recordedWaits();
  const platform = adapter.create({
    secretKey: sellvyTestSecrets.secretKey,
    apiBase: fake.baseUrl,
    webhookSecret: sellvyTestSecrets.webhookSecret,
    logger,
    upstream: timing.tuning,
  });
  return {
    platform,
    fake,
    logLines,
    fixtures: {
      visibleProductIds: ["prod_abc123", "prod_ghi789", "prod_pqr678"],
      hiddenProductId: "prod_hid001",
      purchasable: { productId: "prod_abc123", quantity: 2 },
      coupons: {
        valid: "ICONS10",
        expired: "SUMMER20",
        usedUp: "LAUNCH5",
        minOrder: "BIGSPENDER",
      },
      secretValues: [
        sellvySecrets.fileUrl,
        sellvySecrets.hiddenFileUrl,
        sellvySecrets.hiddenTitle,
        sellvySecrets.paymentIntent,
        sellvySecrets.customerIp,
        sellvySecrets.staffCoupon,
      ],
    },
    secrets: { ...sellvyTestSecrets },
    async completeOrder(orderId) {
      fake.completeOrder(orderId);
    },
    webhookBody: (orderId) => sellvyWebhookBody(orderId),
    signWebhook: (body) => sellvySignedHeaders(body, sellvyTestSecrets.webhookSecret),
    upstreamWaits: () => timing.waits,
    rateLimitNext: (times, headers) => fake.rateLimitNext(times, headers),
    failNext: (times, status) => fake.failNext(times, status),
    requestCount: () => fake.requests.length,
    close: () => fake.close(),
  };
}

/** Sellvy's entry into the shared contract suite: every case applies, none is skipped. */
export const sellvyHarness: PlatformHarness = {
  id: "sellvy",
  start: startSellvyHarness,
};
