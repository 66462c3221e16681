// platforms/: the contract every seller platform meets, its registry, one folder per platform and what they share.
import type {
  CouponRule,
  DeliveredItem,
  Money,
  OrderStatus,
  PlatformId,
  Product,
  StoreInfo,
} from "../../core";
import type { Logger } from "../runtime/logger";
import type { KeyValueStore } from "../store/key-value-store";
import type { UpstreamTuning } from "./upstream/http-client";

/**
 * A product as a platform adapter hands it to the proxy: the contract's `Product`, but with the
 * description still in markdown. The proxy renders and sanitizes it, and copies only the
 * contract's fields into responses, so whatever else an adapter knows stays on the server.
 */
export type CatalogProduct = Omit<Product, "descriptionHtml"> & {
  /** Markdown (or plain text) as the seller wrote it. */
  readonly description: string;
  /** Whether a buyer may see the product at all (active, visible, public). Hidden ones are never served. */
  readonly visible: boolean;
};

/** A storefront query; `page` starts at 1. */
export interface ProductQuery {
  readonly search?: string;
  readonly category?: string;
  readonly page: number;
  readonly limit: number;
}

/** One storefront page of products, with where it stands among the pages. */
export interface ProductPage {
  readonly data: readonly CatalogProduct[];
  readonly page: number;
  readonly pageCount: number;
}

/** A storefront page by its products' ids (see `SellerPlatform.listProductIds`). */
export interface ListedIds {
  readonly ids: readonly string[];
  readonly page: number;
  readonly pageCount: number;
}

/** An order the proxy has priced and checked, ready to be created upstream. */
export interface PlatformOrderInput {
  /** The buyer's attempt key; platforms with their own idempotency reuse it upstream. */
  readonly idempotencyKey: string;
  readonly email: string;
  readonly items: readonly {
    readonly productId: string;
    readonly variantId?: string;
    readonly quantity: number;
  }[];
  /** Only a code the proxy found valid. */
  readonly coupon?: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly paymentMethod?: string;
  /** The total the proxy computed; adapters may send it where a platform asks for one. */
  readonly total: Money;
}

/** A create call whose outcome is unknown: what was sent, and when. */
export interface CreateAttempt extends PlatformOrderInput {
  /** When the create call was sent (epoch ms); a found order is no older than this. */
  readonly sentAt: number;
}

/** An order as a platform reports it, mapped to the contract's words. */
export interface PlatformOrder {
  readonly id: string;
  readonly status: OrderStatus;
  readonly total: Money;
  readonly items: readonly {
    readonly productId: string;
    readonly variantId?: string;
    readonly name: string;
    readonly quantity: number;
  }[];
  /** Where the buyer pays, when the platform gives a link (checked for http(s) by the proxy). */
  readonly checkoutUrl?: string;
  /** The platform's invoice or order number as the buyer sees it, when it differs from `id`. */
  readonly reference?: string;
  readonly deliveredItems?: readonly DeliveredItem[];
  readonly deliveryMessage?: string;
}

/** A webhook call as it reached the proxy: the raw body, before any parsing. */
export interface WebhookRequest {
  readonly headers: Headers;
  readonly rawBody: string;
}

/** What a verified webhook says; `orderId` and `status` when it is about an order. */
export interface WebhookEvent {
  readonly type: string;
  readonly orderId?: string;
  readonly status?: OrderStatus;
}

/**
 * What checking a webhook found. `refused`: no secret, no signature, or one that does not match.
 * `unreadable`: correctly signed, but not JSON or not in the documented shape. The webhook route
 * alone decides what each one answers.
 */
/**
 * Why a delivery was refused: no `KIOSK_WEBHOOK_SECRET` to check it with, no signature (or not
 * in the scheme's shape), one signed too long ago (a replay window), or one that does not match.
 */
export type RefusedWebhook = "no_secret" | "unsigned" | "stale" | "mismatch";

