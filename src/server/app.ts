import { Hono } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import { httpLink } from "../core/link";
import type { AppDeps } from "./app-deps";
import { accessLog, withRequestId } from "./http/access-log";
import { unroutedAnswer } from "./http/allowed-methods";
import { clientAddress } from "./http/client-address";
import { compress, type Encoders, streamGzip } from "./http/compress";
import { cachedCors } from "./http/cors";
import { problemResponse } from "./http/problem-response";
import { publicUrlOf } from "./http/public-url";
import {
  createRateLimiter,
  defaultRateLimits,
  type RateLimits,
  requestLimit,
} from "./http/rate-limit";
import { limitBody } from "./http/request-body";
import type { IdempotencyOptions } from "./orders/idempotency";
import { createOrderEvents, type OrderEvents } from "./orders/order-events";
import { createOrderTokens } from "./orders/order-tokens";
import { watchStoreMemory } from "./orders/store-memory";
import type { SellerPlatform } from "./platforms/platform";
import {
  createResilientPlatform,
  defaultResilience,
  type ResilienceSettings,
} from "./platforms/resilience";
import { shareForgetting } from "./platforms/resilience/shared-forgetting";
import type { SandboxPlatform } from "./platforms/sandbox";
import { sandboxPayRoutes } from "./platforms/sandbox/pay-page";
import { assetRoutes, type StaticFiles } from "./routes/assets";
import { buyPageRoutes } from "./routes/buy-page";
import { healthRoutes, type Readiness } from "./routes/health";
import { orderRoutes } from "./routes/orders";
import { productRoutes } from "./routes/products";
import { quoteRoutes } from "./routes/quote";
import { storeRoutes } from "./routes/store";
import { webhookRoutes } from "./routes/webhooks";
import { widgetManifest } from "./routes/widget-manifest";
import { createLogger, type Logger } from "./runtime/logger";
import type { KeyValueStore } from "./store/key-value-store";
import { createMemoryStore } from "./store/memory-store";
import { createMarkdownRenderer } from "./views/markdown";

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
}

const basePathPattern = /^(\/[A-Za-z0-9._~-]+)*$/;

/** The largest request body the proxy reads. */
export const maxBodyBytes = 100 * 1024;

/** A page on this machine, which the sandbox allows: `localhost` and its subdomains, 127/8, ::1. */
const localOrigin =
  /^https?:\/\/(([a-z0-9-]+\.)*localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d+)?$/;

/** How many refused origins are logged, each once: enough for a merchant's, not an attacker's. */
const loggedOriginsMax = 100;

function isSandbox(platform: SellerPlatform): platform is SandboxPlatform {
  return platform.id === "sandbox" && "settle" in platform;
}

/**
 * Builds the Kiosk proxy: a Web-standard fetch handler (`app.fetch(request)`) serving the whole
 * contract under `/api`, plus the widget bundle, the buy page and, on the sandbox, its pay page.
 */
