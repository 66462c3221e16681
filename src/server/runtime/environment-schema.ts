// What each setting's text may be, as one schema over the environment; config.ts reads it.
import { z } from "zod";
import { httpLink, platformIds } from "../../core";
import { accessLogModes } from "../http/access-log";
import { fillCheckoutTemplate } from "../orders/payment-link";
import {
  duration,
  limitSetting,
  optionalText,
  origin,
  redisUrl,
  secretText,
  wholeNumber,
} from "./setting-values";
import type { SettingName } from "./settings";

/** Both this schema and the settings list name every variable, checked by `satisfies`. */
export const environmentSchema = z.object({
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
      .pipe(
        z
          .array(origin)
          .min(1, "must name at least one origin, like https://shop.example")
          .refine(
            (origins) => !origins.some((entry) => entry.includes("*")),
            "must name each origin in full: a wildcard such as https://*.shop.example matches nothing",
          ),
      )
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
  KIOSK_REDIS_URL: optionalText.pipe(redisUrl.optional()),
  KIOSK_REDIS_REPLICAS: wholeNumber(0, 10, " of replicas"),
  KIOSK_TRUSTED_PROXIES: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,2}$/, "must be the number of proxies in front, from 0 to 10")
      .transform(Number)
      .refine((hops) => hops <= 10, "must be the number of proxies in front, from 0 to 10")
      .default(0),
  ),
  KIOSK_LIMIT_REQUESTS: optionalText.pipe(limitSetting),
  KIOSK_LIMIT_COUPON_QUOTES: optionalText.pipe(limitSetting),
  KIOSK_LIMIT_COUPON_FAILURES: optionalText.pipe(limitSetting),
  KIOSK_LIMIT_ORDERS: optionalText.pipe(limitSetting),
  KIOSK_LIMIT_UNKNOWN_PRODUCTS: optionalText.pipe(limitSetting),
  KIOSK_LIMIT_STOREFRONT_QUERIES: optionalText.pipe(limitSetting),
  KIOSK_LIMIT_STREAMS: optionalText.pipe(
    z
      .string()
      .regex(/^(off|[1-9]\d{0,5})$/, "must be off or the number of streams one client may hold")
      .transform((value) => (value === "off" ? null : Number(value)))
      .optional(),
  ),
  KIOSK_LIMIT_INSTANCE_STREAMS: optionalText.pipe(
    z
      .string()
      .regex(
        /^(off|[1-9]\d{0,5})$/,
        "must be off or the number of order streams this instance holds open",
      )
      .transform((value) => (value === "off" ? null : Number(value)))
      .optional(),
  ),
  // Each open order stream reads its order from the platform this often: not in a loop.
  KIOSK_ORDER_POLL: optionalText.pipe(
    duration("must be a duration like 2s or 500ms")
      .refine(
        (ms) => ms >= 100,
        "must be at least 100ms (each open order stream asks the platform)",
      )
      .default(2_000),
  ),
  KIOSK_SHUTDOWN_GRACE: optionalText.pipe(duration("must be a duration like 10s").default(10_000)),
  KIOSK_CHECKOUT_URL: optionalText.pipe(
    z
      .string()
      .refine(
        (value) => httpLink(fillCheckoutTemplate(value, { id: "1" })) !== undefined,
        "must be an http(s) URL; {orderId} and {orderNumber} in it are filled in",
      )
      // Without either, every buyer lands on the same page, which cannot tell their orders apart;
      // a misspelt one ({orderid}) would be sent as written.
      .refine(
        (value) => /\{order(Id|Number)\}/.test(value),
        "must hold {orderId} or {orderNumber} (spelt so), which are filled in for each order",
      )
      .check((context) => {
        const unknown = [...context.value.matchAll(/\{[^}]*\}/g)]
          .map(([token]) => token)
          .find((token) => !/^\{order(Id|Number)\}$/.test(token));
        if (unknown !== undefined) {
          context.issues.push({
            code: "custom",
            input: context.value,
            message: `holds ${unknown}, which nothing fills in: only {orderId} and {orderNumber} are`,
          });
        }
      })
      .optional(),
  ),
  KIOSK_ACCESS_LOG: optionalText.pipe(
    z.enum(accessLogModes, { error: "must be all, errors or off" }).default("all"),
  ),
  KIOSK_SHOP_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL, such as https://shop.example" })
      .optional(),
  ),
} satisfies Record<SettingName, unknown>);

export type Environment = z.output<typeof environmentSchema>;
