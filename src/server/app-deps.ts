import type { Context } from "hono";
import type { Encoders } from "./http/compress";
import type { RateLimiter } from "./http/rate-limit";
import type { IdempotencyOptions } from "./orders/idempotency";
import type { OrderEvents } from "./orders/order-events";
import type { OrderTokens } from "./orders/order-tokens";
import type { StoreMemory } from "./orders/store-memory";
import type { SellerPlatform, WebhookEvent } from "./platforms/platform";
import type { BreakerSnapshot, CatalogReads } from "./platforms/resilience";
import type { Logger } from "./runtime/logger";
import type { KeyValueStore } from "./store/key-value-store";

/** What every route is built from: passed in, never imported as a singleton. */
export interface AppDeps {
  /** The platform for pricing, orders and webhooks: cached reads are at most fresh, never stale. */
  readonly platform: SellerPlatform;
  /** Product and store reads for display: the last known data when the platform fails. */
  readonly catalog: CatalogReads;
  /** Drops the cached reads a verified webhook concerns. */
  readonly forgetCached: (event: WebhookEvent) => void;
  /** The upstream circuit breaker's state; `undefined` when none guards the platform. */
  readonly upstreamBreaker: () => BreakerSnapshot | undefined;
  readonly store: KeyValueStore;
  readonly logger: Logger;
  readonly tokens: OrderTokens;
  readonly events: OrderEvents;
  readonly renderMarkdown: (markdown: string) => string;
  /** How response bodies are compressed (the same encoders the compression middleware uses). */
  readonly encoders: Encoders;
  readonly now: () => number;
  /** How often an order stream re-reads an order that no webhook has announced. */
  readonly orderPollMs: number;
  /** How long an order stream stays open at most. */
  readonly orderStreamMs: number;
  /** Order streams open at once on this app, every client's together; `null`: no limit. */
  readonly maxOrderStreams: number | null;
  readonly limiter: RateLimiter;
  /** The client a request counts against for per-client limits; `undefined` when unknown. */
  readonly clientOf: (context: Context) => string | undefined;
  /**
   * The request's URL as the buyer's browser addressed it: `https:` when a trusted proxy in
   * front (`trustedProxies`) says it took the request over TLS (`X-Forwarded-Proto`), so links
   * the proxy builds from it (the sandbox's pictures and pay page) are not `http:` on an https page.
   */
  readonly publicUrl: (context: Context) => string;
  /** Aborts when the server is shutting down, so open streams end. */
  readonly shutdown: AbortSignal;
  /** `KIOSK_CHECKOUT_URL`: where a buyer pays when the platform gives no payment link. */
  readonly checkoutUrlTemplate: string | undefined;
  /** With how long a create may be on its way, from the upstream deadline (see `createApp`). */
  readonly idempotency: IdempotencyOptions & { readonly inFlightMs: number };
  /** Whether the store lost its data a create's time in flight ago (see `watchStoreMemory`). */
  readonly storeMemory: StoreMemory;
  /**
   * How long a product read is served from the proxy's memory (`KIOSK_CACHE_FRESH_SECONDS`; 0
   * without a read cache): browsers keep product answers no longer than that, or 15 s.
   */
  readonly freshMs: number;
  /** The path the proxy is mounted under (`/shop`), or `""` at the root; starts every URL it makes. */
  readonly basePath: string;
  /** `KIOSK_SHOP_URL`: the merchant's site, linked from the proxy's own pages; an http(s) URL. */
  readonly shopUrl: string | undefined;
}
