import type { PlatformId } from "../../core";
import type { AccessLogMode } from "../http/access-log";
import { defaultRateLimits, type RateLimits } from "../http/rate-limits";
import type { PlatformAdapter } from "../platforms/platform";
import { platformAdapters } from "../platforms/registry";
import { defaultResilience, type ResilienceSettings } from "../platforms/resilience";
import { defaultSandboxOrderTtlMs } from "../platforms/sandbox";
import { keyFormatProblem } from "../platforms/shared/key-mode";
import { ConfigError } from "./config-error";
import { type Environment, environmentSchema } from "./environment-schema";
import { unknownSetting } from "./settings";

export { ConfigError } from "./config-error";

/** What an adapter is started with, checked against what it declares it needs. */
export interface UpstreamSettings {
  readonly secretKey: string;
  readonly storeId?: string;
  /** `KIOSK_API_BASE`, or the adapter's documented default. */
  readonly apiBase: string;
  readonly webhookSecret?: string;
}

/**
 * The proxy's settings, read from the environment as the contract's table gives them. This is
 * the only place they are checked: whatever reaches `startServer` can be built as it is.
 */
export interface Config {
  readonly platform: PlatformId;
  /** The platform adapter's settings; `undefined` for the sandbox. */
  readonly upstream: UpstreamSettings | undefined;
  /** Origins CORS allows; `undefined` means the proxy's own origin (and localhost in sandbox). */
  readonly allowedOrigins: readonly string[] | undefined;
  readonly port: number;
  readonly host: string;
  /** The sandbox catalog file; the demo catalog shipped with Kiosk when unset. */
  readonly sandboxCatalog: string | undefined;
  /** How long an unpaid sandbox order holds its stock before it expires. */
  readonly sandboxOrderTtlMs: number;
  /** Read cache freshness and stale-if-error bound, upstream deadline, circuit breaker. */
  readonly resilience: ResilienceSettings;
  /** Shared state for many instances; in this process's memory when unset. */
  readonly redisUrl: string | undefined;
  /** Replicas that must hold an order's record before its create is sent; 0: none. */
  readonly redisReplicas: number;
  /** Proxies in front that append to `X-Forwarded-For`; 0 ignores the header. */
  readonly trustedProxies: number;
  readonly limits: RateLimits;
  /**
   * Order streams this instance holds open, every client's together; `null`: no limit;
   * `undefined`: the app's default.
   */
  readonly maxOrderStreams: number | null | undefined;
  /** How often an order stream re-reads an order no webhook announced. */
  readonly orderPollMs: number;
  /** How long a stop waits for requests in flight before closing their connections. */
  readonly shutdownGraceMs: number;
  /** `KIOSK_CHECKOUT_URL`: the merchant's pay page for orders the platform gives no link for. */
  readonly checkoutUrl: string | undefined;
  /** `KIOSK_SHOP_URL`: the merchant's site, which the hosted pages link back to. */
  readonly shopUrl: string | undefined;
  /** `KIOSK_ACCESS_LOG`: which requests get an access-log line. */
  readonly accessLog: AccessLogMode;
}

/** The resilience settings the environment gives, the defaults for the rest. */
function resilienceOf(values: Environment): ResilienceSettings {
  const ms = (seconds: number | undefined, fallback: number) =>
    seconds === undefined ? fallback : seconds * 1000;
  const d = defaultResilience;
  return {
    ...d,
    freshMs: ms(values.KIOSK_CACHE_FRESH_SECONDS, d.freshMs),
    staleIfErrorMs: ms(values.KIOSK_CACHE_STALE_IF_ERROR_SECONDS, d.staleIfErrorMs),
    deadlineMs: ms(values.KIOSK_UPSTREAM_DEADLINE_SECONDS, d.deadlineMs),
    breakerFailures: values.KIOSK_BREAKER_FAILURES ?? d.breakerFailures,
    breakerOpenMs: ms(values.KIOSK_BREAKER_OPEN_SECONDS, d.breakerOpenMs),
  };
}

/** The settings only a platform reads. */
const platformSettings = [
  "KIOSK_SECRET_KEY",
  "KIOSK_STORE_ID",
  "KIOSK_API_BASE",
  "KIOSK_WEBHOOK_SECRET",
] as const;

/** A limit from its setting: unset keeps the default, `off` (null) turns it off. */
const limitOr = <T>(value: T | null | undefined, fallback: T | undefined) =>
  value === undefined ? fallback : (value ?? undefined);

