import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app";
import { requestIdOf } from "../../src/server/http/access-log";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { routedFetch } from "../../src/server/routes/reads-first";
import type { KeyValueStore } from "../../src/server/store/key-value-store";
import { createMemoryStore } from "../../src/server/store/memory-store";
import { StoreUnavailableError } from "../../src/server/store/store-unavailable-error";
import { createCapturingLogger, demoCatalog } from "../factories/sandbox-app";

/**
 * The demo catalog with its pictures given as full URLs (bodies kept and answered before the
 * router), but for `retro-pack`, whose picture path makes a body for each request (left to the
 * router), and ten more products for batches; `internal-beta` is hidden.
 */
function catalog() {
  const made = demoCatalog();
  for (const product of made.products) {
    if (product.id !== "retro-pack") {
      product.images = product.images.map((image) => `https://cdn.example${image}`);
    }
  }
  const base = made.products[0];
  if (!base) throw new Error("the demo catalog is empty");
  for (let index = 1; index <= 10; index += 1) {
    made.products.push({ ...base, id: `extra-${index}`, name: `Extra ${index}` });
  }
  return made;
}

/**
 * One moment for both proxies of a comparison, their stores' and read caches' clocks: a limit's
 * `Retry-After` counts down from when each counter began, which a slow machine would set apart.
 */
const startedAt = Date.now();
const clock = () => startedAt;

