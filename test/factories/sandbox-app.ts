import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "../../src/server/app";
import type { RateLimits } from "../../src/server/http/rate-limits";
import {
  createSandboxPlatform,
  parseCatalog,
  type SandboxCatalog,
  type SandboxPlatform,
} from "../../src/server/platforms/sandbox";
import type { Logger } from "../../src/server/runtime/logger";
import type { KeyValueStore } from "../../src/server/store/key-value-store";
import { createMemoryStore } from "../../src/server/store/memory-store";

// Built from a path, not a URL object: under happy-dom `URL` is the DOM's and `fs` refuses it.
const demoCatalogPath = join(dirname(fileURLToPath(import.meta.url)), "../../demo/catalog.json");

/** The demo catalog, freshly parsed (each caller gets its own copy to change). */
export function demoCatalog(): SandboxCatalog {
  return parseCatalog(JSON.parse(readFileSync(demoCatalogPath, "utf8")), "demo/catalog.json");
}

/**
 * The demo catalog with an email-type custom field (`contact`) on `custom-sprite`, for the tests
 * of email fields: the demo itself asks for the buyer's email once, in the checkout.
 */
export function catalogWithEmailField(): SandboxCatalog {
  const catalog = demoCatalog();
  const sprite = catalog.products.find((product) => product.id === "custom-sprite");
  if (!sprite) throw new Error("the demo catalog has no custom-sprite product");
  sprite.customFields.splice(1, 0, {
    key: "contact",
    label: "Delivery email",
    required: true,
    type: "email",
  });
  return catalog;
}

/**
 * The demo catalog with choices that have fewer left than the least one may order: one team
 * seat (at least 2 per order), and Cloud Sync's founder plan at one left with 2 per order.
 * `few-plans` is Cloud Sync again with one left of every plan.
 */
export function catalogBelowMinimum(): SandboxCatalog {
  const catalog = demoCatalog();
  const seats = catalog.products.find((product) => product.id === "team-seats");
  const sync = catalog.products.find((product) => product.id === "cloud-sync");
  if (!seats?.serials || !sync) throw new Error("the demo catalog changed");
  seats.serials.splice(1);
  sync.quantity = { min: 2, max: null };
  for (const variant of sync.variants ?? []) if (variant.id === "founder") variant.stock = 1;
  catalog.products.push({
    ...sync,
    id: "few-plans",
    variants: (sync.variants ?? []).map((variant) => ({ ...variant, stock: 1 })),
  });
  return catalog;
}

/** A logger that keeps its lines, so tests can look for what must never be logged. */
export function createCapturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (event: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, event, ...fields }));
  };
  return { lines, info: push("info"), warn: push("warn"), error: push("error") };
}

export interface TestApp {
  readonly app: ReturnType<typeof createApp>;
  readonly platform: SandboxPlatform;
  readonly store: KeyValueStore;
  readonly logger: ReturnType<typeof createCapturingLogger>;
}

/** The proxy over the sandbox with the demo catalog, in-process: call `app.request()` or `app.fetch()`. */
export function createTestApp(
  options: {
    catalog?: SandboxCatalog;
    now?: () => number;
    /** How long an unpaid sandbox order holds its stock. */
    orderTtlMs?: number;
    /** How many ended orders the sandbox remembers. */
    endedOrdersKept?: number;
    orderPollMs?: number;
    allowedOrigins?: string[];
    limits?: Partial<RateLimits>;
    /** The merchant's `KIOSK_CHECKOUT_URL`. */
    checkoutUrlTemplate?: string;
  } = {},
): TestApp {
  const platform = createSandboxPlatform(options.catalog ?? demoCatalog(), {
    ...(options.now ? { now: options.now } : {}),
    ...(options.orderTtlMs ? { orderTtlMs: options.orderTtlMs } : {}),
    ...(options.endedOrdersKept ? { endedOrdersKept: options.endedOrdersKept } : {}),
  });
  const store = createMemoryStore();
  const logger = createCapturingLogger();
  const app = createApp({
    platform,
    store,
    logger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.orderPollMs ? { orderPollMs: options.orderPollMs } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.checkoutUrlTemplate ? { checkoutUrlTemplate: options.checkoutUrlTemplate } : {}),
    // Limits count per client: the in-process requests come from one fixed test address.
    ...(options.limits
      ? { limits: options.limits, getConnInfo: () => ({ remote: { address: "192.0.2.1" } }) }
      : {}),
  });
  return { app, platform, store, logger };
}

/** A fresh idempotency key. */
export const newKey = () => `test-${crypto.randomUUID()}`;

/** JSON POST init with an optional idempotency key. */
export function postJson(body: unknown, key?: string): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
    body: JSON.stringify(body),
  };
}

/** A memory store that lists every key and value written to it, to look for what it must not keep. */
export function writesRecorded(): { readonly store: KeyValueStore; readonly written: string[] } {
  const memory = createMemoryStore();
  const written: string[] = [];
  const store = {
    ...memory,
    set: async (key: string, value: string, ttlMs: number) => {
      written.push(key, value);
      return memory.set(key, value, ttlMs);
    },
    setIfAbsent: async (key: string, value: string, ttlMs: number) => {
      written.push(key, value);
      return memory.setIfAbsent(key, value, ttlMs);
    },
  };
  return { store, written };
}

/** Settles a sandbox order as its pay page's form does (`paid` by default). */
export function payOnSandboxPage(
  app: ReturnType<typeof createApp>,
  checkoutUrl: string | undefined,
  outcome: "paid" | "failed" = "paid",
): Promise<Response> {
  const url = new URL(checkoutUrl ?? "missing:", "http://proxy.test");
  return Promise.resolve(
    app.request(url.pathname, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: url.searchParams.get("token") ?? "", outcome }).toString(),
    }),
  );
}
