import type { GetConnInfo } from "hono/conninfo";
import type { AccessLogMode } from "./http/access-log";
import type { Encoders } from "./http/compress";
import type { RateLimits } from "./http/rate-limits";
import type { IdempotencyOptions } from "./orders/idempotency";
import type { OrderEvents } from "./orders/order-events";
import type { SellerPlatform } from "./platforms/platform";
import type { ResilienceSettings } from "./platforms/resilience";
import type { StaticFiles } from "./routes/assets";
import type { Readiness } from "./routes/health";
import type { Logger } from "./runtime/logger";
import type { KeyValueStore } from "./store/key-value-store";

/** Everything the proxy is made of; only `platform` is required. */
export interface AppOptions {
  /** The seller platform behind the proxy (an adapter, or the sandbox). */
  readonly platform: SellerPlatform;
  /** Shared state for idempotency and order tokens; in memory by default. */
  readonly store?: KeyValueStore | undefined;
  readonly logger?: Logger | undefined;
  /**
   * Origins allowed to call the API from a browser. The proxy's own pages never need CORS; the
   * sandbox also allows any `localhost` / `127.0.0.1` origin so a newcomer's page just works.
   */
  readonly allowedOrigins?: readonly string[] | undefined;
  /** Serves the widget bundle from this folder (`embed.js`, `kiosk.js`, `chunks/`). */
  readonly widgetDir?: string | undefined;
  /**
   * The sandbox's demo, from this folder (`index.html`, `demo/`): its catalog's product pictures
   * (`/demo/images/…`), and, when the proxy is not below a `basePath`, the demo merchant page.
   * Served on the sandbox platform only.
   */
  readonly demoDir?: string | undefined;
  /** Reads the two folders above: `nodeFiles` on Node, or any other source of files. */
  readonly files?: StaticFiles | undefined;
  /**
   * How responses are compressed. By default gzip through `CompressionStream`, which every
   * Web-standard runtime has; the Node runtime adds brotli from zlib.
   */
  readonly encoders?: Encoders | undefined;
  readonly events?: OrderEvents | undefined;
  readonly now?: (() => number) | undefined;
  /** How often an order stream re-reads an order; default 2 s. */
  readonly orderPollMs?: number | undefined;
  /** How long an order stream stays open; default 15 min. */
  readonly orderStreamMs?: number | undefined;
  /**
   * Order streams this app holds open at once, every client's together; default 500, `null` for
   * no limit. Each holds a connection and a file descriptor: past the process's open-file limit
   * no connection is accepted at all, product reads included. A stream refused (`503`) leaves the
   * widget to poll the order instead.
   */
  readonly maxOrderStreams?: number | null | undefined;
  /**
   * The read cache, upstream deadline and circuit breaker around the platform; the defaults of
   * `defaultResilience` for what is not given. `false` calls the platform directly (for tests of an
   * adapter's own error handling).
   */
  readonly resilience?: Partial<ResilienceSettings> | false | undefined;
  /** Per-client limits; each one left out keeps its default, `undefined` turns it off. */
  readonly limits?: Partial<RateLimits> | undefined;
  /**
   * How many proxies in front of this one append to `X-Forwarded-For` (a load balancer is 1).
   * Default 0: the header is ignored and the connection's peer is the client.
   */
  readonly trustedProxies?: number | undefined;
  /**
   * The runtime's connection info (`@hono/node-server/conninfo` on Node), for the peer address.
   * Without it (and without `trustedProxies`) clients cannot be told apart and per-client limits
   * are off.
   */
  readonly getConnInfo?: GetConnInfo | undefined;
  /**
   * Aborting it starts a graceful stop: `/readyz` turns 503, open order streams end and the app's
   * own subscriptions to the store (not those of the `events` given to it) end. An app made again
   * over the same store (a reload in development, one app per tenant) should have its own,
   * aborted when the app is dropped.
   */
  readonly shutdown?: AbortSignal | undefined;
  /** Extra readiness checks for `/readyz`, beside the store and the platform's circuit breaker. */
  readonly readiness?: Readiness | undefined;
  /**
   * Where a buyer pays when the platform gives no payment link (`KIOSK_CHECKOUT_URL`), with
   * `{orderId}` and `{orderNumber}` filled in. Without it such an order answers with a hint.
   */
  readonly checkoutUrlTemplate?: string | undefined;
  /** Idempotency record lifetime and waits; defaults suit production. */
  readonly idempotency?: IdempotencyOptions | undefined;
  /**
   * The path the proxy is reached under, such as `/shop` when another server mounts it there:
   * its routes answer below it (`/shop/api/products`) and every URL it makes (payment and buy
   * pages, the script they load, `checkoutUrl`) starts with it. Default: the root.
   */
  readonly basePath?: string | undefined;
  /**
   * The merchant's own site (`KIOSK_SHOP_URL`), an http(s) URL: the hosted buy page and the
   * sandbox's pay page link back to it beside the store's name.
   */
  readonly shopUrl?: string | undefined;
  /**
   * Which requests the access log writes a line for (`KIOSK_ACCESS_LOG`): `all` (the default),
   * `errors` (those answered 400 and up) or `off`, where a load balancer in front logs them
   * already. Warnings and errors are logged whatever it says, and every answer keeps its
   * `X-Request-Id`.
   */
  readonly accessLog?: AccessLogMode | undefined;
}
