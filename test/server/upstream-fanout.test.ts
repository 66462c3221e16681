import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { problemSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import type { RateLimits } from "../../src/server/http/rate-limits";
import type { SellerPlatform } from "../../src/server/platforms/platform";
import type { ResilienceSettings } from "../../src/server/platforms/resilience";
import { createCapturingLogger } from "../factories/sandbox-app";
import { startAstrosell } from "../platforms/astrosell/harness";
import { sellsnIds } from "../platforms/sellsn/fake-data";
import { startSellsn } from "../platforms/sellsn/harness";
import { sellsteinBusinessId, startSellstein } from "../platforms/sellstein/harness";

/*
 * What cheap public reads make the platform do: the proxy over real fake platforms on loopback,
 * with every upstream request counted at the fake.
 */

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** The client is named by a test header, so one test can be several clients. */
const clientHeader = "x-test-client";
const getConnInfo = (context: Context) => ({
  remote: { address: context.req.header(clientHeader) ?? "198.51.100.1" },
});

interface ProxyOptions {
  limits?: Partial<RateLimits>;
  resilience?: Partial<ResilienceSettings>;
}

const appOver = (platform: SellerPlatform, options: ProxyOptions) =>
  createApp({
    platform,
    logger: createCapturingLogger(),
    getConnInfo,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.resilience ? { resilience: options.resilience } : {}),
  });

function proxy(platform: SellerPlatform, options: ProxyOptions = {}) {
  const app = appOver(platform, options);
  return (path: string, client = "198.51.100.1") =>
    app.request(`/api${path}`, { headers: { [clientHeader]: client } });
}

/** Posts JSON to the proxy as `client`, with an `Idempotency-Key` when one is given. */
function poster(platform: SellerPlatform, options: ProxyOptions = {}) {
  const app = appOver(platform, options);
  return (path: string, body: unknown, client: string, key?: string) =>
    app.request(`/api${path}`, {
      method: "POST",
      headers: {
        [clientHeader]: client,
        "content-type": "application/json",
        ...(key === undefined ? {} : { "idempotency-key": key }),
      },
      body: JSON.stringify(body),
    });
}

const unknownUuids = (count: number) => Array.from({ length: count }, () => randomUUID());

