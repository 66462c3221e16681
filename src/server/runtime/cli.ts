import { platformAdapters } from "../platforms/registry";
import { ConfigError, loadConfig } from "./config";
import { startServer } from "./serve";

/** The platform choices, from the registry, so a new adapter shows up here by itself. */
const platformChoices = ["sandbox", ...Object.keys(platformAdapters)].join(" | ");

const usage = `Usage: kiosk serve

Starts the Kiosk proxy. Settings come from the environment:
  KIOSK_PLATFORM         ${platformChoices} (default sandbox)
  KIOSK_SECRET_KEY       the platform's secret API key (not needed for sandbox)
  KIOSK_STORE_ID         business / store id where the platform's paths need one
  KIOSK_API_BASE         upstream base URL (default: the platform's documented base)
  KIOSK_WEBHOOK_SECRET   secret for checking the platform's webhook signatures
  KIOSK_ALLOWED_ORIGINS  comma-separated origins allowed by CORS
  KIOSK_SANDBOX_CATALOG  the sandbox's catalog file (default: the demo catalog)
  KIOSK_REDIS_URL        redis://host:6379 to share state between instances (default: memory)
  KIOSK_TRUSTED_PROXIES  proxies in front that append to X-Forwarded-For (default 0)
  KIOSK_LIMIT_*          per-client limits, such as KIOSK_LIMIT_ORDERS=30/10m or off
  PORT / HOST            where to listen (default 8787 / 127.0.0.1)`;

/** Runs the command line; resolves to the exit code, or never while serving. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (command !== "serve") {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  try {
    const config = loadConfig(env);
    const server = await startServer(config);
    process.stdout.write(`Kiosk proxy (${config.platform}) listening on ${server.url}\n`);
    // A stop lets requests in flight finish and ends order streams, then exits cleanly.
    const stop = () => {
      void server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return await new Promise<number>(() => {});
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`kiosk: ${error.message}\n`);
      return 1;
    }
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE" || code === "EACCES") {
      process.stderr.write(`kiosk: PORT: cannot listen there (${code})\n`);
      return 1;
    }
    process.stderr.write(
      `kiosk: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}
