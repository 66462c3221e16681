// runtime/: the Node process (settings, CLI, logger, files, Redis, serving); the only folder that imports node: modules.
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createApp } from "../app";
import { createOrderEvents } from "../orders/order-events";
import type { SellerPlatform } from "../platforms/platform";
import { platformAdapters } from "../platforms/registry";
import { CatalogError, createSandboxPlatform } from "../platforms/sandbox";
import { type KeyValueStore, StoreUnavailableError } from "../store/key-value-store";
import { createMemoryStore } from "../store/memory-store";
import { loadCatalog } from "./catalog-file";
import type { Config } from "./config";
import { ConfigError } from "./config";
import { createLogger, type Logger } from "./logger";
import { nodeEncoders } from "./node-encoders";
import { nodeFiles } from "./node-files";
import { packageRoot } from "./package-root";
import { createRedisStore } from "./redis-store";
import { redisPassword } from "./redis-url";

/** How long an idle connection is kept open for the next request. */
const keepAliveMs = 65_000;

/** A running proxy. */
export interface RunningServer {
  /** Where it listens, such as `http://127.0.0.1:8787`. */
  readonly url: string;
  /**
   * Stops gracefully: no new connections, `/readyz` 503, open order streams end, requests in
   * flight finish (their connections are closed after the grace period), then the store.
   */
  close(): Promise<void>;
}

/** The store the configuration asks for: Redis when `KIOSK_REDIS_URL` is set, memory otherwise. */
export async function createStore(config: Config, logger: Logger): Promise<KeyValueStore> {
  if (!config.redisUrl) return createMemoryStore();
  try {
    return await createRedisStore({
      url: config.redisUrl,
      logger,
      replicas: config.redisReplicas,
    });
  } catch (error) {
    if (error instanceof StoreUnavailableError)
      throw new ConfigError(`KIOSK_REDIS_URL: ${error.message}`);
    if (error instanceof RangeError)
      throw new ConfigError(`KIOSK_REDIS_REPLICAS: ${error.message.replace(/^replicas: /, "")}`);
    throw error;
  }
}

/**
 * Builds the configured platform: the sandbox from its catalog, or an adapter, which keeps what it
 * must remember of the orders it creates in `store` (its own memory without one), so instances
 * sharing the store read those orders alike.
 */
export async function createPlatform(
  config: Config,
  logger: Logger,
  packageRoot: string,
  store?: KeyValueStore,
): Promise<SellerPlatform> {
  if (config.platform === "sandbox" || !config.upstream) {
    // A catalog given in the settings is the merchant's file: a relative path is read from the
    // working directory, as any path on a command line is.
    const path = config.sandboxCatalog ?? join(packageRoot, "demo", "catalog.json");
    try {
      return createSandboxPlatform(await loadCatalog(path), {
        orderTtlMs: config.sandboxOrderTtlMs,
      });
    } catch (error) {
      if (error instanceof CatalogError)
        throw new ConfigError(`KIOSK_SANDBOX_CATALOG: ${error.message}`);
      throw error;
    }
  }
  // `loadConfig` checked the settings against what the adapter declares, so this only builds.
  return platformAdapters[config.platform].create({
    ...config.upstream,
    logger,
    upstream: { deadlineMs: config.resilience.deadlineMs },
    ...(store ? { store } : {}),
  });
}