describe("unknown product ids", () => {
  it("a batch of unknown ids asked again costs the platform nothing more", async () => {
    const { fake, platform } = await startSellsn();
    closers.push(() => fake.close());
    const call = proxy(platform);
    const batch = `/products?ids=${unknownUuids(100).join(",")}`;

    const first = await call(batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ data: [] });
    const firstRound = fake.requests.length;
    expect(firstRound).toBeGreaterThan(0);

    for (let again = 0; again < 3; again += 1) expect((await call(batch)).status).toBe(200);
    expect(fake.requests.length).toBe(firstRound);
  });

  it("concurrent reads of one unknown id share one lookup", async () => {
    // The stock listing every lookup reads is shared for a while: kept longer than this test.
    const { fake, platform } = await startSellsn({}, undefined, { lookupListingMs: 60_000 });
    closers.push(() => fake.close());
    const call = proxy(platform);
    const [first, alone, shared] = unknownUuids(3);
    expect((await call(`/products/${first}`)).status).toBe(404);

    const before = fake.requests.length;
    expect((await call(`/products/${alone}`)).status).toBe(404);
    const oneLookup = fake.requests.length - before;
    expect(oneLookup).toBeGreaterThan(0);

    const answers = await Promise.all(Array.from({ length: 8 }, () => call(`/products/${shared}`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(404));
    expect(fake.requests.length - before).toBe(2 * oneLookup);
  });

  it("unknown ids never push the shop's own products out of the cache", async () => {
    const { fake, platform } = await startSellsn();
    closers.push(() => fake.close());
    const call = proxy(platform, { resilience: { maxEntries: 20 } });
    const cards = `/products?ids=${sellsnIds.windowsKey},${sellsnIds.spotify},${sellsnIds.iconPack}`;
    expect((await call(cards)).status).toBe(200);
    const warmed = fake.requests.length;

    // Many more unknown ids than the cache holds, from many clients.
    for (let round = 0; round < 10; round += 1) {
      const read = await call(`/products?ids=${unknownUuids(5).join(",")}`, `192.0.2.${round}`);
      expect(read.status).toBe(200);
    }
    const guessed = fake.requests.length;
    expect(guessed).toBeGreaterThan(warmed);

    const again = await call(cards);
    expect(((await again.json()) as { data: unknown[] }).data).toHaveLength(3);
    expect(fake.requests.length).toBe(guessed);
  });

  it("a platform's not-found never opens the circuit breaker", async () => {
    const { fake, platform } = await startSellsn();
    closers.push(() => fake.close());
    const call = proxy(platform, { resilience: { breakerFailures: 2 } });

    // Every call of these reads is answered 404 by the platform, the stock listing included.
    for (const id of unknownUuids(6)) {
      fake.failNext(10, 404);
      expect((await call(`/products/${id}`)).status).toBeLessThan(500);
    }
    fake.failNext(0, 404);
    const served = await call(`/products/${sellsnIds.windowsKey}`);
    expect(served.status).toBe(200);
  });
});

describe("platforms whose lookup lists the catalog", () => {
  it("SellStein: many unknown ids looked up one by one share one listing of the catalog", async () => {
    // A small page size makes the catalog several pages long, as a real one is.
    const { fake, platform } = await startSellstein({ pageSizeCap: 2 }, undefined, {
      // Longer than this test can take on a loaded machine: the reuse itself is what is tested.
      lookupListingMs: 60_000,
    });
    closers.push(() => fake.close());
    const call = proxy(platform);
    const listings = () =>
      fake.requests.filter(
        (request) => request.path === `/business/${sellsteinBusinessId}/products`,
      ).length;

    // One listing: the pages of a lookup that finds nothing.
    expect((await call("/products/prod_unknown0")).status).toBe(404);
    const pages = listings();
    expect(pages).toBeGreaterThan(1);

    const concurrent = Array.from({ length: 20 }, (_, index) => `prod_unknownA${index}`);
    const answers = await Promise.all(concurrent.map((id) => call(`/products/${id}`)));
    expect(answers.every((answer) => answer.status === 404)).toBe(true);
    for (let index = 0; index < 10; index += 1) {
      expect((await call(`/products/prod_unknownB${index}`)).status).toBe(404);
    }
    expect((await call(`/products?ids=${concurrent.map((id) => `${id}x`).join(",")}`)).status).toBe(
      200,
    );
    expect(listings()).toBe(pages);
  });

  it("AstroSell: concurrent and recent lookups of unknown ids share one list", async () => {
    const { fake, harness } = await startAstrosell({ tuning: { lookupListingMs: 60_000 } });
    closers.push(() => fake.close());
    const call = proxy(harness.platform);
    const lists = () => fake.requests.filter((request) => request.path === "/api/v1/products");

    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => call(`/products/unknown-${index}`)),
    );
    expect(answers.every((answer) => answer.status === 404)).toBe(true);
    expect((await call("/products/unknown-later")).status).toBe(404);
    expect(lists()).toHaveLength(1);
  });
});

/** A 429 problem+json of the limit `detail` names; `retryAfter`: its `Retry-After` is checked too. */
async function expectRefusedBy(refused: Response, detail: RegExp, retryAfter = true) {
  expect(refused.status).toBe(429);
  expect(refused.headers.get("content-type")).toContain("application/problem+json");
  if (retryAfter) expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  const problem = problemSchema.parse(await refused.json());
  expect(problem.type).toBe("rate_limited");
  expect(problem.detail ?? "").toMatch(detail);
}

