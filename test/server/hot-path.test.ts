import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { createTestApp } from "../factories/sandbox-app";

/*
 * @hono/node-server writes a response made from bytes straight to the socket, unless something
 * on the way read its body or rebuilt it: then it becomes a stream that is read back chunk by
 * chunk, which once cost the product reads half their time. The adapter's own mark of a response
 * still as it was made is a symbol named "cache" on it (see its src/response.ts).
 */
const asMade = (response: Response) =>
  Object.getOwnPropertySymbols(response).some((symbol) => symbol.description === "cache");

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
});
