import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app";
import { createPlatform as createSellsteinPlatform } from "../../src/server/platforms/sellstein";
import { createCapturingLogger } from "../factories/sandbox-app";
import { sellsteinBusinessId, sellsteinTestKey } from "../platforms/sellstein/harness";

/*
 * What the circuit breaker counts of answers the proxy cannot read: a platform that answers
 * every call in another shape (a KIOSK_API_BASE pointing at another API, a changed field) is
 * unwell, and stops being called; one coupon it cannot read is not (coupon-list-cases.ts).
 */

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

/** A loopback server answering every request with `text` as `type`; counts what it was asked. */
async function answering(type: string, text: string) {
  let asked = 0;
  server = createServer((_request, response) => {
    asked += 1;
    response.writeHead(200, { "content-type": type });
    response.end(text);
  });
  await new Promise<void>((done) => server?.listen(0, "127.0.0.1", () => done()));
  const { port } = server.address() as AddressInfo;
  return { apiBase: `http://127.0.0.1:${port}/v1`, asked: () => asked };
}

describe.each([
  { answer: "an HTML page", type: "text/html", text: "<html><body>Welcome to nginx</body></html>" },
  {
    answer: "JSON of another shape",
    type: "application/json",
    text: JSON.stringify({ message: "Welcome to API v2" }),
  },
])("a platform that answers $answer to every call", ({ type, text }) => {
  it("opens the breaker: it is called no more, and /readyz says so", async () => {
    const upstream = await answering(type, text);
    const logger = createCapturingLogger();
    const platform = createSellsteinPlatform({
      secretKey: sellsteinTestKey,
      storeId: sellsteinBusinessId,
      apiBase: upstream.apiBase,
      logger,
    });
    const app = createApp({ platform, logger, resilience: { freshMs: 0 } });
    for (let page = 0; page < 20; page += 1) {
      expect((await app.request(`/api/products?page=${page + 1}`)).status).toBe(503);
    }
    expect(upstream.asked()).toBeLessThan(20);
    expect(await (await app.request("/readyz")).json()).toMatchObject({
      checks: { platform: "open" },
    });
  });
});
