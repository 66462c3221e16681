import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { createApp } from "../app";
import type { SellerPlatform } from "../platforms/platform";
import { platformAdapters } from "../platforms/registry";
import { CatalogError, createSandboxPlatform, loadCatalog } from "../platforms/sandbox";
import type { Config } from "./config";
import { ConfigError } from "./config";
import { createLogger, type Logger } from "./logger";
import { nodeEncoders } from "./node-encoders";

/** A running proxy. */
export interface RunningServer {
  /** Where it listens, such as `http://127.0.0.1:8787`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Builds the configured platform: the sandbox from its catalog, or an adapter. */
export async function createPlatform(
  config: Config,
  logger: Logger,
  packageRoot: string,
): Promise<SellerPlatform> {
  if (config.platform === "sandbox" || !config.upstream) {
    const path = config.sandboxCatalog ?? `${packageRoot}/demo/catalog.json`;
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
  });
}

/** The folder holding `package.json`, found from this file whether it runs built or from source. */
export function packageRoot(): string {
  let directory = fileURLToPath(new URL(".", import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    if (existsSync(`${directory}/package.json`)) return directory.replace(/\/$/, "");
    directory = fileURLToPath(new URL("..", `file://${directory}/`));
  }
  return process.cwd();
}

/** Starts the proxy on `config.host:config.port` (port 0 picks a free one). */
export async function startServer(
  config: Config,
  logger: Logger = createLogger({
    redact: [config.upstream?.secretKey, config.upstream?.webhookSecret],
  }),
): Promise<RunningServer> {
  const root = packageRoot();
  const platform = await createPlatform(config, logger, root);
  const app = createApp({
    platform,
    logger,
    resilience: config.resilience,
    ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
    widgetDir: `${root}/dist`,
    encoders: nodeEncoders,
    ...(config.platform === "sandbox" ? { demoDir: root } : {}),
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Open event streams would otherwise hold the close for their whole lifetime.
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
