import { describe, expect, it } from "vitest";
import type { PlatformAdapter } from "../../src/server/platforms/platform";
import { platformAdapters } from "../../src/server/platforms/registry";
import { ConfigError, loadConfig } from "../../src/server/runtime/config";

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("defaults to the sandbox on 127.0.0.1:8787", () => {
    expect(loadConfig({})).toMatchObject({ platform: "sandbox", port: 8787, host: "127.0.0.1" });
  });

  it.each([
    [
      { KIOSK_PLATFORM: "shopify" },
      /^KIOSK_PLATFORM: must be one of sandbox, .*\(got "shopify"\)$/,
    ],
    [{ PORT: "99999" }, /^PORT: must be a port number/],
    [{ PORT: "eighty" }, /^PORT: /],
    [
      { KIOSK_ALLOWED_ORIGINS: "https://shop.example/path" },
      /^KIOSK_ALLOWED_ORIGINS: must be origins/,
    ],
    [{ KIOSK_API_BASE: "ftp://x.example" }, /^KIOSK_API_BASE: must be an http\(s\) URL/],
    [
      { KIOSK_SANDBOX_ORDER_TTL: "0" },
      /^KIOSK_SANDBOX_ORDER_TTL: must be a whole number of seconds/,
    ],
    [{ KIOSK_SANDBOX_ORDER_TTL: "30m" }, /^KIOSK_SANDBOX_ORDER_TTL: must be a whole number/],
    [{ KIOSK_REDIS_URL: "localhost:6379" }, /^KIOSK_REDIS_URL: must be a URL like redis:\/\//],
    [{ KIOSK_LIMIT_ORDERS: "30 per minute" }, /^KIOSK_LIMIT_ORDERS: must be off or a count/],
    [
      { KIOSK_LIMIT_STOREFRONT_QUERIES: "lots" },
      /^KIOSK_LIMIT_STOREFRONT_QUERIES: must be off or a count per duration/,
    ],
    [
      { KIOSK_LIMIT_UNKNOWN_PRODUCTS: "300" },
      /^KIOSK_LIMIT_UNKNOWN_PRODUCTS: must be off or a count per duration.*\(got "300"\)$/,
    ],
    [{ KIOSK_LIMIT_STREAMS: "-1" }, /^KIOSK_LIMIT_STREAMS: must be off or the number/],
    [
      { KIOSK_LIMIT_INSTANCE_STREAMS: "0" },
      /^KIOSK_LIMIT_INSTANCE_STREAMS: must be off or the number of order streams/,
    ],
    [{ KIOSK_TRUSTED_PROXIES: "yes" }, /^KIOSK_TRUSTED_PROXIES: must be the number of proxies/],
    [{ KIOSK_ORDER_POLL: "2" }, /^KIOSK_ORDER_POLL: must be a duration/],
    [{ KIOSK_ACCESS_LOG: "none" }, /^KIOSK_ACCESS_LOG: must be all, errors or off \(got "none"\)$/],
    [
      { KIOSK_CHECKOUT_URL: "javascript:alert({orderId})" },
      /^KIOSK_CHECKOUT_URL: must be an http\(s\) URL; \{orderId\} and \{orderNumber\}/,
    ],
    [{ KIOSK_CHECKOUT_URL: "pay/{orderId}" }, /^KIOSK_CHECKOUT_URL: must be an http\(s\) URL/],
    [
      { KIOSK_SHOP_URL: "javascript:alert(1)" },
      /^KIOSK_SHOP_URL: must be an http\(s\) URL, such as https:\/\/shop\.example \(got "javascript:alert\(1\)"\)$/,
    ],
    [{ KIOSK_SHOP_URL: "shop.example" }, /^KIOSK_SHOP_URL: must be an http\(s\) URL/],
    // A misspelt placeholder is sent as written; none at all sends every buyer to one page.
    [
      { KIOSK_CHECKOUT_URL: "https://shop.example/pay?order={orderid}" },
      /^KIOSK_CHECKOUT_URL: must hold \{orderId\} or \{orderNumber\} \(spelt so\)/,
    ],
    [
      { KIOSK_CHECKOUT_URL: "https://shop.example/pay" },
      /^KIOSK_CHECKOUT_URL: must hold \{orderId\} or \{orderNumber\}/,
    ],
    [
      { KIOSK_CHECKOUT_URL: "https://shop.example/pay?o={orderId}&x={total}" },
      // The one that is wrong is named, not the one that is right.
      /^KIOSK_CHECKOUT_URL: holds \{total\}, which nothing fills in: only \{orderId\} and \{orderNumber\} are/,
    ],
    [
      { KIOSK_ALLOWED_ORIGINS: "https://*.shop.example" },
      /^KIOSK_ALLOWED_ORIGINS: must name each origin in full: a wildcard/,
    ],
    [{ KIOSK_ALLOWED_ORIGINS: "," }, /^KIOSK_ALLOWED_ORIGINS: must name at least one origin/],
    // Past a timer's longest wait (about 24 days) a grace would end at once.
    [
      { KIOSK_SHUTDOWN_GRACE: "1000h" },
      /^KIOSK_SHUTDOWN_GRACE: must be a duration like 10s, up to 596h/,
    ],
    [{ KIOSK_ORDER_POLL: "1000h" }, /^KIOSK_ORDER_POLL: must be a duration .*up to 596h/],
    [
      { KIOSK_LIMIT_REQUESTS: "100/0s" },
      /^KIOSK_LIMIT_REQUESTS: must be off or a count per duration/,
    ],
    [
      { KIOSK_REDIS_URL: "redis://127.0.0.1:6379/abc" },
      /^KIOSK_REDIS_URL: must be a URL like redis:\/\/.*\(the database a number\)/,
    ],
  ])("stops with one line naming the variable: %j", (env, pattern) => {
    const message = errorOf(env);
    expect(message).toMatch(pattern);
    expect(message).not.toContain("\n");
  });

  it("reads how long an unpaid sandbox order holds its stock, 30 min unless set", () => {
    expect(loadConfig({}).sandboxOrderTtlMs).toBe(30 * 60 * 1000);
    expect(loadConfig({ KIOSK_SANDBOX_ORDER_TTL: "90" }).sandboxOrderTtlMs).toBe(90_000);
  });

  it.each(["KIOSK_SECRET_KEY", "KIOSK_WEBHOOK_SECRET"])(
    "refuses a %s of two lines without echoing either",
    (variable) => {
      const message = errorOf({
        KIOSK_PLATFORM: "sellvy",
        KIOSK_SECRET_KEY: "sk_test_abcdef123456",
        [variable]: "sk_test_firstline111\nsk_test_secondline222",
      });
      expect(message).toBe(`${variable}: must be one line without control characters`);
      expect(message).not.toMatch(/firstline111|secondline222/);
    },
  );

  it("refuses a whsec_ webhook secret that is not base64 after its prefix: nothing would verify", () => {
    const settings = {
      KIOSK_PLATFORM: "sx",
      KIOSK_SECRET_KEY: "sx_test_abcdef123456",
      KIOSK_API_BASE: "https://api.sx.example/v1",
    };
    for (const secret of ["whsec_c2VjcmV0*", "whsec_"]) {
      const message = errorOf({ ...settings, KIOSK_WEBHOOK_SECRET: secret });
      expect(message).toMatch(/^KIOSK_WEBHOOK_SECRET: .*base64/);
      expect(message).not.toContain("c2VjcmV0");
    }
    const good = loadConfig({ ...settings, KIOSK_WEBHOOK_SECRET: "whsec_c2VjcmV0" });
    expect(good.upstream?.webhookSecret).toBe("whsec_c2VjcmV0");
    // A platform that signs with the secret's text as it is takes any text.
    const hex = loadConfig({
      KIOSK_PLATFORM: "sellstein",
      KIOSK_SECRET_KEY: "sk_test_abcdef123456",
      KIOSK_STORE_ID: "biz_abc123",
      KIOSK_WEBHOOK_SECRET: "whsec_sellstein_not*base64",
    });
    expect(hex.upstream?.webhookSecret).toBe("whsec_sellstein_not*base64");
  });

  it("never echoes a secret while naming another variable's value", () => {
    const message = errorOf({
      PORT: "eighty",
      KIOSK_SECRET_KEY: "sk_test_abcdef123456",
      KIOSK_WEBHOOK_SECRET: "whsec_abcdef123456",
    });
    expect(message).toMatch(/^PORT: .*\(got "eighty"\)$/);
    expect(message).not.toMatch(/abcdef123456/);
  });

  it("never echoes a Redis URL, which may hold a password", () => {
    expect(errorOf({ KIOSK_REDIS_URL: "http://:pa55word@redis.internal:6379" })).not.toContain(
      "pa55word",
    );
  });

  it("reads Redis, proxies in front and limits", () => {
    const config = loadConfig({
      KIOSK_REDIS_URL: "rediss://:pw@redis.internal:6380/2",
      KIOSK_TRUSTED_PROXIES: "1",
      KIOSK_LIMIT_COUPON_FAILURES: "5/15m",
      KIOSK_LIMIT_REQUESTS: "off",
      KIOSK_ORDER_POLL: "5s",
    });
    expect(config.redisUrl).toBe("rediss://:pw@redis.internal:6380/2");
    expect(config.trustedProxies).toBe(1);
    expect(config.limits.couponFailures).toEqual({ max: 5, windowMs: 900_000 });
    expect(config.limits.requests).toBeUndefined();
    expect(config.limits.orders).toEqual({ max: 30, windowMs: 600_000 });
    expect(config.orderPollMs).toBe(5_000);
    expect(loadConfig({}).redisUrl).toBeUndefined();
  });

  it("reads a Redis URL with or without its database", () => {
    for (const url of [
      "redis://127.0.0.1:6379",
      "redis://127.0.0.1:6379/",
      "rediss://:pw@r.example:6380/2",
    ]) {
      expect(loadConfig({ KIOSK_REDIS_URL: url }).redisUrl).toBe(url);
    }
    expect(loadConfig({ KIOSK_SHUTDOWN_GRACE: "596h" }).shutdownGraceMs).toBe(596 * 3_600_000);
  });

  it("reads a checkout URL template", () => {
    const template = "https://shop.example/pay?order={orderId}&invoice={orderNumber}";
    expect(loadConfig({ KIOSK_CHECKOUT_URL: template }).checkoutUrl).toBe(template);
    expect(loadConfig({ KIOSK_SHOP_URL: "https://shop.example/tools" }).shopUrl).toBe(
      "https://shop.example/tools",
    );
    expect(loadConfig({}).shopUrl).toBeUndefined();
  });

  it("reads which requests the access log writes", () => {
    expect(loadConfig({}).accessLog).toBe("all");
    for (const mode of ["all", "errors", "off"]) {
      expect(loadConfig({ KIOSK_ACCESS_LOG: mode }).accessLog).toBe(mode);
    }
  });

  it("reads the allowed origins as a list", () => {
    expect(
      loadConfig({ KIOSK_ALLOWED_ORIGINS: "https://a.example, https://b.example:8443" })
        .allowedOrigins,
    ).toEqual(["https://a.example", "https://b.example:8443"]);
  });
});

