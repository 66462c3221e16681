import { describe, expect, it } from "vitest";
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
  ])("stops with one line naming the variable: %j", (env, pattern) => {
    const message = errorOf(env);
    expect(message).toMatch(pattern);
    expect(message).not.toContain("\n");
  });

  it("reads how long an unpaid sandbox order holds its stock, 30 min unless set", () => {
    expect(loadConfig({}).sandboxOrderTtlMs).toBe(30 * 60 * 1000);
    expect(loadConfig({ KIOSK_SANDBOX_ORDER_TTL: "90" }).sandboxOrderTtlMs).toBe(90_000);
  });

  it("never echoes a secret in its message", () => {
    expect(
      errorOf({ KIOSK_PLATFORM: "nope", KIOSK_SECRET_KEY: "sk_test_abcdef123456" }),
    ).not.toContain("sk_test_abcdef123456");
  });

  it("reads the allowed origins as a list", () => {
    expect(
      loadConfig({ KIOSK_ALLOWED_ORIGINS: "https://a.example, https://b.example:8443" })
        .allowedOrigins,
    ).toEqual(["https://a.example", "https://b.example:8443"]);
  });
});