/** Starts the proxy on `config.host:config.port` (port 0 picks a free one). */
export async function startServer(
  config: Config,
  logger: Logger = createLogger({
    redact: [
      config.upstream?.secretKey,
      config.upstream?.webhookSecret,
      redisPassword(config.redisUrl),
    ],
  }),
): Promise<RunningServer> {
  const root = packageRoot();
  // A stop that cuts an order's create off before its deadline leaves the buyer a retry that
  // asks the platform what became of it (see the idempotency lock), not an answer.
  if (config.shutdownGraceMs < config.resilience.deadlineMs) {
    logger.warn("shutdown_grace_short", {
      graceMs: config.shutdownGraceMs,
      upstreamDeadlineMs: config.resilience.deadlineMs,
      detail: "KIOSK_SHUTDOWN_GRACE below KIOSK_UPSTREAM_DEADLINE_SECONDS can cut an order off",
    });
  }
  // The memory store dies with the process, and with it the record of a create on its way: a
  // platform that takes no key of its own (all but the sandbox and sx) gets it again on retry.
  if (!config.redisUrl && config.platform !== "sandbox" && config.platform !== "sx") {
    logger.warn("orders_kept_in_memory", {
      detail:
        "without KIOSK_REDIS_URL, an order being created when the process is killed is created again by its retry",
    });
  }
  // The store first: the platform's adapter keeps what orders were asked for in it.
  const store = await createStore(config, logger);
  let platform: SellerPlatform;
  try {
    platform = await createPlatform(config, logger, root, store);
  } catch (error) {
    // A catalog that cannot be read stops the start; the store's connection must not keep it up.
    await store.close();
    throw error;
  }
  const events = createOrderEvents(store, { logger });
  // Streams on this instance must hear webhooks landing on others from the first request on.
  await events.ready;
  const stopping = new AbortController();
  const app = createApp({
    platform,
    store,
    events,
    logger,
    resilience: config.resilience,
    ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
    ...(config.checkoutUrl ? { checkoutUrlTemplate: config.checkoutUrl } : {}),
    ...(config.shopUrl ? { shopUrl: config.shopUrl } : {}),
    accessLog: config.accessLog,
    widgetDir: join(root, "dist"),
    files: nodeFiles,
    encoders: nodeEncoders,
    ...(config.platform === "sandbox" ? { demoDir: root } : {}),
    limits: config.limits,
    trustedProxies: config.trustedProxies,
    getConnInfo,
    orderPollMs: config.orderPollMs,
    maxOrderStreams: config.maxOrderStreams,
    shutdown: stopping.signal,
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      let closing: Promise<void> | undefined;
      const close = async () => {
        logger.info("shutdown_started", { graceMs: config.shutdownGraceMs });
        const closed = new Promise<void>((done) => server.close(() => done()));
        stopping.abort();
        // Once nothing is in flight, the connections left are idle or never sent a request.
        const drained = new Promise<void>((done) => {
          if (inFlight === 0) done();
          else onDrained = done;
        });
        const late = await Promise.race([
          drained.then(() => false),
          new Promise<boolean>((done) =>
            setTimeout(() => done(true), config.shutdownGraceMs).unref(),
          ),
        ]);
        if (late) logger.warn("shutdown_forced", { inFlight, graceMs: config.shutdownGraceMs });
        if ("closeAllConnections" in server) server.closeAllConnections();
        await closed;
        await events.close();
        await store.close();
        logger.info("shutdown_complete", {});
      };
      resolve({
        url: `http://${host}:${info.port}`,
        close: () => {
          closing ??= close();
          return closing;
        },
      });
    });
    // A buyer reads the cards for a while before clicking Buy: the click's requests reuse the
    // connections the page opened instead of waiting for new TCP and TLS handshakes. Node's own
    // 5 s would close them first; 65 s also outlasts the 60 s idle time of common load balancers,
    // which would otherwise send a request down a connection just being closed.
    if ("keepAliveTimeout" in server) {
      server.keepAliveTimeout = keepAliveMs;
      server.headersTimeout = keepAliveMs + 1_000;
    }
    let inFlight = 0;
    let onDrained: (() => void) | undefined;
    server.on("request", (_request, response) => {
      inFlight += 1;
      response.once("close", () => {
        inFlight -= 1;
        if (inFlight === 0) onDrained?.();
      });
    });
    server.once("error", (error) => {
      void store.close();
      reject(error);
    });
  });
}
