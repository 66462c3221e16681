import { Hono } from "hono";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { problemSchema, quoteSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { clientAddress, normalizeAddress } from "../../src/server/http/client-address";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { loadConfig } from "../../src/server/runtime/config";
import { silentLogger } from "../../src/server/runtime/logger";
import { type RunningServer, startServer } from "../../src/server/runtime/serve";
import { createCapturingLogger, demoCatalog, newKey } from "../factories/sandbox-app";

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The real proxy on loopback, over the sandbox, with these settings. */
async function serveWith(env: Record<string, string>): Promise<RunningServer> {
  const server = await startServer(loadConfig({ PORT: "0", ...env }), silentLogger);
  servers.push(server);
  return server;
}

function quoteFrom(server: RunningServer, coupon: string | undefined, forwardedFor?: string) {
  return fetch(`${server.url}/api/quote`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
    },
    body: JSON.stringify({
      items: [{ productId: "pro-license", quantity: 1 }],
      ...(coupon === undefined ? {} : { coupon }),
    }),
  });
}

async function expectTooMany(response: Response, windowSeconds: number) {
  expect(response.status).toBe(429);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(problemSchema.parse(await response.json()).type).toBe("rate_limited");
}

/** `POST /api/orders` for one license key, as a buyer sends it; `body` changes what it says. */
function orderFrom(server: RunningServer, key = newKey(), body: Record<string, unknown> = {}) {
  return fetch(`${server.url}/api/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({
      items: [{ productId: "pro-license", quantity: 1 }],
      email: "buyer@example.com",
      ...body,
    }),
  });
}

/** The event stream's URL of a new order, with its token. */
async function newOrderEvents(server: RunningServer): Promise<string> {
  const created = (await (await orderFrom(server)).json()) as { id: string; token: string };
  return `${server.url}/api/orders/${created.id}/events?token=${created.token}`;
}

describe("coupon guessing", () => {
  it("gets 429 with Retry-After after the configured failures, while another client is unaffected", async () => {
    const server = await serveWith({
      KIOSK_TRUSTED_PROXIES: "1",
      KIOSK_LIMIT_COUPON_FAILURES: "3/10m",
    });
    const guesser = "203.0.113.7";
    for (const guess of ["AAAA1", "AAAA2", "AAAA3"]) {
      const response = await quoteFrom(server, guess, guesser);
      expect(response.status).toBe(200);
      expect(quoteSchema.parse(await response.json()).coupon?.valid).toBe(false);
    }
    await expectTooMany(await quoteFrom(server, "AAAA4", guesser), 600);
    // Blocked from coupons only: a real code is refused too, a plain quote is served.
    await expectTooMany(await quoteFrom(server, "WELCOME10", guesser), 600);
    expect((await quoteFrom(server, undefined, guesser)).status).toBe(200);

    const other = await quoteFrom(server, "AAAA5", "198.51.100.4");
    expect(other.status).toBe(200);
    expect(quoteSchema.parse(await other.json()).coupon?.valid).toBe(false);
  });

  it("does not count codes that apply", async () => {
    const server = await serveWith({
      KIOSK_TRUSTED_PROXIES: "1",
      KIOSK_LIMIT_COUPON_FAILURES: "2/10m",
    });
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await quoteFrom(server, "WELCOME10", "203.0.113.8");
      expect(quoteSchema.parse(await response.json()).coupon).toEqual({
        code: "WELCOME10",
        valid: true,
      });
    }
  });

  it("counts parallel guesses before they are checked, so a burst gets no more than the limit", async () => {
    const server = await serveWith({ KIOSK_LIMIT_COUPON_FAILURES: "3/10m" });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) => quoteFrom(server, `BURST${index}`)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(9);
  });

  it("gives rotating X-Forwarded-For values from an untrusted peer one shared bucket", async () => {
    const server = await serveWith({ KIOSK_LIMIT_COUPON_FAILURES: "3/10m" });
    for (let index = 1; index <= 3; index++) {
      expect((await quoteFrom(server, `ROT${index}`, `192.0.2.${index}`)).status).toBe(200);
    }
    await expectTooMany(await quoteFrom(server, "ROT4", "192.0.2.4"), 600);
  });

  it("reads only as many X-Forwarded-For hops as are trusted, so forged entries before them change nothing", async () => {
    const server = await serveWith({
      KIOSK_TRUSTED_PROXIES: "1",
      KIOSK_LIMIT_COUPON_FAILURES: "3/10m",
    });
    for (let index = 1; index <= 3; index++) {
      const forged = `10.0.0.${index}, 203.0.113.9`;
      expect((await quoteFrom(server, `HOP${index}`, forged)).status).toBe(200);
    }
    await expectTooMany(await quoteFrom(server, "HOP4", "10.0.0.4, 203.0.113.9"), 600);
  });
});

describe("other limits", () => {
  it("limits orders per client", async () => {
    const server = await serveWith({ KIOSK_LIMIT_ORDERS: "2/1h" });
    const order = () => orderFrom(server);
    expect((await order()).status).toBe(201);
    expect((await order()).status).toBe(201);
    await expectTooMany(await order(), 3600);
  });

  it("answers a retry of an order already placed over the order limit, and refuses a new one", async () => {
    const server = await serveWith({ KIOSK_LIMIT_ORDERS: "1/1h" });
    const order = (key: string, quantity = 1) =>
      orderFrom(server, key, { items: [{ productId: "pro-license", quantity }] });
    const key = newKey();
    const first = await order(key);
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    // The buyer's connection dropped: the same order again is answered, and counts nothing.
    for (let retry = 0; retry < 2; retry++) {
      const again = await order(key);
      expect(again.status).toBe(201);
      expect(((await again.json()) as { id: string }).id).toBe(id);
    }
    // The same key with another body is still a conflict; a new order is over the limit.
    expect((await order(key, 2)).status).toBe(409);
    await expectTooMany(await order(newKey()), 3600);
  });

  it("counts orders sent to the platform, not refused ones or duplicates of one in progress", async () => {
    const server = await serveWith({ KIOSK_LIMIT_ORDERS: "2/1h" });
    const order = (key: string, paymentMethod?: string) =>
      orderFrom(server, key, paymentMethod ? { paymentMethod } : {});
    // Refused when priced (a payment method the store lacks): nothing sent, nothing counted.
    for (let index = 0; index < 3; index++) {
      const refused = await order(newKey(), "no-such-method");
      expect(refused.status).toBe(422);
      await refused.text();
    }
    // A double click's burst of one order: one order sent, one counted, one answer for all.
    const key = newKey();
    const burst = await Promise.all(Array.from({ length: 6 }, () => order(key)));
    expect(burst.map((response) => response.status)).toEqual(burst.map(() => 201));
    const ids = new Set(
      await Promise.all(
        burst.map(async (response) => ((await response.json()) as { id: string }).id),
      ),
    );
    expect(ids.size).toBe(1);
    // So one more order fits the limit of two, and the one after it does not.
    expect((await order(newKey())).status).toBe(201);
    await expectTooMany(await order(newKey()), 3600);
  });

  it("limits API requests in general, but not health checks", async () => {
    const server = await serveWith({ KIOSK_LIMIT_REQUESTS: "3/1m" });
    for (let index = 0; index < 3; index++) {
      expect((await fetch(`${server.url}/api/products/pro-license`)).status).toBe(200);
    }
    await expectTooMany(await fetch(`${server.url}/api/products/pro-license`), 60);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("counts the hosted buy page as the API's reads: a page a request, a made-up id against the unknown ids", async () => {
    const busy = await serveWith({ KIOSK_LIMIT_REQUESTS: "3/1m" });
    for (let index = 0; index < 3; index++) {
      expect((await fetch(`${busy.url}/buy/pro-license`)).status).toBe(200);
    }
    const refused = await fetch(`${busy.url}/buy/pro-license`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("Too many attempts from your connection");
    // Made-up ids, each one the platform would be asked for, are counted as the API counts them.
    const guessed = await serveWith({ KIOSK_LIMIT_UNKNOWN_PRODUCTS: "5/10m" });
    const statuses: number[] = [];
    for (let index = 0; index < 7; index++) {
      statuses.push((await fetch(`${guessed.url}/buy/made-up-${index}`)).status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    expect((await fetch(`${guessed.url}/api/products/made-up-9`)).status).toBe(429);
  });

  it("exempts the webhooks' path alone from the request limit, wherever the proxy is mounted", async () => {
    const limits = { requests: { max: 2, windowMs: 60_000 } };
    const getConnInfo = () => ({ remote: { address: "192.0.2.1" } });
    const platform = createSandboxPlatform(demoCatalog());
    // Mounted under a path that holds the word: the API is limited all the same.
    const mounted = createApp({ platform, basePath: "/webhooks", limits, getConnInfo });
    const store = async () => (await mounted.request("/webhooks/api/store")).status;
    expect([await store(), await store(), await store()]).toEqual([200, 200, 429]);
    // A path of the API that merely holds the word is limited too.
    const plain = createApp({ platform, limits, getConnInfo });
    const stream = async () => (await plain.request("/api/orders/webhooks/events?token=x")).status;
    expect([await stream(), await stream(), await stream()]).toEqual([404, 404, 429]);
    // The platform's deliveries are never counted, under either mount.
    for (const [app, path] of [
      [mounted, "/webhooks/api/webhooks/sandbox"],
      [plain, "/api/webhooks/sandbox"],
    ] as const) {
      for (let index = 0; index < 4; index++) {
        expect((await app.request(path, { method: "POST", body: "{}" })).status).not.toBe(429);
      }
    }
  });

  it("caps the event streams one client holds open, and frees a place when one closes", async () => {
    const server = await serveWith({ KIOSK_LIMIT_STREAMS: "2" });
    const url = await newOrderEvents(server);
    const first = new AbortController();
    const open = [first, new AbortController()];
    for (const controller of open) {
      const response = await fetch(url, { signal: controller.signal });
      expect(response.status).toBe(200);
      await response.body?.getReader().read();
    }
    await expectTooMany(await fetch(url), 30);
    first.abort();
    // The server frees the place once it sees the client go; wait for that, bounded by the test.
    const last = new AbortController();
    open.push(last);
    let again: Response;
    for (;;) {
      again = await fetch(url, { signal: last.signal });
      if (again.status !== 429) break;
      await again.text();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(again.status).toBe(200);
    for (const controller of open) controller.abort();
  });

  it("caps the event streams the instance holds open, every client's together, and frees a place when one closes", async () => {
    // Each stream holds a file descriptor: an instance out of them accepts no connection at all.
    const logger = createCapturingLogger();
    const server = await startServer(
      loadConfig({ PORT: "0", KIOSK_LIMIT_INSTANCE_STREAMS: "2", KIOSK_TRUSTED_PROXIES: "1" }),
      logger,
    );
    servers.push(server);
    const url = await newOrderEvents(server);
    const controllers: AbortController[] = [];
    const streamFrom = (address: string) => {
      const controller = new AbortController();
      controllers.push(controller);
      return fetch(url, { headers: { "x-forwarded-for": address }, signal: controller.signal });
    };
    // Two buyers, each far under their own limit of 20, fill the instance's two places.
    for (const address of ["203.0.113.1", "203.0.113.2"]) {
      const response = await streamFrom(address);
      expect(response.status).toBe(200);
      await response.body?.getReader().read();
    }
    for (const address of ["203.0.113.3", "203.0.113.4"]) {
      const refused = await streamFrom(address);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("30");
      expect(problemSchema.parse(await refused.json()).type).toBe("upstream_unavailable");
    }
    // The widget reads the order instead, which the limit leaves alone.
    const [, id, token] = /orders\/([^/]+)\/events\?token=(.+)$/.exec(url) ?? [];
    const read = await fetch(`${server.url}/api/orders/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.status).toBe(200);
    // Said once, not once a refusal.
    expect(logger.lines.filter((line) => line.includes('"order_streams_full"'))).toEqual([
      JSON.stringify({ level: "warn", event: "order_streams_full", max: 2 }),
    ]);
    controllers[0]?.abort();
    // The server frees the place once it sees the client go; wait for that, bounded by the test.
    let again: Response;
    for (;;) {
      again = await streamFrom("203.0.113.5");
      if (again.status !== 503) break;
      await again.text();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(again.status).toBe(200);
    for (const controller of controllers) controller.abort();
  });

  it("holds no stream open for a HEAD of the event stream, and lets no cache keep the stream", async () => {
    const server = await serveWith({ KIOSK_LIMIT_STREAMS: "1" });
    const url = await newOrderEvents(server);
    for (let index = 0; index < 3; index++) {
      const head = await fetch(url, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-type")).toContain("text/event-stream");
    }
    // With a wrong token, a HEAD is refused as a GET is.
    expect((await fetch(`${url}x`, { method: "HEAD" })).status).toBe(404);
    // The client's one place is free for the stream it reads.
    const reader = new AbortController();
    const stream = await fetch(url, { signal: reader.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("cache-control")).toBe("no-store");
    await stream.body?.getReader().read();
    reader.abort();
  });

  it("can be turned off", () => {
    expect(loadConfig({}).maxOrderStreams).toBeUndefined();
    expect(loadConfig({ KIOSK_LIMIT_INSTANCE_STREAMS: "off" }).maxOrderStreams).toBeNull();
    expect(loadConfig({ KIOSK_LIMIT_INSTANCE_STREAMS: "5000" }).maxOrderStreams).toBe(5_000);
    const config = loadConfig({ KIOSK_LIMIT_ORDERS: "off", KIOSK_LIMIT_STREAMS: "off" });
    expect(config.limits.orders).toBeUndefined();
    expect(config.limits.streams).toBeUndefined();
    expect(config.limits.couponFailures).toEqual({ max: 15, windowMs: 600_000 });
    expect(config.limits.unknownProducts).toEqual({ max: 300, windowMs: 600_000 });
    expect(config.limits.storefrontQueries).toEqual({ max: 1_200, windowMs: 600_000 });
    expect(
      loadConfig({ KIOSK_LIMIT_STOREFRONT_QUERIES: "off" }).limits.storefrontQueries,
    ).toBeUndefined();
    expect(loadConfig({ KIOSK_LIMIT_UNKNOWN_PRODUCTS: "50/1m" }).limits.unknownProducts).toEqual({
      max: 50,
      windowMs: 60_000,
    });
    expect(loadConfig({ KIOSK_LIMIT_UNKNOWN_PRODUCTS: "off" }).limits.unknownProducts).toBe(
      undefined,
    );
  });
});