export type WebhookVerdict =
  | { readonly kind: "refused"; readonly reason?: RefusedWebhook }
  | { readonly kind: "unreadable"; readonly reason: "not_json" | "unexpected_shape" }
  | {
      readonly kind: "event";
      readonly event: WebhookEvent;
      /**
       * The platform's id for this event, the same on each retry of it and covered by the
       * signature (Standard Webhooks' `webhook-id`, Sellvy's `id`); absent where the scheme has
       * none, and the proxy then knows a delivery by a hash of its signed body.
       */
      readonly deliveryId?: string;
    };

/** What a webhook verifier is given besides the request. */
export interface WebhookContext {
  /** `KIOSK_WEBHOOK_SECRET`; without it nothing verifies. */
  readonly secret: string | undefined;
  /** Milliseconds since the epoch, for schemes with a replay window. */
  readonly now: number;
}

/** The one shape of every adapter's `webhook.ts` `verifyWebhook`. */
export type WebhookVerifier = (
  request: WebhookRequest,
  context: WebhookContext,
) => WebhookVerdict | Promise<WebhookVerdict>;

/** What a platform supports, so the proxy and widget can adapt (and the contract suite skip). */
export interface PlatformCapabilities {
  readonly coupons: boolean;
  readonly webhooks: boolean;
}

/**
 * One seller platform behind the proxy. Every adapter under `platforms/<name>/` implements this
 * and passes the shared contract suite. Adapters throw `UpstreamError` for upstream failures and
 * never put an upstream body, a secret or a serial key into an error message.
 */
export interface SellerPlatform {
  readonly id: PlatformId;
  readonly capabilities: PlatformCapabilities;
  /** Store name, currency, mode and payment methods (`platform` and `coupons` are added by the proxy). */
  getStore(): Promise<Omit<StoreInfo, "platform" | "coupons">>;
  /** A storefront page of visible products, following the platform's own pagination. */
  listProducts(query: ProductQuery): Promise<ProductPage>;
  /**
   * A storefront page as the ids of its visible products, in order, where the platform's listing
   * carries too little to show (no stock) and each product is read on its own anyway: the
   * proxy's read cache then fills the page from the products it holds, reading only the others,
   * instead of every product of every page again. Optional.
   */
  listProductIds?(query: ProductQuery): Promise<ListedIds>;
  /** Products by id; unknown and hidden ones are simply missing from the result. */
  getProducts(ids: readonly string[]): Promise<CatalogProduct[]>;
  /** A coupon by code, or `undefined` when the platform has none by that code. */
  findCoupon(code: string): Promise<CouponRule | undefined>;
  /**
   * Creates the order upstream. When the platform answered but the answer cannot be fully mapped,
   * throws an `UpstreamError` carrying `orderId` (read leniently first), so no order is lost; a
   * failure that is certain to have created nothing says so with a 4xx status or `notSent`.
   */
  createOrder(input: PlatformOrderInput): Promise<PlatformOrder>;
  /**
   * Looks for the order an earlier `createOrder(attempt)` may have made when its outcome is
   * unknown: by the idempotency key where the platform takes one, else by the buyer's email,
   * products and time. `undefined` when the platform certainly has none; throws when it cannot
   * tell (`AttemptUnclearError` when it lists an order that may be the attempt's but shows too
   * little of it), or an `UpstreamError` carrying `orderId` when it found one it cannot map. Absent when
   * the platform's document offers no way to look.
   */
  findCreatedOrder?(attempt: CreateAttempt): Promise<PlatformOrder | undefined>;
  /** Cancels an order the proxy abandons (it could not give the buyer a way to pay). */
  cancelOrder?(id: string): Promise<void>;
  /** An order by the id `createOrder` returned, or `undefined` when the platform has none. */
  getOrder(id: string): Promise<PlatformOrder | undefined>;
  /** Checks a webhook's signature over the raw body and reads it. */
  verifyWebhook(request: WebhookRequest): Promise<WebhookVerdict>;
  /**
   * Drops what the adapter keeps of the catalog itself (a listing lookups share, a walked
   * catalog), once a verified webhook says something changed upstream. Absent where it keeps none.
   */
  forgetCatalog?(): void;
}

