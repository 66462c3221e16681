import { type Context, Hono } from "hono";
import { httpLink } from "../core/link";
import type { AppDeps } from "./app-deps";
import type { AppOptions } from "./app-options";
import { accessLog, accessLogModes, withRequestId } from "./http/access-log";
import { unroutedAnswer } from "./http/allowed-methods";
import { apiCors } from "./http/api-cors";
import { clientAddress } from "./http/client-address";
import { compress, streamGzip } from "./http/compress";
import { problemResponse } from "./http/problem-response";
import { publicUrlOf } from "./http/public-url";
import { createRateLimiter } from "./http/rate-limit";
import { defaultRateLimits } from "./http/rate-limits";
import { limitBody } from "./http/request-body";
import { requestLimit } from "./http/request-limit";
import { createOrderEvents } from "./orders/order-events";
import { createOrderTokens } from "./orders/order-tokens";
import { watchStoreMemory } from "./orders/store-memory";
import type { SellerPlatform } from "./platforms/platform";
import { createResilientPlatform, defaultResilience } from "./platforms/resilience";
import { shareForgetting } from "./platforms/resilience/shared-forgetting";
import type { SandboxPlatform } from "./platforms/sandbox";
import { sandboxPayRoutes } from "./platforms/sandbox/pay-page";
import { assetRoutes } from "./routes/assets";
import { buyPageRoutes } from "./routes/buy-page";
import { healthRoutes } from "./routes/health";
import { orderRoutes } from "./routes/orders";
import { createProductReads } from "./routes/product-reads";
import { productRoutes } from "./routes/products";
import { quoteRoutes } from "./routes/quote";
import { answerReadsFirst } from "./routes/reads-first";
import { storeRoutes } from "./routes/store";
import { webhookRoutes } from "./routes/webhooks";
import { widgetManifest } from "./routes/widget-manifest";
import { createLogger } from "./runtime/logger";
import { checkStore } from "./store/key-value-store";
import { createMemoryStore } from "./store/memory-store";
import { createMarkdownRenderer } from "./views/markdown";

const basePathPattern = /^(\/[A-Za-z0-9._~-]+)*$/;

/** The largest request body the proxy reads. */
export const maxBodyBytes = 100 * 1024;

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
  // Any other value (`false`, a misspelt word) would write every line without a word.
  const accessLogMode = options.accessLog ?? "all";
  if (!accessLogModes.includes(accessLogMode)) {
    throw new TypeError(
      `accessLog must be all, errors or off, not ${JSON.stringify(accessLogMode)}`,
    );
  }
  const logger = options.logger ?? createLogger();
  const store = options.store ?? createMemoryStore();
  checkStore(store);
  const now = options.now ?? Date.now;
  const resilient =
    options.resilience === false
      ? undefined
      : createResilientPlatform(options.platform, { ...options.resilience, logger, now });
  const trustedProxies = options.trustedProxies ?? 0;
  let warnedNoClient = false;
  const clients = new WeakMap<Request, string | undefined>();
  const clientFor = (context: Context) => {
    const client = clientAddress(context, trustedProxies, options.getConnInfo);
    if (client === undefined && !warnedNoClient) {
      warnedNoClient = true;
      logger.warn("client_address_unknown", {
        detail: "per-client limits are off: pass getConnInfo, or trustedProxies behind a proxy",
      });
    }
    return client;
  };
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
    maxOrderStreams: options.maxOrderStreams === undefined ? 500 : options.maxOrderStreams,
    limiter,
    clientOf: (context) => {
      // Asked by the request limit and again by the route: worked out once a request.
      const request = context.req.raw;
      if (clients.has(request)) return clients.get(request);
      const client = clientFor(context);
      clients.set(request, client);
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

  const root = new Hono();
  const app = basePath ? root.basePath(basePath) : root;
  app.onError((error, context) => problemResponse(error, withRequestId(logger, context.req.raw)));
  app.notFound(unroutedAnswer(root, basePath, logger));
  app.use("*", accessLog(logger, accessLogMode));
  app.use(compress({ encoders }));

  const cors = apiCors({
    allowedOrigins: options.allowedOrigins,
    sandbox: options.platform.id === "sandbox",
    logger,
  });
  app.use("/api/*", cors.middleware);
  app.use("/api/*", limitBody(maxBodyBytes, "Request bodies"));

  app.use("/api/*", requestLimit(limiter, deps.clientOf, `${basePath}/api/webhooks/`));

  app.route("/", healthRoutes(deps, options.readiness));

  const api = new Hono();
  api.route("/", storeRoutes(deps));
  const reads = createProductReads(deps);
  api.route("/", productRoutes(deps, reads));
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
  answerReadsFirst(app, {
    basePath,
    reads,
    cors,
    limiter,
    clientFor,
    publicUrl: deps.publicUrl,
    logger,
    accessLog: accessLogMode,
  });
  return app;
}
