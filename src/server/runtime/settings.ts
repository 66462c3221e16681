import { platformAdapters } from "../platforms/registry";

/** One setting as `--help`, `kiosk init` and the start checks describe it. */
export interface Setting {
  /** What it is, in a few words. */
  readonly meaning: string;
  /** What applies when it is unset, in the form it is written. */
  readonly fallback: string;
  /** A value worth showing in the starter `.env`, when the fallback is not one. */
  readonly example?: string;
}

/**
 * Every setting the proxy reads, in the order `kiosk init` writes them. `environment-schema.ts`
 * checks that its schema and this list name the same variables, so neither can grow alone.
 */
export const settings = {
  // From the registry, so a new adapter shows up here by itself.
  KIOSK_PLATFORM: {
    meaning: ["sandbox", ...Object.keys(platformAdapters)].join(" | "),
    fallback: "sandbox",
  },
  KIOSK_SECRET_KEY: {
    meaning: "the platform's secret API key (not needed for sandbox)",
    fallback: "none",
  },
  KIOSK_STORE_ID: {
    meaning:
      "the business / store id where the platform's paths need one; elsewhere, the store's name",
    fallback: "none",
  },
  KIOSK_API_BASE: {
    meaning: "the upstream base URL",
    fallback: "the platform's documented base",
    example: "https://api.example.com/v1",
  },
  KIOSK_WEBHOOK_SECRET: {
    meaning: "secret for checking the platform's webhook signatures",
    fallback: "none (webhooks refused)",
  },
  KIOSK_ALLOWED_ORIGINS: {
    meaning: "comma-separated origins allowed by CORS",
    fallback: "the proxy's own origin (and localhost in sandbox)",
    example: "https://shop.example",
  },
  PORT: { meaning: "the port to listen on (0 picks a free one)", fallback: "8787" },
  HOST: { meaning: "the address to listen on", fallback: "127.0.0.1" },
  KIOSK_SANDBOX_CATALOG: {
    meaning: "the sandbox's catalog file, relative to the working directory",
    fallback: "the demo catalog inside the package",
    example: "catalog.json",
  },
  KIOSK_SANDBOX_ORDER_TTL: {
    meaning: "seconds an unpaid sandbox order holds its stock",
    fallback: "1800",
  },
  KIOSK_CACHE_FRESH_SECONDS: {
    meaning: "seconds a product or store read is served with no upstream call",
    fallback: "10",
  },
  KIOSK_CACHE_STALE_IF_ERROR_SECONDS: {
    meaning: "seconds past freshness that reads fall back to the last known data",
    fallback: "86400",
  },
  KIOSK_UPSTREAM_DEADLINE_SECONDS: {
    meaning: "the longest an upstream call may take, retries included",
    fallback: "5",
  },
  KIOSK_BREAKER_FAILURES: {
    meaning: "failed upstream calls in a row that open the circuit",
    fallback: "5",
  },
  KIOSK_BREAKER_OPEN_SECONDS: {
    meaning: "seconds the open circuit leaves the platform alone",
    fallback: "30",
  },
  KIOSK_REDIS_URL: {
    meaning: "Redis shared by every instance",
    fallback: "this process's memory",
    example: "redis://127.0.0.1:6379",
  },
  KIOSK_REDIS_REPLICAS: {
    meaning: "Redis replicas that hold an order's record before its create is sent (WAIT)",
    fallback: "0",
  },
  KIOSK_TRUSTED_PROXIES: {
    meaning: "proxies in front that append to X-Forwarded-For",
    fallback: "0",
  },
  KIOSK_LIMIT_REQUESTS: { meaning: "per-client /api requests (or off)", fallback: "1200/1m" },
  KIOSK_LIMIT_COUPON_QUOTES: {
    meaning: "per-client quotes and orders with a coupon",
    fallback: "60/10m",
  },
  KIOSK_LIMIT_COUPON_FAILURES: {
    meaning: "per-client coupon codes that do not apply",
    fallback: "15/10m",
  },
  KIOSK_LIMIT_ORDERS: { meaning: "per-client orders created", fallback: "30/10m" },
  KIOSK_LIMIT_UNKNOWN_PRODUCTS: {
    meaning: "per-client product ids the platform does not have",
    fallback: "300/10m",
  },
  KIOSK_LIMIT_STOREFRONT_QUERIES: {
    meaning: "per-client storefront pages and searches no cache holds",
    fallback: "1200/10m",
  },
  KIOSK_LIMIT_STREAMS: { meaning: "order event streams one client holds open", fallback: "20" },
  KIOSK_LIMIT_INSTANCE_STREAMS: {
    meaning: "order event streams this instance holds open, every client's together",
    fallback: "500",
  },
  KIOSK_ORDER_POLL: {
    meaning: "how often an order stream re-reads an order",
    fallback: "2s",
  },
  KIOSK_SHUTDOWN_GRACE: {
    meaning: "how long a stop waits for requests in flight",
    fallback: "10s",
  },
  KIOSK_CHECKOUT_URL: {
    meaning:
      "where a buyer pays when the platform gives no payment link; {orderId} and {orderNumber} are filled in",
    fallback: "none (such orders answer payment: email)",
    example: "https://shop.example/pay/{orderId}",
  },
  KIOSK_ACCESS_LOG: {
    meaning:
      "which requests the access log writes a line for: all, errors (status 400 and up) or off",
    fallback: "all",
  },
  KIOSK_SHOP_URL: {
    meaning: "the merchant's site, linked from the hosted buy and pay pages",
    fallback: "none (those pages show the store's name only)",
    example: "https://shop.example",
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof settings;

export const settingNames = Object.keys(settings) as SettingName[];

/** The flag for a setting: `KIOSK_SANDBOX_CATALOG` is `--sandbox-catalog`, `PORT` is `--port`. */
export function flagOf(name: SettingName): string {
  return `--${name
    .replace(/^KIOSK_/, "")
    .toLowerCase()
    .replaceAll("_", "-")}`;
}

/** Edit distance, for the nearest real name to a misspelt one. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The closest of `candidates` to `name`. */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `KIOSK_PLATFROM: is not a Kiosk setting (did you mean …?)` for the first unknown `KIOSK_*` name. */
export function unknownSetting(env: Readonly<Record<string, unknown>>): string | undefined {
  const names: readonly string[] = settingNames;
  const unknown = Object.keys(env).find(
    (name) => name.startsWith("KIOSK_") && !names.includes(name),
  );
  if (!unknown) return undefined;
  const near = nearest(unknown, settingNames);
  return `${unknown}: is not a Kiosk setting${near ? ` (did you mean ${near}?)` : ""}`;
}

/** The usage lines for the settings: name, meaning and fallback, one line each. */
export function settingsHelp(): string {
  const width = Math.max(...settingNames.map((name) => name.length));
  return settingNames
    .map((name) => {
      const setting: Setting = settings[name];
      return `  ${name.padEnd(width)}  ${setting.meaning} (default ${setting.fallback})`;
    })
    .join("\n");
}

/** The starter `.env` of `kiosk init`: every setting, commented out, with what it means. */
export function starterEnv(active: Partial<Record<SettingName, string>>): string {
  const lines = [
    "# Kiosk proxy settings, read by `kiosk serve` from this folder's .env.",
    "# The environment overrides this file, and flags (--port 8080) override both.",
    "",
  ];
  for (const name of settingNames) {
    const setting: Setting = settings[name];
    lines.push(`# ${setting.meaning} (default ${setting.fallback})`);
    const value = active[name];
    // "none" is no value: uncommented, `KIOSK_STORE_ID=none` would name a store called "none".
    const plain = /^[\w./:-]+$/.test(setting.fallback) && setting.fallback !== "none";
    const shown = setting.example ?? (plain ? setting.fallback : "");
    lines.push(value === undefined ? `# ${name}=${shown}` : `${name}=${value}`);
    lines.push("");
  }
  return lines.join("\n");
}
