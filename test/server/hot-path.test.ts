import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { nodeFiles } from "../../src/server/runtime/node-files";
import { createCapturingLogger, createTestApp, demoCatalog } from "../factories/sandbox-app";

/*
 * @hono/node-server writes a response made from bytes straight to the socket, unless something
 * on the way read its body or rebuilt it: then it becomes a stream that is read back chunk by
 * chunk, which once cost the product reads half their time. The adapter's own mark of a response
 * still as it was made is a symbol named "cache" on it (see its src/response.ts).
 */
const asMade = (response: Response) =>
  Object.getOwnPropertySymbols(response).some((symbol) => symbol.description === "cache");

/**
 * Whether the adapter still holds a response's headers as the plain record they were made from
 * (the third item of its "cache"), which it writes as it is. Once anything sets a header on the
 * response, they become `Headers`, built and then copied out again for every request.
 */
const plainHeaders = (response: Response) => {
  const symbol = Object.getOwnPropertySymbols(response).find((key) => key.description === "cache");
  const made = symbol && (response as unknown as Record<symbol, unknown[]>)[symbol];
  return made !== undefined && made[2] !== undefined && !(made[2] instanceof Headers);
};

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    await new Promise((done) => server.close(done));
  }
});

async function serveObserved(app: ReturnType<typeof createTestApp>["app"]) {
  const seen: Response[] = [];
  const listener = getRequestListener(async (request) => {
    const response = await app.fetch(request);
    seen.push(response);
    return response;
  });
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, seen };
}

describe("the hot path", () => {
  it("hands product reads, batches, 304s and quotes to the adapter as they were made", async () => {
    const { app } = createTestApp({ allowedOrigins: ["https://shop.example"] });
    const { origin, seen } = await serveObserved(app);
    const headers = { "accept-encoding": "gzip, deflate, br", origin: "https://shop.example" };
    const one = await fetch(`${origin}/api/products/pro-license`, { headers });
    expect(one.status).toBe(200);
    expect(one.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const etag = one.headers.get("etag") ?? "";
    const batch = await fetch(`${origin}/api/products?ids=pro-license,tokyo-font`, { headers });
    expect(batch.status).toBe(200);
    const unchanged = await fetch(`${origin}/api/products/pro-license`, {
      headers: { ...headers, "if-none-match": etag },
    });
    expect(unchanged.status).toBe(304);
    const quote = await fetch(`${origin}/api/quote`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ items: [{ productId: "pro-license", quantity: 1 }] }),
    });
    expect(quote.status).toBe(200);
    await Promise.all([one.text(), batch.text(), quote.text()]);
    expect(seen).toHaveLength(4);
    expect(seen.map(asMade)).toEqual([true, true, true, true]);
  });

  it("sends a cached product read with the headers it was made with, the middlewares' in them", async () => {
    // Bodies made per request (a picture's path depends on the URL asked) are left to the
    // compression middleware; these are kept, coded once and sent as they are.
    const catalog = demoCatalog();
    for (const product of catalog.products) product.images = [];
    const { app } = createTestApp({ catalog, allowedOrigins: ["https://shop.example"] });
    const { origin, seen } = await serveObserved(app);
    const headers = {
      "accept-encoding": "gzip, deflate, br",
      origin: "https://shop.example",
      "x-request-id": "load-balancer-1",
    };
    const read = () => fetch(`${origin}/api/products/pro-license`, { headers });
    const four = "pro-license,tokyo-font,setup-call,retro-pack";
    await (await read()).arrayBuffer();
    const one = await read();
    const batch = await fetch(`${origin}/api/products?ids=${four}`, { headers });
    const unchanged = await fetch(`${origin}/api/products/pro-license`, {
      headers: { ...headers, "if-none-match": one.headers.get("etag") ?? "" },
    });
    expect(one.status).toBe(200);
    expect(batch.status).toBe(200);
    // One product is below the size worth coding; four are above it.
    expect(one.headers.get("content-encoding")).toBeNull();
    expect(batch.headers.get("content-encoding")).toBe("gzip");
    expect((await batch.json()).data).toHaveLength(4);
    await one.arrayBuffer();
    expect(unchanged.status).toBe(304);
    for (const response of [one, batch, unchanged]) {
      expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.example");
      expect(response.headers.get("access-control-expose-headers")).toContain("ETag");
      expect(response.headers.get("vary")?.split(", ").sort()).toEqual([
        "Accept-Encoding",
        "Origin",
      ]);
      expect(response.headers.get("x-request-id")).toBe("load-balancer-1");
      expect(response.headers.get("cache-control")).toContain("max-age=");
    }
    expect(seen.slice(1).map(plainHeaders)).toEqual([true, true, true]);
  });

  it("gives a quote the request id, CORS headers and Vary of every API answer", async () => {
    const { app, logger } = createTestApp({ allowedOrigins: ["https://shop.example"] });
    const { origin, seen } = await serveObserved(app);
    const quote = (from: string) =>
      fetch(`${origin}/api/quote`, {
        method: "POST",
        headers: {
          "accept-encoding": "gzip, deflate, br",
          "content-type": "application/json",
          origin: from,
          "x-request-id": "load-balancer-2",
        },
        body: JSON.stringify({ items: [{ productId: "pro-license", quantity: 2 }] }),
      });
    const allowed = await quote("https://shop.example");
    const refused = await quote("https://elsewhere.example");
    for (const response of [allowed, refused]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(response.headers.get("content-encoding")).toBeNull();
      expect(response.headers.get("vary")?.split(", ").sort()).toEqual([
        "Accept-Encoding",
        "Origin",
      ]);
      expect(response.headers.get("x-request-id")).toBe("load-balancer-2");
      expect(response.headers.get("access-control-expose-headers")).toContain("ETag");
      const text = await response.text();
      expect(Number(response.headers.get("content-length"))).toBe(
        new TextEncoder().encode(text).length,
      );
      expect(JSON.parse(text).lines[0].quantity).toBe(2);
    }
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(logger.lines.filter((line) => line.includes("cors_origin_refused"))).toHaveLength(1);
    expect(seen.map(asMade)).toEqual([true, true]);
  });

  it("matches every route with Hono's one-regex router, the demo's and the widget's files in", async () => {
    // Hono tries its RegExpRouter first and falls back to a trie, walked segment by segment, for
    // the whole app as soon as one route is a path that router cannot take.
    const root = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
    const app = createApp({
      platform: createSandboxPlatform(demoCatalog()),
      logger: createCapturingLogger(),
      widgetDir: join(root, "dist"),
      demoDir: root,
      files: nodeFiles,
    });
    const picture = await app.request("/demo/images/cloud-sync.svg");
    expect(picture.status).toBe(200);
    expect(picture.headers.get("content-type")).toBe("image/svg+xml");
    expect((await app.request("/demo/demo.css")).status).toBe(200);
    expect((await app.request("/demo/other/cloud-sync.svg")).status).toBe(404);
    expect((await app.request("/demo/images/catalog.json")).status).toBe(404);
    expect(app.router.name).toBe("SmartRouter + RegExpRouter");
  });
});