describe("loadConfig checks each adapter's declared needs, and only there", () => {
  const adapters = Object.values(platformAdapters);
  const keyOf = (adapter: PlatformAdapter) =>
    `${adapter.keyFormat?.live ?? adapter.keyFormat?.test ?? ""}abc123`;
  const complete = (adapter: PlatformAdapter) => ({
    KIOSK_PLATFORM: adapter.id,
    KIOSK_SECRET_KEY: keyOf(adapter),
    KIOSK_STORE_ID: "store_1",
    KIOSK_API_BASE: "https://api.example/v1",
  });

  it.each(adapters.map((adapter) => [adapter.id, adapter] as const))(
    "%s: starts with what it declares, and names the first missing variable",
    (_id, adapter) => {
      expect(loadConfig(complete(adapter)).upstream).toEqual({
        secretKey: keyOf(adapter),
        storeId: "store_1",
        apiBase: "https://api.example/v1",
      });
      const { KIOSK_SECRET_KEY: _key, ...noKey } = complete(adapter);
      expect(errorOf(noKey)).toBe(`KIOSK_SECRET_KEY: is required for KIOSK_PLATFORM=${adapter.id}`);
      const { KIOSK_STORE_ID: _store, ...noStore } = complete(adapter);
      if (adapter.storeId?.required) expect(errorOf(noStore)).toMatch(/^KIOSK_STORE_ID: /);
      else expect(loadConfig(noStore).upstream?.storeId).toBeUndefined();
      const { KIOSK_API_BASE: _base, ...noBase } = complete(adapter);
      if (adapter.defaultApiBase) {
        expect(loadConfig(noBase).upstream?.apiBase).toBe(adapter.defaultApiBase);
      } else {
        expect(errorOf(noBase)).toMatch(/^KIOSK_API_BASE: is required/);
      }
      const wrongKey = { ...complete(adapter), KIOSK_SECRET_KEY: "pk_other_abcdef" };
      if (adapter.keyFormat?.strict) {
        const message = errorOf(wrongKey);
        expect(message).toMatch(/^KIOSK_SECRET_KEY: must start with /);
        expect(message).not.toContain("pk_other_abcdef");
      } else {
        expect(loadConfig(wrongKey).upstream?.secretKey).toBe("pk_other_abcdef");
      }
    },
  );

  it("declares what the platforms' documents say", () => {
    const declared = Object.fromEntries(
      adapters.map((adapter) => [
        adapter.id,
        [adapter.storeId?.required ?? false, adapter.defaultApiBase, adapter.keyFormat?.strict],
      ]),
    );
    expect(declared).toEqual({
      sellstein: [true, "https://api.sellstein.com", true],
      sellsn: [true, "https://api.sellsn.io", undefined],
      sellvy: [false, "https://api.sellvy.io/v1", false],
      sx: [false, undefined, true],
      astrosell: [false, "https://api.astrosell.io/api/v1", false],
    });
  });

  it("leaves the sandbox without upstream settings", () => {
    expect(loadConfig({ KIOSK_SANDBOX_CATALOG: "shop.json" }).upstream).toBeUndefined();
  });

  it("refuses a platform's settings on the sandbox: a forgotten KIOSK_PLATFORM would open the demo shop", () => {
    for (const name of [
      "KIOSK_SECRET_KEY",
      "KIOSK_STORE_ID",
      "KIOSK_API_BASE",
      "KIOSK_WEBHOOK_SECRET",
    ]) {
      const value = name === "KIOSK_API_BASE" ? "https://api.example/abcdef" : "sk_live_abcdef1";
      const message = errorOf({ [name]: value });
      expect(message).toMatch(new RegExp(`^${name}: .*KIOSK_PLATFORM is sandbox`));
      expect(message).not.toContain("abcdef");
      expect(errorOf({ KIOSK_PLATFORM: "sandbox", [name]: "https://api.example" })).toMatch(
        new RegExp(`^${name}: `),
      );
    }
    // Set empty, as a starter .env leaves them, they are unset.
    expect(loadConfig({ KIOSK_SECRET_KEY: "", KIOSK_STORE_ID: "" }).platform).toBe("sandbox");
  });

  it("refuses to send the secret key over plain http, but to a platform on this machine", () => {
    const sellvy = { KIOSK_PLATFORM: "sellvy", KIOSK_SECRET_KEY: "sk_live_abcdef123456" };
    expect(errorOf({ ...sellvy, KIOSK_API_BASE: "http://api.sellvy.example/v1" })).toBe(
      "KIOSK_API_BASE: must be https (the secret key goes with every request); http only for localhost",
    );
    for (const local of [
      "http://127.0.0.1:9000",
      "http://localhost:8080/v1",
      "http://[::1]:3000",
    ]) {
      expect(loadConfig({ ...sellvy, KIOSK_API_BASE: local }).upstream?.apiBase).toBe(local);
    }
  });

  it("polls an order no faster than every 100ms", () => {
    expect(errorOf({ KIOSK_ORDER_POLL: "1ms" })).toMatch(
      /^KIOSK_ORDER_POLL: must be at least 100ms/,
    );
    expect(loadConfig({ KIOSK_ORDER_POLL: "100ms" }).orderPollMs).toBe(100);
  });

  it("refuses a webhook secret on a platform that documents no webhooks: it would verify nothing", () => {
    const message = errorOf({
      KIOSK_PLATFORM: "astrosell",
      KIOSK_SECRET_KEY: "key_abcdef123456",
      KIOSK_WEBHOOK_SECRET: "whsec_c2VjcmV0",
    });
    expect(message).toMatch(/^KIOSK_WEBHOOK_SECRET: .*no webhooks/);
    expect(message).not.toContain("c2VjcmV0");
  });
});