/** One proxy as a test sees it: the app, its log lines and its store. */
function proxy(basePath: string, store: KeyValueStore = createMemoryStore({ now: clock })) {
  const logger = createCapturingLogger();
  const app = createApp({
    platform: createSandboxPlatform(catalog()),
    store,
    logger,
    now: clock,
    basePath,
    allowedOrigins: ["https://shop.example"],
    trustedProxies: 1,
    getConnInfo: () => ({ remote: { address: "192.0.2.1" } }),
    // Low enough that the sequence below runs into it for one client, and not for the other.
    limits: { requests: { max: 500, windowMs: 60_000 } },
  });
  return { app, logger, store };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A log line with what differs between two runs of one request (its time, a new id) set aside. */
function comparable(line: string): unknown {
  const fields = JSON.parse(line) as Record<string, unknown>;
  if (typeof fields.durationMs === "number") fields.durationMs = "n";
  if (typeof fields.requestId === "string" && uuid.test(fields.requestId)) fields.requestId = "new";
  return fields;
}

/** An answer, all of it: status, every header (a new request id as such) and the body. */
async function seen(response: Response) {
  const headers = [...response.headers.entries()]
    .map(([name, value]) => [name, name === "x-request-id" && uuid.test(value) ? "new" : value])
    .sort();
  return { status: response.status, headers, body: await response.text() };
}

const twelve = ["pro-license", ...Array.from({ length: 10 }, (_, i) => `extra-${i + 1}`), "nope"];
const paths = [
  "/api/products/pro-license",
  "/api/products/tokyo-font",
  "/api/products/internal-beta",
  "/api/products/nope",
  "/api/products/retro-pack",
  `/api/products/${"x".repeat(129)}`,
  "/api/products/pro%2Dlicense",
  "/api/products/pro-license/",
  "/api/products/pro-license?fields=all",
  `/api/products?ids=${twelve.join(",")}`,
  "/api/products?ids=pro-license,internal-beta,nope",
  "/api/products?ids=pro-license, tokyo-font ,pro-license",
  "/api/products?ids=retro-pack,pro-license",
  "/api/products?ids=",
  "/api/products?ids=,",
  `/api/products?ids=${Array.from({ length: 101 }, (_, i) => `p${i}`).join(",")}`,
  "/api/products?ids=pro-license&ids=tokyo-font",
  "/api/products?ids=pro-license&page=2",
  "/api/products?ids=pro%2Dlicense",
  "/api/products?ids=+pro-license",
  "/api/products?page=1",
];
const headerSets: Record<string, string>[] = [
  {},
  { "accept-encoding": "gzip, deflate, br" },
  { "accept-encoding": "gzip", origin: "https://shop.example" },
  { "accept-encoding": "br;q=0, gzip;q=0", origin: "https://evil.example" },
  { "accept-encoding": "*", origin: "null", "x-request-id": "edge-1" },
  { "x-request-id": "not a sane id!", "x-forwarded-for": "203.0.113.9" },
];

describe("product reads answered before the router", () => {
  for (const basePath of ["", "/shop"]) {
    it(`answer as the router does, and count and log the same (${basePath || "at the root"})`, async () => {
      const first = proxy(basePath);
      const routed = proxy(basePath);
      const router = routedFetch(routed.app);
      if (!router) throw new Error("no router kept for the app");
      const answeredFirst = new Set<string>();
      const tags = new Map<string, string>();
      // Three times over: the first fills the read cache, the third revalidates with tags and
      // runs into the request limit.
      for (let round = 0; round < 3; round += 1) {
        for (const path of paths) {
          for (const [index, headers] of headerSets.entries()) {
            for (const method of ["GET", "HEAD"]) {
              const what = `${method} ${path} with ${JSON.stringify(headers)}, round ${round}`;
              const tag = round === 2 ? tags.get(`${path} ${index}`) : undefined;
              const init = {
                method,
                headers: { ...headers, ...(tag ? { "if-none-match": tag } : {}) },
              };
              const url = `http://proxy.test${basePath}${path}`;
              const request = new Request(url, init);
              const answer = await seen(await first.app.fetch(request));
              if (requestIdOf(request) === undefined) answeredFirst.add(what);
              const expected = await seen(await router(new Request(url, init)));
              expect(answer, what).toEqual(expected);
              const etag = answer.headers.find(([name]) => name === "etag")?.[1];
              if (etag && round === 0) tags.set(`${path} ${index}`, etag);
            }
          }
        }
      }
      expect(first.logger.lines.map(comparable)).toEqual(routed.logger.lines.map(comparable));
      for (const client of ["192.0.2.1", "203.0.113.9"]) {
        const key = `limit:requests:${client}`;
        const [ours, theirs] = await Promise.all(
          [first.store, routed.store].map((store) => store.addToCounter(key, 0, 60_000)),
        );
        expect(ours?.count, client).toBe(theirs?.count);
      }
      // The cached reads of kept bodies went the short way; reads needing the platform, bodies
      // made per request, anything encoded or written oddly and every HEAD went the router's.
      const short = [...answeredFirst];
      expect(short.length).toBeGreaterThan(20);
      expect(short.every((what) => what.startsWith("GET "))).toBe(true);
      expect(
        short.some((what) => /retro-pack|%|page=|ids=\+|ids=,| ids=pro-license&/.test(what)),
      ).toBe(false);
      for (const what of [
        "GET /api/products/pro-license with {}, round 1",
        'GET /api/products/pro-license with {"accept-encoding":"gzip","origin":"https://shop.example"}, round 1',
        'GET /api/products/pro-license with {"accept-encoding":"br;q=0, gzip;q=0","origin":"https://evil.example"}, round 1',
        `GET /api/products?ids=${twelve.join(",")} with {"accept-encoding":"gzip, deflate, br"}, round 1`,
        // Revalidated: a 304.
        "GET /api/products/tokyo-font with {}, round 2",
      ]) {
        expect(short, what).toContain(what);
      }
      expect(short).not.toContain("GET /api/products/pro-license with {}, round 0");
      // The limit was reached, and its 429s answered alike.
      expect(first.logger.lines.some((line) => line.includes('"status":429'))).toBe(true);
    });
  }

  it("answers a read the store cannot count as the router does: served, and said", async () => {
    // A memory store that stops counting when told to, as a Redis that went away does.
    const failing = (down: { now: boolean }): KeyValueStore => {
      const memory = createMemoryStore({ now: clock });
      return {
        ...memory,
        addToCounter: (...args) =>
          down.now
            ? Promise.reject(new StoreUnavailableError("the store is down"))
            : memory.addToCounter(...args),
      };
    };
    const down = { now: false };
    const first = proxy("", failing(down));
    const routed = proxy("", failing(down));
    const router = routedFetch(routed.app);
    if (!router) throw new Error("no router kept for the app");
    const url = "http://proxy.test/api/products/pro-license";
    const init = { headers: { origin: "https://shop.example", "x-request-id": "edge-2" } };
    await first.app.fetch(new Request(url, init));
    await router(new Request(url, init));
    down.now = true;
    const request = new Request(url, init);
    const answer = await seen(await first.app.fetch(request));
    expect(answer.status).toBe(200);
    expect(requestIdOf(request)).toBeUndefined();
    expect(answer).toEqual(await seen(await router(new Request(url, init))));
    expect(first.logger.lines.map(comparable)).toEqual(routed.logger.lines.map(comparable));
    expect(first.logger.lines.join("\n")).toContain("rate_limit_skipped");
  });
});
