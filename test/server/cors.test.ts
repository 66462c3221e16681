import { Hono, type MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { describe, expect, it } from "vitest";
import { cachedCors } from "../../src/server/http/cors";
import { createTestApp } from "../factories/sandbox-app";

const options = {
  origin: (origin: string) => (origin === "https://shop.example" ? origin : null),
  allowMethods: ["GET", "POST", "OPTIONS"],
  allowHeaders: ["Content-Type", "Idempotency-Key"],
  exposeHeaders: ["Retry-After", "ETag"],
  maxAge: 600,
};

/** A small API behind one CORS middleware: plain, varying, failing and immutable responses. */
function apiWith(middleware: MiddlewareHandler): Hono {
  const app = new Hono();
  app.onError(
    () => new Response("failed", { status: 500, headers: { "content-type": "text/plain" } }),
  );
  app.use("/api/*", middleware);
  app.get("/api/plain", (context) => context.json({ ok: true }));
  app.post("/api/plain", (context) => context.json({ ok: true }, 201));
  app.get("/api/varying", (context) =>
    context.body("{}", 200, {
      "content-type": "application/json",
      vary: "Accept-Encoding",
      "access-control-allow-origin": "https://route.example",
    }),
  );
  app.get("/api/failing", () => {
    throw new Error("no");
  });
  // Its headers are immutable, as a response passed through from fetch has.
  app.get("/api/redirect", () => Response.redirect("https://elsewhere.example/", 302));
  return app;
}

const headersOf = (response: Response) => [...response.headers.entries()].sort();
const varyOf = (response: Response) =>
  (response.headers.get("vary") ?? "")
    .split(",")
    .map((name) => name.trim())
    .sort();

describe("cached CORS", () => {
  it("gives every response the headers hono/cors gives it, asked again or not", async () => {
    const reference = apiWith(cors(options));
    const cached = apiWith(cachedCors(options));
    const origins = [undefined, "https://shop.example", "https://evil.example"];
    const requests: [string, RequestInit][] = [
      ["/api/plain", {}],
      ["/api/plain", { method: "POST", body: "{}" }],
      ["/api/varying", {}],
      ["/api/failing", {}],
      ["/api/redirect", {}],
      [
        "/api/plain",
        {
          method: "OPTIONS",
          headers: { "access-control-request-method": "POST" },
        },
      ],
    ];
    for (let round = 0; round < 2; round += 1) {
      for (const origin of origins) {
        for (const [path, init] of requests) {
          const ask = (app: Hono) =>
            app.request(path, {
              ...init,
              headers: { ...(init.headers as object), ...(origin ? { origin } : {}) },
            });
          const [expected, actual] = [await ask(reference), await ask(cached)];
          const what = `${init.method ?? "GET"} ${path} from ${origin}`;
          expect(actual.status, what).toBe(expected.status);
          expect(headersOf(actual), what).toEqual(headersOf(expected));
          expect(await actual.text(), what).toBe(await expected.text());
        }
      }
    }
    // The allowed origin did get its own headers, so the comparison saw them.
    const allowed = await cached.request("/api/varying", {
      headers: { origin: "https://shop.example" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(allowed.headers.get("vary")).toBe("Accept-Encoding, Origin");
  });

  it("keeps CORS, Vary and the exposed headers on the proxy's product reads, 304s and errors", async () => {
    const { app } = createTestApp({
      allowedOrigins: ["https://shop.example"],
      limits: { requests: { max: 4, windowMs: 60_000 } },
    });
    const origin = { origin: "https://shop.example", "accept-encoding": "br" };
    const first = await app.request("/api/products/pro-license", { headers: origin });
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(first.headers.get("access-control-expose-headers")).toBe("Retry-After,ETag,Allow");
    expect(varyOf(first)).toEqual(["Accept-Encoding", "Origin"]);
    const etag = first.headers.get("etag") ?? "";
    const again = await app.request("/api/products/pro-license", {
      headers: { ...origin, "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(varyOf(again)).toEqual(["Accept-Encoding", "Origin"]);
    const missing = await app.request("/api/products/nope", { headers: origin });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const stranger = await app.request("/api/products/pro-license", {
      headers: { origin: "https://evil.example" },
    });
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    expect(varyOf(stranger)).toEqual(["Accept-Encoding", "Origin"]);
    const limited = await app.request("/api/products/pro-license", { headers: origin });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
