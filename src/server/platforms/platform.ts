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

export interface ProductPage {
  readonly data: readonly CatalogProduct[];
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
  /** Where the buyer pays; present on a freshly created order. */
  readonly checkoutUrl?: string;
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
  /** Products by id; unknown and hidden ones are simply missing from the result. */
  getProducts(ids: readonly string[]): Promise<CatalogProduct[]>;
  /** A coupon by code, or `undefined` when the platform has none by that code. */
  findCoupon(code: string): Promise<CouponRule | undefined>;
  createOrder(input: PlatformOrderInput): Promise<PlatformOrder>;
  /** An order by the id `createOrder` returned, or `undefined` when the platform has none. */
  getOrder(id: string): Promise<PlatformOrder | undefined>;
  /** Checks a webhook's signature over the raw body; `undefined` when it does not verify. */
  verifyWebhook(request: WebhookRequest): Promise<WebhookEvent | undefined>;
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
  /** Injected for tests; the global `fetch` otherwise. */
  readonly fetch?: typeof fetch;
  /** Injected for tests; `Date.now` otherwise. */
  readonly now?: () => number;
  /** Retry and timeout tuning for the adapter's upstream client; tests tune retries down. */
  readonly upstream?: UpstreamTuning;
}

/** How the proxy finds and configures an adapter: one of these per `platforms/<name>/index.ts`. */
export interface PlatformAdapter {
  readonly id: Exclude<PlatformId, "sandbox">;
  /** The base URL the platform's document gives; `undefined` when it gives none. */
  readonly defaultApiBase: string | undefined;
  /** Whether `KIOSK_STORE_ID` must be set. */
  readonly requiresStoreId: boolean;
  create(options: PlatformOptions): SellerPlatform;
}