export function createApp(options: AppOptions): Hono {
  const basePath = options.basePath ?? "";
  if (!basePathPattern.test(basePath)) {
    throw new TypeError(`basePath must look like /shop (no trailing slash), not "${basePath}"`);
  }
  const shopUrl = options.shopUrl === undefined ? undefined : httpLink(options.shopUrl);
  if (options.shopUrl !== undefined && shopUrl === undefined) {
    throw new TypeError(`shopUrl must be an http(s) URL, not "${options.shopUrl}"`);
  }
  const logger = options.logger ?? createLogger();
  const store = options.store ?? createMemoryStore();
  const now = options.now ?? Date.now;
  const resilient =
    options.resilience === false
      ? undefined
      : createResilientPlatform(options.platform, { ...options.resilience, logger, now });
  const trustedProxies = options.trustedProxies ?? 0;
  let warnedNoClient = false;
  const clients = new WeakMap<Request, string | undefined>();
  const limiter = createRateLimiter(store, { ...defaultRateLimits, ...options.limits }, logger);
  const encoders = options.encoders ?? { gzip: streamGzip };
  // A create may be on its way for as long as the upstream deadline, and a margin of 10 s, or of
  // one more deadline where that is longer (the upstream client's own timeout and retries).
  const deadlineMs = (options.resilience || undefined)?.deadlineMs ?? defaultResilience.deadlineMs;
  const idempotency = {
    inFlightMs: deadlineMs + Math.max(deadlineMs, 10_000),
    ...options.idempotency,
  };
  const storeMemory = watchStoreMemory(store, idempotency.inFlightMs, now);
  // Read now, so a store that loses its data later is seen to; one that cannot be read yet is
  // read at the first order.
  storeMemory.learn().catch(() => {});
  const deps: AppDeps = {
    platform: resilient ?? options.platform,
    catalog: resilient?.lastKnown ?? options.platform,
    // Told to every instance sharing the store (see `shareForgetting`).
    forgetCached: shareForgetting(
      store,
      (event) => {
        // The adapter's own listings first, so the cache's next read cannot refill from them.
        options.platform.forgetCatalog?.();
        resilient?.invalidate(event);
      },
      logger,
      options.shutdown,
    ),
    upstreamBreaker: () => resilient?.breakerState(),
    store,
    logger,
    tokens: createOrderTokens(store),
    // Its own end with it; given ones are their giver's to close.
    events: options.events ?? createOrderEvents(store, { logger, now, until: options.shutdown }),
    renderMarkdown: createMarkdownRenderer(),
    encoders,
    now,
    orderPollMs: options.orderPollMs ?? 2000,
    orderStreamMs: options.orderStreamMs ?? 15 * 60 * 1000,
    limiter,
    clientOf: (context) => {
      // Asked by the request limit and again by the route: worked out once a request.
      const request = context.req.raw;
      if (clients.has(request)) return clients.get(request);
      const client = clientAddress(context, trustedProxies, options.getConnInfo);
      clients.set(request, client);
      if (client === undefined && !warnedNoClient) {
        warnedNoClient = true;
        logger.warn("client_address_unknown", {
          detail: "per-client limits are off: pass getConnInfo, or trustedProxies behind a proxy",
        });
      }
      return client;
    },
    publicUrl: publicUrlOf(trustedProxies),
    shutdown: options.shutdown ?? new AbortController().signal,
    checkoutUrlTemplate: options.checkoutUrlTemplate,
    idempotency,
    storeMemory,
    freshMs:
      options.resilience === false ? 0 : (options.resilience?.freshMs ?? defaultResilience.freshMs),
    basePath,
    shopUrl,
  };
  const allowed = new Set(options.allowedOrigins ?? []);
  const allowLocal = options.platform.id === "sandbox" && options.allowedOrigins === undefined;
  const refusedOrigins = new Set<string>();

  const root = new Hono();
  const app = basePath ? root.basePath(basePath) : root;
  app.onError((error, context) => problemResponse(error, withRequestId(logger, context.req.raw)));
  app.notFound(unroutedAnswer(root, basePath, logger));
  app.use("*", accessLog(logger));
  app.use(compress({ encoders }));

  app.use(
    "/api/*",
    cachedCors({
      origin: (origin) =>
        allowed.has(origin) || (allowLocal && localOrigin.test(origin)) ? origin : null,
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["Content-Type", "Idempotency-Key", "Authorization"],
      exposeHeaders: ["Retry-After", "ETag", "Allow"],
      maxAge: 600,
      // A shop's page left out of KIOSK_ALLOWED_ORIGINS shows only "could not be reached" in
      // the browser: the log names each origin refused (once; the proxy's own pages need no
      // CORS).
      refused: (origin, context) => {
        if (refusedOrigins.has(origin) || refusedOrigins.size >= loggedOriginsMax) return;
        let host: string | undefined;
        try {
          host = new URL(origin).host;
        } catch {
          // `null` (a page opened from a file, a sandboxed frame) is no origin to allow, but
          // its page fails all the same: said too, with what to do. Other text is not an origin.
          if (origin !== "null") return;
        }
        if (host !== undefined && host === context.req.header("host")) return;
        refusedOrigins.add(origin);
        logger.warn("cors_origin_refused", {
          origin: origin.slice(0, 200),
          ...(host === undefined
            ? { detail: "a page opened from a file or in a sandboxed frame: serve it over http(s)" }
            : {}),
        });
      },
    }),
  );
  app.use("/api/*", limitBody(maxBodyBytes, "Request bodies"));

  app.use("/api/*", requestLimit(limiter, deps.clientOf, `${basePath}/api/webhooks/`));

  app.route("/", healthRoutes(deps, options.readiness));

  const api = new Hono();
  api.route("/", storeRoutes(deps));
  api.route("/", productRoutes(deps));
  api.route("/", quoteRoutes(deps));
  api.route("/", orderRoutes(deps));
  api.route("/", webhookRoutes(deps));
  app.route("/api", api);

  if (isSandbox(options.platform)) app.route("/", sandboxPayRoutes(deps, options.platform));
  app.route(
    "/",
    assetRoutes({
      ...(options.widgetDir ? { widgetDir: options.widgetDir } : {}),
      ...(options.demoDir && isSandbox(options.platform)
        ? { demoDir: options.demoDir, demoPage: basePath === "" }
        : {}),
      ...(options.files ? { files: options.files } : {}),
    }),
  );
  app.route(
    "/",
    buyPageRoutes(
      deps,
      options.widgetDir && options.files
        ? widgetManifest(options.files, options.widgetDir)
        : undefined,
    ),
  );
  return app;
}
