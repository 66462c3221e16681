import { expect } from "vitest";
import type { PlatformId } from "../../src/core";
import type { SellerPlatform } from "../../src/server/platforms/platform";
import type { UpstreamTuning } from "../../src/server/platforms/upstream/http-client";
import { UpstreamError } from "../../src/server/platforms/upstream/upstream-error";

/**
 * Upstream client timing for adapter tests: every wait the client asks for is recorded instead of
 * slept through, so retries and rate limits cost no time and a test can say which wait was asked.
 */
export function recordedWaits(): { readonly tuning: UpstreamTuning; readonly waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    tuning: {
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
  };
}

/** The cases of the shared contract suite that a platform may skip, with a stated reason. */
export type ContractCase =
  | "coupons"
  | "coupon_expired"
  | "coupon_used_up"
  | "coupon_min_order"
  | "hidden_products"
  | "orders"
  | "delivered_goods"
  | "upstream_errors"
  | "rate_limits"
  | "webhooks";

/** One purchasable line: a product (and variant) that the fake can sell `quantity` of. */
export interface PurchasableLine {
  readonly productId: string;
  readonly variantId?: string;
  readonly quantity: number;
}

/** What a platform's fake upstream contains, as the contract suite needs to know it. */
export interface HarnessFixtures {
  /** At least two visible, purchasable products. */
  readonly visibleProductIds: readonly [string, string, ...string[]];
  /** A product the platform has but a buyer may not see (inactive, hidden, private, unlisted). */
  readonly hiddenProductId?: string;
  /** A line the suite quotes and orders. */
  readonly purchasable: PurchasableLine;
  /** Coupon codes the fake knows, by what they should produce for `purchasable`. */
  readonly coupons?: {
    readonly valid: string;
    readonly expired?: string;
    readonly usedUp?: string;
    readonly minOrder?: string;
  };
  /**
   * Values present in the fake's data that must never appear in any proxy response: serial keys,
   * webhook URLs, file names, fee names, internal notes, coupon codes never applied.
   */
  readonly secretValues: readonly string[];
}

/** A running fake upstream with an adapter pointed at it. */
export interface StartedHarness {
  readonly platform: SellerPlatform;
  readonly fixtures: HarnessFixtures;
  /** The secret key and webhook secret the adapter was given; never in a response. */
  readonly secrets: { readonly secretKey: string; readonly webhookSecret: string };
  /** Makes the fake complete (pay and deliver) an order the adapter created. */
  completeOrder(orderId: string): Promise<void>;
  /** A webhook body in the platform's shape telling that `orderId` is now completed. */
  webhookBody(orderId: string): string;
  /** The headers that sign `body` correctly with the harness's webhook secret. */
  signWebhook(body: string): Record<string, string>;
  /** Every wait the adapter's upstream client asked for so far, in ms (none is slept through). */
  upstreamWaits(): readonly number[];
  /**
   * Makes the next `times` upstream calls answer 429 with these headers (replacing any queued
   * ones; `0` clears the queue), e.g.
   * `{ "Retry-After": "120" }` or `{ "X-RateLimit-Reset": "<epoch>" }`.
   */
  rateLimitNext(times: number, headers: Record<string, string>): void;
  /**
   * Makes the next `times` upstream calls answer with the platform's own error body for this
   * status, replacing any queued failures; `0` clears the queue.
   */
  failNext(times: number, status: 400 | 404 | 500): void;
  /** How many requests the fake has received so far (for "one request" assertions). */
  requestCount(): number;
  close(): Promise<void>;
}

/** One platform's entry into the shared contract suite. */
export interface PlatformHarness {
  readonly id: PlatformId;
  start(): Promise<StartedHarness>;
  /** Cases this platform cannot support, each with the reason it cannot. */
  readonly skips?: Partial<Record<ContractCase, string>>;
}

/** The `UpstreamError` a call fails with; fails the test when it succeeds or throws anything else. */
export async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}
