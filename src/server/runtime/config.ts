import { z } from "zod";
import { type PlatformId, platformIds } from "../../core";
import type { PlatformAdapter } from "../platforms/platform";
import { platformAdapters } from "../platforms/registry";
import { defaultResilience, type ResilienceSettings } from "../platforms/resilience";
import { defaultSandboxOrderTtlMs } from "../platforms/sandbox";
import { keyFormatProblem } from "../platforms/shared/key-mode";

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
}

/** A setting is missing or wrong; the message is one line naming the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** A secret goes into a header, where a control character (a second pasted line) cannot travel. */
const secretText = optionalText.pipe(
  z
    .string()
    .refine((value) => !/\p{Cc}/u.test(value), "must be one line without control characters")
    .optional(),
);

const origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value;
  } catch {
    return false;
  }
}, "must be origins like https://shop.example, comma-separated, without paths or trailing slashes");

/** A whole number from `min` to `max` (a count or whole seconds), or nothing. */
const wholeNumber = (min: number, max: number, unit: string) => {
  const message = `must be a whole number${unit} from ${min} to ${max}`;
  return optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,9}$/, message)
      .transform(Number)
      .refine((value) => value >= min && value <= max, message)
      .optional(),
  );
};

const environmentSchema = z.object({
  KIOSK_PLATFORM: z
    .enum(platformIds, { error: `must be one of ${platformIds.join(", ")}` })
    .default("sandbox"),
  KIOSK_SECRET_KEY: secretText,
  KIOSK_STORE_ID: optionalText,
  KIOSK_API_BASE: optionalText.pipe(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  ),
  KIOSK_WEBHOOK_SECRET: secretText,
  KIOSK_ALLOWED_ORIGINS: optionalText.pipe(
    z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .pipe(z.array(origin))
      .optional(),
  ),
  PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "must be a port number from 0 to 65535")
      .transform(Number)
      .refine((port) => port <= 65535, "must be a port number from 0 to 65535")
      .optional(),
  ),
  HOST: optionalText.pipe(z.string().default("127.0.0.1")),
  KIOSK_SANDBOX_CATALOG: optionalText,
  KIOSK_SANDBOX_ORDER_TTL: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,6}$/, "must be a whole number of seconds from 1 to 604800")
      .transform(Number)
      .refine(
        (seconds) => seconds >= 1 && seconds <= 604_800,
        "must be a whole number of seconds from 1 to 604800",
      )
      .optional(),
  ),
  KIOSK_CACHE_FRESH_SECONDS: wholeNumber(0, 3600, " of seconds"),
  KIOSK_CACHE_STALE_IF_ERROR_SECONDS: wholeNumber(0, 604_800, " of seconds"),
  KIOSK_UPSTREAM_DEADLINE_SECONDS: wholeNumber(1, 120, " of seconds"),
  KIOSK_BREAKER_FAILURES: wholeNumber(1, 1000, ""),
  KIOSK_BREAKER_OPEN_SECONDS: wholeNumber(1, 3600, " of seconds"),
});

type Environment = z.output<typeof environmentSchema>;

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

/**
 * Reads the configuration from `env`, or throws a `ConfigError` whose message is one line:
 * `KIOSK_PLATFORM: must be one of …`.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    const got = env[variable];
    const shown = variable.includes("SECRET") || got === undefined ? "" : ` (got "${got}")`;
    throw new ConfigError(`${variable}: ${issue?.message ?? "is invalid"}${shown}`);
  }
  const values = parsed.data;
  const platform = values.KIOSK_PLATFORM;
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
  };
}

/** Checks the environment against what the adapter declares it needs. */
function upstreamSettings(
  adapter: PlatformAdapter,
  values: z.output<typeof environmentSchema>,
): UpstreamSettings {
  const required = `is required for KIOSK_PLATFORM=${adapter.id}`;
  const secretKey = values.KIOSK_SECRET_KEY;
  if (!secretKey) throw new ConfigError(`KIOSK_SECRET_KEY: ${required}`);
  const keyProblem = keyFormatProblem(secretKey, adapter.keyFormat);
  if (keyProblem)
    throw new ConfigError(`KIOSK_SECRET_KEY: ${keyProblem} for KIOSK_PLATFORM=${adapter.id}`);
  const storeId = values.KIOSK_STORE_ID;
  if (adapter.storeId?.required && !storeId) {
    throw new ConfigError(`KIOSK_STORE_ID: ${required} (${adapter.storeId.meaning})`);
  }
  const apiBase = values.KIOSK_API_BASE ?? adapter.defaultApiBase;
  if (!apiBase)
    throw new ConfigError(`KIOSK_API_BASE: ${required} (its documents give no base URL)`);
  return {
    secretKey,
    apiBase,
    ...(storeId ? { storeId } : {}),
    ...(values.KIOSK_WEBHOOK_SECRET ? { webhookSecret: values.KIOSK_WEBHOOK_SECRET } : {}),
  };
}