/**
 * Reads the configuration from `env`, or throws a `ConfigError` whose message is one line:
 * `KIOSK_PLATFORM: must be one of …`.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // A misspelt setting would otherwise be ignored and its default used without a word.
  const unknown = unknownSetting(env);
  if (unknown) throw new ConfigError(unknown);

  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    const got = env[variable];
    const hidden = variable.includes("SECRET") || variable === "KIOSK_REDIS_URL";
    // Quoted as JSON, so a value pasted with a second line still reads as one line.
    const shown = hidden || got === undefined ? "" : ` (got ${JSON.stringify(got)})`;
    throw new ConfigError(`${variable}: ${issue?.message ?? "is invalid"}${shown}`);
  }
  const values = parsed.data;
  const platform = values.KIOSK_PLATFORM;
  // A platform's key with no KIOSK_PLATFORM would otherwise start the demo shop, where anyone
  // pays on the proxy's own page, and the merchant believe they sell on their platform.
  const meant = platformSettings.find((name) => values[name] !== undefined);
  if (values.KIOSK_REDIS_REPLICAS && !values.KIOSK_REDIS_URL) {
    throw new ConfigError(
      "KIOSK_REDIS_REPLICAS: is set, but KIOSK_REDIS_URL is not: replicas are the Redis's it names",
    );
  }
  if (platform === "sandbox" && meant) {
    throw new ConfigError(
      `${meant}: is set, but KIOSK_PLATFORM is sandbox (the demo shop): set KIOSK_PLATFORM to the platform it is for`,
    );
  }
  return {
    platform,
    upstream:
      platform === "sandbox" ? undefined : upstreamSettings(platformAdapters[platform], values),
    allowedOrigins: values.KIOSK_ALLOWED_ORIGINS,
    port: values.PORT ?? 8787,
    host: values.HOST,
    sandboxCatalog: values.KIOSK_SANDBOX_CATALOG,
    sandboxOrderTtlMs:
      values.KIOSK_SANDBOX_ORDER_TTL === undefined
        ? defaultSandboxOrderTtlMs
        : values.KIOSK_SANDBOX_ORDER_TTL * 1000,
    resilience: resilienceOf(values),
    redisUrl: values.KIOSK_REDIS_URL,
    redisReplicas: values.KIOSK_REDIS_REPLICAS ?? 0,
    trustedProxies: values.KIOSK_TRUSTED_PROXIES,
    limits: {
      requests: limitOr(values.KIOSK_LIMIT_REQUESTS, defaultRateLimits.requests),
      couponQuotes: limitOr(values.KIOSK_LIMIT_COUPON_QUOTES, defaultRateLimits.couponQuotes),
      couponFailures: limitOr(values.KIOSK_LIMIT_COUPON_FAILURES, defaultRateLimits.couponFailures),
      orders: limitOr(values.KIOSK_LIMIT_ORDERS, defaultRateLimits.orders),
      unknownProducts: limitOr(
        values.KIOSK_LIMIT_UNKNOWN_PRODUCTS,
        defaultRateLimits.unknownProducts,
      ),
      storefrontQueries: limitOr(
        values.KIOSK_LIMIT_STOREFRONT_QUERIES,
        defaultRateLimits.storefrontQueries,
      ),
      streams: limitOr(values.KIOSK_LIMIT_STREAMS, defaultRateLimits.streams),
    },
    maxOrderStreams: values.KIOSK_LIMIT_INSTANCE_STREAMS,
    orderPollMs: values.KIOSK_ORDER_POLL,
    shutdownGraceMs: values.KIOSK_SHUTDOWN_GRACE,
    checkoutUrl: values.KIOSK_CHECKOUT_URL,
    shopUrl: values.KIOSK_SHOP_URL,
    accessLog: values.KIOSK_ACCESS_LOG,
  };
}

/** Checks the environment against what the adapter declares it needs. */
function upstreamSettings(adapter: PlatformAdapter, values: Environment): UpstreamSettings {
  const required = `is required for KIOSK_PLATFORM=${adapter.id}`;
  const secretKey = values.KIOSK_SECRET_KEY;
  if (!secretKey) throw new ConfigError(`KIOSK_SECRET_KEY: ${required}`);
  const keyProblem = keyFormatProblem(secretKey, adapter.keyFormat);
  if (keyProblem)
    throw new ConfigError(`KIOSK_SECRET_KEY: ${keyProblem} for KIOSK_PLATFORM=${adapter.id}`);
  const webhookSecret = values.KIOSK_WEBHOOK_SECRET;
  const webhookProblem = webhookSecret && adapter.webhookSecretProblem?.(webhookSecret);
  if (webhookProblem) {
    throw new ConfigError(
      `KIOSK_WEBHOOK_SECRET: ${webhookProblem} for KIOSK_PLATFORM=${adapter.id}`,
    );
  }
  const storeId = values.KIOSK_STORE_ID;
  if (adapter.storeId?.required && !storeId) {
    throw new ConfigError(`KIOSK_STORE_ID: ${required} (${adapter.storeId.meaning})`);
  }
  const apiBase = values.KIOSK_API_BASE ?? adapter.defaultApiBase;
  if (!apiBase)
    throw new ConfigError(`KIOSK_API_BASE: ${required} (its documents give no base URL)`);
  // The secret key goes with every request: in the clear only to a platform on this machine.
  const { protocol, hostname } = new URL(apiBase);
  if (protocol === "http:" && !/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(hostname)) {
    throw new ConfigError(
      "KIOSK_API_BASE: must be https (the secret key goes with every request); http only for localhost",
    );
  }
  return {
    secretKey,
    apiBase,
    ...(storeId ? { storeId } : {}),
    ...(webhookSecret ? { webhookSecret } : {}),
  };
}