/** What the proxy hands an adapter when it starts. */
export interface PlatformOptions {
  /** The platform's secret API key (`KIOSK_SECRET_KEY`). */
  readonly secretKey: string;
  /** `KIOSK_STORE_ID`, for platforms whose paths name a business or store. */
  readonly storeId?: string;
  /** `KIOSK_API_BASE`, or the adapter's documented default. */
  readonly apiBase: string;
  /** `KIOSK_WEBHOOK_SECRET`; webhooks are refused without it. */
  readonly webhookSecret?: string;
  readonly logger: Logger;
  /**
   * The proxy's store (Redis when `KIOSK_REDIS_URL` is set), where an adapter keeps what it asked
   * each order it created for when the platform's order does not repeat it (quantities, line
   * ids), so every instance sharing the store, or one restarted, reads an order the same. Without
   * it, a store in the adapter's own memory: right for one process only.
   */
  readonly store?: KeyValueStore;
  /** Injected for tests; the global `fetch` otherwise. */
  readonly fetch?: typeof fetch;
  /** Injected for tests; `Date.now` otherwise. */
  readonly now?: () => number;
  /** Retry and timeout tuning for the adapter's upstream client; tests tune retries down. */
  readonly upstream?: UpstreamTuning;
  /** Knobs for tests and tuning; each adapter reads the ones that apply to it. */
  readonly tuning?: PlatformTuning;
}

/** Optional knobs; the defaults are each adapter's own. */
export interface PlatformTuning {
  /** How long a storefront listing read in full from the platform is reused, in ms. */
  readonly listingTtlMs?: number;
  /** Up to this many ids are read one by one; more are found by reading the list. */
  readonly perIdReadLimit?: number;
  /**
   * Where the platform has no read by id and a lookup lists the catalog: how long, in ms, one
   * listing answers the lookups that follow it (and those under way with it).
   */
  readonly lookupListingMs?: number;
}

/** How an adapter's secret keys look, so the configuration can check one and tell test from live. */
export interface KeyFormat {
  /** The prefix of a test (sandbox) key. */
  readonly test?: string;
  /** The prefix of a live key. */
  readonly live?: string;
  /** Whether a key with neither prefix is refused at start; otherwise it counts as live. */
  readonly strict: boolean;
}

/**
 * How the proxy finds and configures an adapter: the `adapter` export of every
 * `platforms/<name>/index.ts`. It only declares what it needs; `runtime/config.ts` checks the
 * environment against it, so `create` is only ever called with settings that passed.
 */
export interface PlatformAdapter {
  readonly id: Exclude<PlatformId, "sandbox">;
  /** The platform's name as buyers and sellers know it, for usage text and docs. */
  readonly name: string;
  /** The base URL the platform's document gives; `undefined` when it gives none. */
  readonly defaultApiBase: string | undefined;
  /** Whether `KIOSK_STORE_ID` must be set, and what the platform calls it. */
  readonly storeId: { readonly required: boolean; readonly meaning: string } | undefined;
  /** How the platform's keys look; `undefined` when they carry no test/live distinction. */
  readonly keyFormat: KeyFormat | undefined;
  /**
   * Why a webhook secret can verify no delivery of this platform (a few words, never the secret
   * itself), or `undefined`; absent where any text can be a secret.
   */
  readonly webhookSecretProblem?: (secret: string) => string | undefined;
  /** Starts the adapter, with settings that passed the checks above. */
  create(options: PlatformOptions): SellerPlatform;
}

/** The one shape of every adapter's `index.ts` `createPlatform`. */
export type CreatePlatform = (options: PlatformOptions) => SellerPlatform;