describe("IPv6 clients", () => {
  it("are limited by their /64, and each /48 by 16 clients' worth: a block's fresh /64s get no fresh limits", async () => {
    const server = await serveWith({ KIOSK_TRUSTED_PROXIES: "1", KIOSK_LIMIT_REQUESTS: "2/1m" });
    const read = (address: string) =>
      fetch(`${server.url}/api/products/pro-license`, { headers: { "x-forwarded-for": address } });
    // Sixteen /64s of one /48 spend their own two requests each: 32, the /48's all.
    for (let net = 1; net <= 16; net += 1) {
      for (const host of ["1", "2"]) {
        expect((await read(`2001:db8:1:${net.toString(16)}::${host}`)).status).toBe(200);
      }
    }
    // Its own third is refused, as before...
    await expectTooMany(await read("2001:db8:1:1::3"), 60);
    // ...and so is a seventeenth /64's first: the /48 has spent its share.
    await expectTooMany(await read("2001:db8:1:11::1"), 60);
    // Another /48, and an IPv4 client, are counted apart.
    expect((await read("2001:db8:2:1::1")).status).toBe(200);
    expect((await read("203.0.113.9")).status).toBe(200);
  });
});

describe("client addresses", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["203.0.113.7:51234", "203.0.113.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["[2001:db8:1:2::9]:443", "2001:db8:1:2::/64"],
    ["2001:DB8:0001:0002::", "2001:db8:1:2::/64"],
    ["::1", "0:0:0:0::/64"],
  ])("counts %s as %s", (address, bucket) => {
    expect(normalizeAddress(address)).toBe(bucket);
  });

  it("takes the peer as the client when no proxy is trusted, whatever the header says", async () => {
    const seen = async (hops: number, peer: string | undefined) => {
      const app = new Hono().get("/", (context) =>
        context.text(
          clientAddress(
            context,
            hops,
            peer === undefined ? undefined : () => ({ remote: { address: peer } }),
          ) ?? "nobody",
        ),
      );
      const response = await app.request("/", {
        headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.5" },
      });
      return response.text();
    };
    expect(await seen(0, "192.0.2.10")).toBe("192.0.2.10");
    expect(await seen(1, "192.0.2.10")).toBe("203.0.113.5");
    expect(await seen(2, "192.0.2.10")).toBe("198.51.100.1");
    // More hops trusted than the header holds: the leftmost entry is the best there is.
    expect(await seen(5, "192.0.2.10")).toBe("198.51.100.1");
    // A runtime that gives no peer: only a trusted proxy's entry can name the client.
    expect(await seen(0, undefined)).toBe("nobody");
    expect(await seen(1, undefined)).toBe("203.0.113.5");
  });

  it("limits nobody it cannot tell apart, rather than every buyer together, and says so once", async () => {
    const logger = createCapturingLogger();
    const app = createApp({
      platform: createSandboxPlatform(demoCatalog()),
      logger,
      limits: { couponFailures: { max: 1, windowMs: 600_000 } },
    });
    for (const code of ["NOPE1", "NOPE2", "NOPE3"]) {
      const response = await app.request("/api/quote", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ items: [{ productId: "pro-license", quantity: 1 }], coupon: code }),
      });
      expect(response.status).toBe(200);
    }
    const warnings = logger.lines.filter((line) => line.includes("client_address_unknown"));
    expect(warnings).toHaveLength(1);
  });
});

afterAll(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
