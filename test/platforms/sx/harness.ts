import { randomBytes } from "node:crypto";
import type { PlatformOptions, PlatformOrderInput } from "../../../src/server/platforms/platform";
import { createPlatform } from "../../../src/server/platforms/sx";
import { createCapturingLogger } from "../../factories/sandbox-app";
import { type PlatformHarness, recordedWaits, type StartedHarness } from "../harness";
import { standardWebhookHeaders } from "../signing";
import { sxSecretValues } from "./fake-data";
import { type SxFake, type SxFakeOptions, startSxFake } from "./fake-server";

/** A logger that keeps its lines, so tests can look for secrets in them. */
export const recordingLogger = createCapturingLogger;

/** An order for two of the document's products, as the proxy would hand it to the adapter. */
export function orderInput(overrides: Partial<PlatformOrderInput> = {}): PlatformOrderInput {
  return {
    idempotencyKey: "attempt-7f3a9c21",
    email: "buyer@example.com",
    items: [{ productId: "prod_01J2PVQR41", quantity: 2 }],
    fields: {},
    total: { amount: 25800, currency: "USD" },
    ...overrides,
  };
}

export interface SxStarted extends StartedHarness {
  readonly fake: SxFake;
  readonly logs: string[];
}

export interface SxStartOptions {
  readonly abilities?: SxFakeOptions["abilities"];
  readonly products?: SxFakeOptions["products"];
  /** Overrides for the adapter's options (`now`, `webhookSecret`, …). */
  readonly adapter?: Partial<PlatformOptions>;
}

/** Starts the fake `sx` platform and an adapter pointed at it. */
export async function startSxHarness(options: SxStartOptions = {}): Promise<SxStarted> {
  const secretKey = `sx_test_${randomBytes(12).toString("hex")}`;
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const fake = await startSxFake({
    secretKey,
    ...(options.abilities ? { abilities: options.abilities } : {}),
    ...(options.products ? { products: options.products } : {}),
  });
  const logger = recordingLogger();
  const timing = recordedWaits();
  const platform = createPlatform({
    secretKey,
    apiBase: fake.url,
    webhookSecret,
    logger,
    upstream: timing.tuning,
    ...options.adapter,
  });
  return {
    platform,
    fake,
    logs: logger.lines,
    secrets: { secretKey, webhookSecret },
    fixtures: {
      visibleProductIds: ["prod_01J2PVQR41", "prod_01J2PVQS6X", "prod_01J2PVR0DL"],
      hiddenProductId: "prod_01J2PVD1FT",
      purchasable: { productId: "prod_01J2PVQR41", quantity: 2 },
      secretValues: [...sxSecretValues],
    },
    async completeOrder(orderId) {
      fake.completeOrder(orderId);
    },
    webhookBody(orderId) {
      const order = fake.orders.get(orderId);
      return JSON.stringify({
        type: "order.delivered",
        timestamp: new Date().toISOString(),
        data: {
          id: orderId,
          object: "order",
          status: order?.status ?? "completed",
          total_cents: order?.total_cents,
          currency: order?.currency,
        },
      });
    },
    signWebhook: (body) => standardWebhookHeaders(webhookSecret, body),
    upstreamWaits: () => timing.waits,
    rateLimitNext: (times, headers) => fake.rateLimitNext(times, headers),
    failNext: (times, status) => fake.failNext(times, status),
    requestCount: () => fake.requests.length,
    close: () => fake.close(),
  };
}

/** The `sx` platform's entry into the shared contract suite. */
export const sxHarness: PlatformHarness = {
  id: "sx",
  start: () => startSxHarness(),
  skips: {
    coupon_expired: "the sx document describes no coupons: every code is not_applicable",
    coupon_used_up: "the sx document describes no coupons: every code is not_applicable",
    coupon_min_order: "the sx document describes no coupons: every code is not_applicable",
    delivered_goods:
      "the sx document's order object carries no goods: the platform emails them to the buyer",
  },
};
