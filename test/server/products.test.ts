import { describe, expect, it } from "vitest";
import { problemSchema, productListSchema, productSchema } from "../../src/core";
import { createTestApp, demoCatalog, postJson } from "../factories/sandbox-app";

describe("product routes", () => {
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