describe("the work one client can make the platform do", () => {
  it("a client over KIOSK_LIMIT_UNKNOWN_PRODUCTS gets 429 before the platform is asked; another is served", async () => {
    const { fake, platform } = await startSellsn();
    closers.push(() => fake.close());
    const call = proxy(platform, {
      limits: { unknownProducts: { max: 150, windowMs: 600_000 } },
    });
    const guesser = "203.0.113.7";
    const batch = (ids: readonly string[]) => `/products?ids=${ids.join(",")}`;

    const firstIds = unknownUuids(100);
    expect((await call(batch(firstIds), guesser)).status).toBe(200);
    const before = fake.requests.length;

    await expectRefusedBy(await call(batch(unknownUuids(100)), guesser), /unknown product ids/);
    expect(fake.requests.length).toBe(before);

    // What is cached asks the platform nothing, so it is still served to the guesser.
    expect((await call(batch(firstIds), guesser)).status).toBe(200);

    const other = await call(batch([sellsnIds.windowsKey, ...unknownUuids(99)]), "192.0.2.55");
    expect(other.status).toBe(200);
    expect(((await other.json()) as { data: { id: string }[] }).data.map((p) => p.id)).toEqual([
      sellsnIds.windowsKey,
    ]);
  });

  it("products the platform has are not held against the client", async () => {
    const { fake, platform } = await startSellsn();
    closers.push(() => fake.close());
    const call = proxy(platform, {
      limits: { unknownProducts: { max: 2, windowMs: 600_000 } },
      // Every read asks the platform again.
      resilience: { freshMs: 0, staleWhileRevalidateMs: 0 },
    });
    for (let round = 0; round < 5; round += 1) {
      const read = await call(`/products?ids=${sellsnIds.windowsKey},${sellsnIds.spotify}`);
      expect(read.status).toBe(200);
    }
    expect((await call(`/products/${randomUUID()}`)).status).toBe(404);
  });

  it("a client over KIOSK_LIMIT_STOREFRONT_QUERIES gets 429 before the platform is asked; cached pages and other clients are served", async () => {
    // SellStein searches upstream: every search no cache holds is a platform call.
    const { fake, platform } = await startSellstein();
    closers.push(() => fake.close());
    const call = proxy(platform, {
      limits: { storefrontQueries: { max: 3, windowMs: 600_000 } },
    });
    const searcher = "203.0.113.8";
    for (const search of ["aa", "bb", "cc"]) {
      expect((await call(`/products?search=${search}`, searcher)).status).toBe(200);
    }
    const before = fake.requests.length;
    expect(before).toBe(3);

    await expectRefusedBy(
      await call("/products?search=dd", searcher),
      /storefront searches and pages/,
      false,
    );
    expect(fake.requests.length).toBe(before);

    expect((await call("/products?search=aa", searcher)).status).toBe(200);
    expect((await call("/products?search=dd", "192.0.2.56")).status).toBe(200);
    expect(fake.requests.length).toBe(before + 1);
  });
});

describe("the work one client's quotes and orders can make the platform do", () => {
  const lines = (ids: readonly string[]) => ids.map((productId) => ({ productId, quantity: 1 }));
  const expectUnknownLimit = (refused: Response) => expectRefusedBy(refused, /unknown product ids/);

  it("quotes of unknown ids count against KIOSK_LIMIT_UNKNOWN_PRODUCTS; cached products still quote; another client is served", async () => {
    const { fake, platform } = await startSellsn();
    closers.push(() => fake.close());
    const post = poster(platform, { limits: { unknownProducts: { max: 20, windowMs: 600_000 } } });
    const guesser = "203.0.113.7";
    const quote = (ids: readonly string[], client = guesser) =>
      post("/quote", { items: lines(ids) }, client);

    // A product the platform has is looked up, given back, and cached.
    expect((await quote([sellsnIds.windowsKey])).status).toBe(200);
    for (let round = 0; round < 2; round += 1) {
      expect((await quote(unknownUuids(10))).status).toBe(422);
    }
    const before = fake.requests.length;
    for (let round = 0; round < 3; round += 1)
      await expectUnknownLimit(await quote(unknownUuids(10)));
    await expectUnknownLimit(await quote([sellsnIds.windowsKey, randomUUID()]));
    expect(fake.requests.length).toBe(before);

    // What is cached asks the platform nothing, so the guesser can still buy it.
    const cached = await quote([sellsnIds.windowsKey]);
    expect(cached.status).toBe(200);
    expect(fake.requests.length).toBe(before);

    const other = "192.0.2.55";
    expect((await quote(unknownUuids(10), other)).status).toBe(422);
    expect((await quote([sellsnIds.spotify], other)).status).toBe(200);
    expect(fake.requests.length).toBeGreaterThan(before);
  });

  it("an order's replay is answered from its record without counting; a new order of unknown ids is refused", async () => {
    const { fake, platform } = await startSellsn();
    closers.push(() => fake.close());
    const post = poster(platform, { limits: { unknownProducts: { max: 5, windowMs: 600_000 } } });
    const buyer = "203.0.113.9";
    const body = {
      items: [{ productId: sellsnIds.windowsKey, quantity: 2 }],
      email: "a@example.com",
    };
    const key = `order-${randomUUID()}`;

    const created = await post("/orders", body, buyer, key);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // The client's budget is spent; placing the order made the proxy forget the product's stock,
    // so pricing it again would ask the platform and count.
    expect((await post("/quote", { items: lines(unknownUuids(5)) }, buyer)).status).toBe(422);

    const replay = await post("/orders", body, buyer, key);
    expect(replay.status).toBe(201);
    expect(((await replay.json()) as { id: string }).id).toBe(id);

    const before = fake.requests.length;
    const unknown = { ...body, items: lines([randomUUID()]) };
    await expectUnknownLimit(await post("/orders", unknown, buyer, `order-${randomUUID()}`));
    expect(fake.requests.length).toBe(before);
  });
});
