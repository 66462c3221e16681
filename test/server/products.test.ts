import { brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { problemSchema, productListSchema, productSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { createProductBodies } from "../../src/server/routes/product-bodies";
import { nodeEncoders } from "../../src/server/runtime/node-encoders";
import { createMarkdownRenderer } from "../../src/server/views/markdown";
import { toProductView } from "../../src/server/views/product-view";
import { createTestApp, demoCatalog, postJson } from "../factories/sandbox-app";

describe("product routes", () => {
  it("lets browsers keep a product answer no longer than the proxy keeps the read", async () => {
    const platform = createSandboxPlatform(demoCatalog());
    const cacheControlOf = async (resilience: Parameters<typeof createApp>[0]["resilience"]) => {
      const app = createApp({ platform, resilience });
      const [one, batch, page] = await Promise.all(
        ["/api/products/pro-license", "/api/products?ids=pro-license", "/api/products?page=1"].map(
          (path) => app.request(path),
        ),
      );
      expect(batch?.headers.get("cache-control")).toBe(one?.headers.get("cache-control"));
      expect(page?.headers.get("cache-control")).toBe(one?.headers.get("cache-control"));
      return one?.headers.get("cache-control");
    };
    expect(await cacheControlOf(undefined)).toBe("public, max-age=10, stale-while-revalidate=60");
    expect(await cacheControlOf({ freshMs: 0 })).toBe(
      "public, max-age=0, stale-while-revalidate=0",
    );
    expect(await cacheControlOf({ freshMs: 3_600_000 })).toBe(
      "public, max-age=15, stale-while-revalidate=60",
    );
    expect(await cacheControlOf({ freshMs: 5000 })).toBe(
      "public, max-age=5, stale-while-revalidate=30",
    );
  });

  it("serves a batch by ids in one response, leaving out hidden and unknown ids", async () => {
    const { app } = createTestApp();
    const response = await app.request(
      "/api/products?ids=tokyo-font,pro-license,internal-beta,nope",
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: unknown[] };
    expect(body.data.map((item) => productSchema.parse(item).id)).toEqual([
      "tokyo-font",
      "pro-license",
    ]);
    const tooMany = await app.request(
      `/api/products?ids=${Array.from({ length: 101 }, (_, i) => `p${i}`).join(",")}`,
    );
    expect(tooMany.status).toBe(422);
    expect(problemSchema.parse(await tooMany.json()).errors?.ids).toBeDefined();
    // Ids are trimmed and taken once each, in the order first asked.
    const repeated = await app.request(
      "/api/products?ids=%20pro-license%20,tokyo-font,,pro-license,%20tokyo-font",
    );
    const again = (await repeated.json()) as { data: unknown[] };
    expect(again.data.map((item) => productSchema.parse(item).id)).toEqual([
      "pro-license",
      "tokyo-font",
    ]);
    const hundred = Array.from({ length: 100 }, (_, i) => `p${i}`);
    expect((await app.request(`/api/products?ids=${[...hundred, "p0"].join(",")}`)).status).toBe(
      200,
    );
    for (const ids of ["", "%20,%20,"]) {
      const refused = await app.request(`/api/products?ids=${ids}`);
      expect(refused.status, ids).toBe(422);
      expect(problemSchema.parse(await refused.json()).errors?.ids).toBeDefined();
    }
    // An id longer than any (a pasted URL) is one the platform has not: the page's other cards
    // still get their products.
    for (const [ids, shown] of [
      [`pro-license,${"x".repeat(129)}`, ["pro-license"]],
      ["x".repeat(129), []],
    ] as const) {
      const answered = await app.request(`/api/products?ids=${ids}`);
      expect(answered.status).toBe(200);
      const { data } = (await answered.json()) as { data: unknown[] };
      expect(data.map((item) => productSchema.parse(item).id)).toEqual(shown);
    }
  });

  it("maps the catalog to the contract: minor units, stock, limits, availability", async () => {
    const { app } = createTestApp();
    const body = (await (
      await app.request("/api/products?ids=tokyo-font,retro-pack,team-seats,setup-call")
    ).json()) as {
      data: unknown[];
    };
    const [font, retro, seats, call] = body.data.map((item) => productSchema.parse(item));
    expect(font?.price).toEqual({ amount: 1200, currency: "JPY" });
    expect(retro).toMatchObject({ stock: 0, available: false });
    expect(seats).toMatchObject({
      stock: 20,
      quantity: { min: 2, max: 5 },
      price: { amount: 1950 },
    });
    expect(call).toMatchObject({ stock: null, available: true });
  });

  it("pages, searches and filters the storefront, never showing hidden products", async () => {
    const { app } = createTestApp();
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const list = productListSchema.parse(
        await (await app.request(`/api/products?page=${page}&limit=3`)).json(),
      );
      expect(list.pageCount).toBe(3);
      seen.push(...list.data.map((product) => product.id));
    }
    expect(seen).toHaveLength(8);
    expect(seen).not.toContain("internal-beta");
    const software = productListSchema.parse(
      await (await app.request("/api/products?category=software")).json(),
    );
    expect(software.data.every((product) => product.category === "software")).toBe(true);
    const search = productListSchema.parse(
      await (await app.request("/api/products?search=font")).json(),
    );
    expect(search.data.map((product) => product.id)).toEqual(["tokyo-font"]);
    const bad = await app.request("/api/products?page=0");
    expect(bad.status).toBe(422);
    expect(problemSchema.parse(await bad.json()).errors?.page).toBeDefined();
  });

  it("never sends a serial, a coupon code or anything outside the Product shape", async () => {
    const catalog = demoCatalog();
    const { app } = createTestApp();
    const ids = catalog.products.map((product) => product.id).join(",");
    const texts = await Promise.all(
      [
        `/api/products?ids=${ids}`,
        "/api/products?limit=100",
        ...catalog.products.map((product) => `/api/products/${product.id}`),
        "/api/store",
      ].map(async (path) => (await app.request(path)).text()),
    );
    const everything = texts.join("\n");
    for (const product of catalog.products) {
      for (const serial of product.serials ?? []) expect(everything).not.toContain(serial);
      if (product.delivery) expect(everything).not.toContain(product.delivery);
    }
    for (const coupon of catalog.coupons) expect(everything).not.toContain(coupon.code);
    for (const text of texts.slice(2, -1)) {
      if (text.startsWith('{"type"')) continue;
      expect(Object.keys(JSON.parse(text)).every((key) => key in productSchema.def.shape)).toBe(
        true,
      );
    }
  });

  it("renders markdown and strips scripts, event handlers and javascript: links", async () => {
    const catalog = demoCatalog();
    const [first] = catalog.products;
    if (!first) throw new Error("empty catalog");
    first.description = [
      "Hello **world** [site](https://example.com) [bad](javascript:alert(1))",
      '<script>alert(1)</script><img src=x onerror=alert(1)><a href="https://x.example" onclick="steal()">x</a>',
      "<iframe src=https://evil.example></iframe><svg onload=alert(1)></svg>",
    ].join("\n\n");
    const { app } = createTestApp({ catalog });
    const product = productSchema.parse(
      await (await app.request(`/api/products/${first.id}`)).json(),
    );
    const html = product.descriptionHtml;
    expect(html).toContain("<strong>world</strong>");
    expect(html).toContain(
      '<a href="https://example.com" rel="noopener noreferrer" target="_blank">site</a>',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|onload|javascript:|<iframe|<svg/i);
  });

  it("refuses a query parameter given twice with a 422 naming it", async () => {
    const { app } = createTestApp();
    for (const [query, field] of [
      ["ids=pro-license&ids=team-seats", "ids"],
      ["category=fonts&category=software", "category"],
      ["search=a&search=b", "search"],
      ["page=1&page=2", "page"],
      ["limit=12&limit=24", "limit"],
      // A name written encoded is the same name.
      ["ids=pro-license&%69ds=team-seats", "ids"],
      ["search=a&se%61rch=b", "search"],
    ] as const) {
      const response = await app.request(`/api/products?${query}`);
      expect(response.status, query).toBe(422);
      expect(problemSchema.parse(await response.json()).errors, query).toEqual({
        [field]: "must be given once",
      });
    }
    // Parameters the proxy does not read (a cache buster, a campaign tag) are left alone.
    const other = await app.request("/api/products?ids=pro-license&v=1&v=2");
    expect(other.status).toBe(200);
    // Ids as the widget sends them (commas encoded), beside an encoded name it does not read.
    for (const query of ["ids=pro-license%2Cteam-seats", "ids=pro-license%2Cteam-seats&u%74m=x"]) {
      const batch = await app.request(`/api/products?${query}`);
      expect(batch.status, query).toBe(200);
      const body = (await batch.json()) as { data: { id: string }[] };
      expect(body.data.map((product) => product.id)).toEqual(["pro-license", "team-seats"]);
    }
    const search = await app.request("/api/products?search=pixel+art&page=1");
    expect(search.status).toBe(200);
  });

  it("answers unknown API routes and methods with problem+json 404", async () => {
    const { app } = createTestApp();
    const response = await app.request("/api/nothing-here");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(problemSchema.parse(await response.json()).type).toBe("not_found");
  });

  it("refuses bodies over 100 KB with 413", async () => {
    const { app } = createTestApp();
    const body = {
      items: [{ productId: "pro-license", quantity: 1 }],
      coupon: "x".repeat(110 * 1024),
    };
    const response = await app.request("/api/quote", postJson(body));
    expect(response.status).toBe(413);
    expect(problemSchema.parse(await response.json()).type).toBe("payload_too_large");
    // With its length declared, as every Node request with a body has it, and without.
    const text = JSON.stringify(body);
    const declared = await app.request("/api/quote", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(text.length) },
      body: text,
    });
    expect(declared.status).toBe(413);
    const fits = JSON.stringify({ items: [{ productId: "pro-license", quantity: 1 }] });
    const small = await app.request("/api/quote", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(fits.length) },
      body: fits,
    });
    expect(small.status).toBe(200);
  });

  it("answers a body the client broke off mid-send with 400, not as the proxy's own failure", async () => {
    const { app, logger } = createTestApp();
    const start = new TextEncoder().encode('{"items":[{"productId":"pro-');
    for (const path of ["/api/quote", "/api/orders"]) {
      // Sent without a length, as chunks, and cut off after the first.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(start);
          controller.error(new Error("aborted"));
        },
      });
      const response = await app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": "k-broken-off-1" },
        body,
        duplex: "half",
      } as RequestInit);
      expect([path, response.status]).toEqual([path, 400]);
      expect(problemSchema.parse(await response.json()).type).toBe("invalid_request");
    }
    expect(logger.lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });

  it("allows CORS from configured origins (and localhost on the sandbox) with Idempotency-Key", async () => {
    const local = createTestApp().app;
    const preflight = await local.request("/api/orders", {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,idempotency-key",
      },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "idempotency-key",
    );
    const stranger = await local.request("/api/store", {
      headers: { origin: "https://evil.example" },
    });
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();

    const configured = createTestApp({ allowedOrigins: ["https://shop.example"] }).app;
    const shop = await configured.request("/api/store", {
      headers: { origin: "https://shop.example" },
    });
    expect(shop.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const localNow = await configured.request("/api/store", {
      headers: { origin: "http://localhost:5173" },
    });
    expect(localNow.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("allows any page on the machine on the sandbox, and logs each origin it refuses once", async () => {
    const { app, logger } = createTestApp();
    const allowedFrom = async (origin: string) =>
      (await app.request("/api/store", { headers: { origin } })).headers.get(
        "access-control-allow-origin",
      );
    for (const origin of [
      "http://localhost",
      "https://localhost:8443",
      "http://app.localhost:3000",
      "http://127.0.0.2:5500",
      "https://[::1]:3000",
    ]) {
      expect([origin, await allowedFrom(origin)]).toEqual([origin, origin]);
    }
    for (const origin of [
      "http://localhost.evil.example",
      "https://evil.example",
      "http://127.0.0.1.evil.example",
      "null",
    ]) {
      expect([origin, await allowedFrom(origin)]).toEqual([origin, null]);
    }
    await allowedFrom("https://evil.example");
    // A page whose first request is a preflight (an order, a quote) is named too.
    const preflight = await app.request("/api/quote", {
      method: "OPTIONS",
      headers: {
        origin: "https://preflight.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    await allowedFrom("not an origin");
    const refused = logger.lines
      .map((line) => JSON.parse(line) as { event: string; origin?: string; detail?: string })
      .filter((line) => line.event === "cors_origin_refused");
    // Each once. "null" names no page to allow, but a page opened from a file sends it: said
    // with what to do. Text that is no origin at all is not.
    expect(refused.map((line) => line.origin)).toEqual([
      "http://localhost.evil.example",
      "https://evil.example",
      "http://127.0.0.1.evil.example",
      "null",
      "https://preflight.example",
    ]);
    expect(refused.find((line) => line.origin === "null")?.detail).toMatch(/serve it over http/);
    expect(refused.filter((line) => line.detail !== undefined)).toHaveLength(1);
    // The proxy's own pages (the same host) need no CORS: nothing to say of them.
    const own = await app.request("http://shop.example/api/store", {
      headers: { origin: "https://shop.example", host: "shop.example" },
    });
    expect(own.status).toBe(200);
    expect(logger.lines.filter((line) => line.includes("shop.example"))).toEqual([]);
  });

  it("serves a hosted buy page that escapes what the link carries", async () => {
    const { app } = createTestApp();
    const response = await app.request('/buy/pro-license?quantity=2&coupon="><script>x</script>');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('data-kiosk-buy="pro-license"');
    expect(html).toContain('data-kiosk-quantity="2"');
    expect(html).not.toContain("<script>x</script>");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
  });
});

/** The demo catalog with its images on a CDN, as a real platform sends them: absolute links. */
function cdnCatalog() {
  const demo = demoCatalog();
  return {
    ...demo,
    products: demo.products.map((product) => ({
      ...product,
      images: [`https://cdn.example/${product.id}.png`],
    })),
  };
}

describe("prepared product bodies", () => {
  it("answers cached reads from bodies made once: no platform call, no second encoding", async () => {
    const sandbox = createSandboxPlatform(cdnCatalog());
    const asked: string[][] = [];
    const encoded: number[] = [];
    const app = createApp({
      platform: {
        ...sandbox,
        getProducts: (ids) => {
          asked.push([...ids]);
          return sandbox.getProducts(ids);
        },
      },
      encoders: {
        br: (body) => {
          encoded.push(body.byteLength);
          return nodeEncoders.br?.(body) ?? body;
        },
      },
    });
    const batch = "/api/products?ids=tokyo-font,pro-license,team-seats,setup-call";
    const br = { headers: { "accept-encoding": "gzip, br" } };
    const first = await app.request(batch, br);
    const firstBytes = new Uint8Array(await first.arrayBuffer());
    const one = await app.request("/api/products/pro-license");
    const etag = one.headers.get("etag") ?? "";
    const oneText = await one.text();
    for (let round = 0; round < 3; round += 1) {
      const again = await app.request(batch, br);
      expect(again.headers.get("content-encoding")).toBe("br");
      expect(again.headers.get("vary")).toMatch(/accept-encoding/i);
      expect(new Uint8Array(await again.arrayBuffer())).toEqual(firstBytes);
      const single = await app.request("/api/products/pro-license");
      expect(single.headers.get("etag")).toBe(etag);
      expect(await single.text()).toBe(oneText);
      const revalidated = await app.request("/api/products/pro-license", {
        headers: { "if-none-match": etag },
      });
      expect(revalidated.status).toBe(304);
    }
    expect(asked).toEqual([["tokyo-font", "pro-license", "team-seats", "setup-call"]]);
    expect(encoded).toHaveLength(1);
    const plain = await (await app.request(batch)).text();
    expect(new TextDecoder().decode(brotliDecompressSync(firstBytes))).toBe(plain);
    expect(JSON.parse(plain).data[1]).toEqual(JSON.parse(oneText));
  });

  it("tags a batch and a storefront page: an unchanged one revalidates with 304", async () => {
    const { app } = createTestApp();
    const tags: string[] = [];
    for (const path of [
      "/api/products?ids=tokyo-font,pro-license",
      "/api/products?ids=pro-license,tokyo-font",
      "/api/products?page=1&limit=3",
    ]) {
      const first = await app.request(path);
      const etag = first.headers.get("etag") ?? "";
      expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
      tags.push(etag);
      const text = await first.text();
      const unchanged = await app.request(path, { headers: { "if-none-match": etag } });
      expect(unchanged.status).toBe(304);
      expect(await unchanged.text()).toBe("");
      expect(unchanged.headers.get("etag")).toBe(etag);
      expect(unchanged.headers.get("cache-control")).toBe(first.headers.get("cache-control"));
      const other = await app.request(path, { headers: { "if-none-match": 'W/"another"' } });
      expect(other.status).toBe(200);
      expect(await other.text()).toBe(text);
    }
    // The same products in another order are another body, with a tag of their own.
    expect(new Set(tags).size).toBe(3);
  });

  it("makes a new body for a new read, and keeps batch bodies within their byte budget", async () => {
    const sandbox = createSandboxPlatform(cdnCatalog());
    const render = createMarkdownRenderer();
    const bodies = createProductBodies((product, url) => toProductView(product, render, url), {
      batchBytes: 20_000,
    });
    const url = () => "https://shop.example/api/products";
    const products = await sandbox.getProducts(demoCatalog().products.map((item) => item.id));
    expect(products.length).toBeGreaterThan(4);
    const [first] = products;
    if (!first) throw new Error("empty catalog");
    expect(await bodies.one(first, url)).toBe(await bodies.one(first, url));
    const reread = (await sandbox.getProducts([first.id]))[0];
    if (!reread) throw new Error("not found");
    expect(await bodies.one(reread, url)).not.toBe(await bodies.one(first, url));

    const pair = products.slice(0, 2);
    const kept = await bodies.batch("pair", pair, url);
    expect(await bodies.batch("pair", [...pair], url)).toBe(kept);
    expect(await bodies.batch("pair", [reread, ...pair.slice(1)], url)).not.toBe(kept);

    // Every subset of the catalog as its own batch: far more than the budget holds.
    for (let mask = 1; mask < 2 ** products.length; mask += 1) {
      const chosen = products.filter((_, index) => mask & (1 << index));
      await bodies.batch(`subset-${mask}`, chosen, url);
      expect(bodies.batches.bytes).toBeLessThanOrEqual(20_000);
    }
    expect(bodies.batches.count).toBeGreaterThan(1);
    expect(bodies.batches.count).toBeLessThan(2 ** products.length - 1);
  });

  /** The proxy behind `trustedProxies` proxies, the nearest at 10.0.0.2. */
  const behind = (trustedProxies: number) =>
    createApp({
      platform: createSandboxPlatform(demoCatalog()),
      trustedProxies,
      getConnInfo: () => ({ remote: { address: "10.0.0.2" } }),
    });

  it("builds links on https when a trusted proxy in front says it took the request over TLS", async () => {
    const tls = { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7" };
    const ask = async (app: ReturnType<typeof behind>) => {
      const one = productSchema.parse(
        await (
          await app.request("http://shop.example/api/products/pro-license", { headers: tls })
        ).json(),
      );
      const ordered = await app.request("http://shop.example/api/orders", {
        ...postJson(
          { items: [{ productId: "pro-license", quantity: 1 }], email: "buyer@example.com" },
          `tls-${Math.random()}`,
        ),
        headers: {
          ...tls,
          "content-type": "application/json",
          "idempotency-key": `tls-${Math.random()}`,
        },
      });
      const { checkoutUrl } = (await ordered.json()) as { checkoutUrl: string };
      return [one.images[0], checkoutUrl.replace(/\/sandbox\/pay\/.*/, "/sandbox/pay/")];
    };
    expect(await ask(behind(1))).toEqual([
      "https://shop.example/demo/images/pro-license.svg",
      "https://shop.example/sandbox/pay/",
    ]);
    // With no proxy trusted, the header is anyone's to send: links stay as the request came.
    expect(await ask(behind(0))).toEqual([
      "http://shop.example/demo/images/pro-license.svg",
      "http://shop.example/sandbox/pay/",
    ]);
  });

  it("builds links on the request's own host, whatever X-Forwarded-Host says, trusted proxies or not", async () => {
    const image = async (app: ReturnType<typeof behind>, host: string) =>
      productSchema.parse(
        await (
          await app.request("http://shop.example/api/products/pro-license", {
            headers: { "x-forwarded-host": host },
          })
        ).json(),
      ).images[0];
    // Passed on unchanged by common proxies, the header is the buyer's to write.
    for (const trusted of [0, 1]) {
      expect(await image(behind(trusted), "evil.example")).toBe(
        "http://shop.example/demo/images/pro-license.svg",
      );
    }
  });

  it("makes an image path absolute on each URL asked, never on another's", async () => {
    const { app } = createTestApp();
    for (const origin of ["http://a.example", "http://b.example", "http://a.example"]) {
      const one = productSchema.parse(
        await (await app.request(`${origin}/api/products/pro-license`)).json(),
      );
      expect(one.images).toEqual([`${origin}/demo/images/pro-license.svg`]);
      const batch = (await (
        await app.request(`${origin}/api/products?ids=pro-license,setup-call`)
      ).json()) as { data: { images: string[] }[] };
      expect(batch.data.map((product) => product.images[0]?.startsWith(origin))).toEqual([
        true,
        true,
      ]);
      const page = productListSchema.parse(
        await (await app.request(`${origin}/api/products?limit=3`)).json(),
      );
      expect(page.data.every((product) => product.images[0]?.startsWith(origin))).toBe(true);
    }
  });
});
