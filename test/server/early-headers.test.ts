import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { describe, expect, it } from "vitest";
import { accessLog } from "../../src/server/http/access-log";
import { prepareBody, sendPrepared } from "../../src/server/http/prepared-body";
import { silentLogger } from "../../src/server/runtime/logger";
import { createTestApp, demoCatalog } from "../factories/sandbox-app";

/** The demo catalog without pictures: its product bodies are kept, and sent as plain records. */
function keptCatalog() {
  const catalog = demoCatalog();
  for (const product of catalog.products) product.images = [];
  return catalog;
}

describe("headers known before the route answers", () => {
  it("leaves a host's own headers on every answer when the proxy is mounted inside its app", async () => {
    const { app } = createTestApp({
      catalog: keptCatalog(),
      allowedOrigins: ["https://shop.example"],
    });
    // A host's middleware that gives headers through `context.header()` before the route, as
    // `hono/request-id` and `hono/cors` do; only answers Hono makes carry those.
    const host = new Hono();
    host.use(async (context, next) => {
      context.header("x-frame-options", "DENY");
      await next();
    });
    host.route("/", app);
    const headers = { origin: "https://shop.example", "x-request-id": "edge-7" };
    for (const path of [
      "/api/products/pro-license",
      "/api/products?ids=pro-license",
      "/api/store",
    ]) {
      const response = await host.request(path, { headers });
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-request-id")).toBe("edge-7");
      expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    }
  });

  it("names an origin it refused on a cached product read too", async () => {
    const { app, logger } = createTestApp({
      catalog: keptCatalog(),
      allowedOrigins: ["https://shop.example"],
    });
    const allowed = await app.request("/api/products/pro-license", {
      headers: { origin: "https://shop.example" },
    });
    const refused = await app.request("/api/products/pro-license", {
      headers: { origin: "https://elsewhere.example" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(refused.status).toBe(200);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    const named = logger.lines
      .map((line) => JSON.parse(line) as { event: string; origin?: string })
      .filter((line) => line.event === "cors_origin_refused")
      .map((line) => line.origin);
    expect(named).toEqual(["https://elsewhere.example"]);
  });

  it("sends a header named by both the route and a middleware once, the middleware's", async () => {
    const app = new Hono();
    app.use(accessLog(silentLogger));
    app.get("/thing", async (context) =>
      sendPrepared(context, await prepareBody('{"a":1}', "application/json"), {
        headers: { "X-Request-Id": "from-the-route", "Cache-Control": "no-store" },
      }),
    );
    const response = await app.request("/thing", { headers: { "x-request-id": "from-client" } });
    expect(response.headers.get("x-request-id")).toBe("from-client");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("keeps the route's answer whole when no middleware of the proxy came first", async () => {
    const app = new Hono();
    app.use(
      createMiddleware(async (context, next) => {
        context.header("x-powered-by", "host");
        await next();
      }),
    );
    app.use(accessLog(silentLogger));
    app.get("/thing", async (context) =>
      sendPrepared(context, await prepareBody('{"a":1}', "application/json"), {
        headers: { "cache-control": "no-store" },
      }),
    );
    const response = await app.request("/thing");
    expect(response.headers.get("x-powered-by")).toBe("host");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ a: 1 });
  });
});
