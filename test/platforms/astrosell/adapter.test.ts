import { afterEach, describe, expect, it } from "vitest";
import { createdOrderSchema } from "../../../src/core";
import { createApp } from "../../../src/server/app";
import { adapter } from "../../../src/server/platforms/astrosell";
import type { SellerPlatform } from "../../../src/server/platforms/platform";
import { createCapturingLogger, newKey, postJson } from "../../factories/sandbox-app";
import { failure } from "../harness";
import { astrosellIds, netflixPoolKeys, staffCouponCode, steamPurchaseNote } from "./fake-data";
import type { FakeAstrosell } from "./fake-server";
import { startAstrosell } from "./harness";

/** A logger that keeps its lines, so tests can look for secrets in them. */
const recordingLogger = createCapturingLogger;

let fake: FakeAstrosell;
let platform: SellerPlatform;
let logger: ReturnType<typeof recordingLogger>;
let secretKey: string;
let clock = Date.now();

async function start(options: { extraProducts?: number } = {}) {
  logger = recordingLogger();
  const setup = await startAstrosell({ logger, now: () => clock, ...options });
  fake = setup.fake;
  platform = setup.harness.platform;
  secretKey = setup.harness.secrets.secretKey;
  return setup;
}

afterEach(async () => {
  await fake?.close();
});

const secretsOf = () => [...netflixPoolKeys, steamPurchaseNote, staffCouponCode, secretKey];

function expectNoSecrets(value: unknown) {
  const text = JSON.stringify(value);
  for (const secret of secretsOf()) expect(text).not.toContain(secret);
}

describe("AstroSell catalog over HTTP", () => {
  it("authenticates with the Bearer key and is refused with the document's 401 otherwise", async () => {
    await start();
    await platform.listProducts({ page: 1, limit: 10 });
    expect(fake.requests.at(-1)).toMatchObject({
      method: "GET",
      path: "/api/v1/products",
      auth: `Bearer ${secretKey}`,
    });
    const wrong = adapter.create({
      secretKey: "nsk_live_wrong",
      apiBase: fake.apiBase,
      logger,
    });
    const error = await failure(wrong.getProducts([astrosellIds.steam]));
    expect(error.failure).toBe("unauthorized");
    expect(error.message).not.toMatch(/nsk_|revoked/);
  });

  it("pages a whole catalog from the bare array, one upstream request per page", async () => {
    await start({ extraProducts: 45 });
    const publicIds = fake.products.filter((p) => p.visibility === "public").map((p) => p.id);
    const seen: string[] = [];
    let pageCount = 1;
    for (let page = 1; page <= pageCount; page += 1) {
      const before = fake.requests.length;
      const result = await platform.listProducts({ page, limit: 12 });
      expect(fake.requests.length - before).toBe(1);
      pageCount = result.pageCount;
      seen.push(...result.data.map((p) => p.id));
    }
    expect(pageCount).toBe(Math.ceil(publicIds.length / 12));
    expect(seen).toEqual(publicIds);
    expect(seen).not.toContain(astrosellIds.netflixReseller);
    expect(seen).not.toContain(astrosellIds.spotifyInvite);
  });

  it("leaves out, and logs by its id and field, a product priced below zero; the rest are served", async () => {
    await start();
    const listed = (await platform.listProducts({ page: 1, limit: 100 })).data.map((p) => p.id);
    expect(listed).toContain(astrosellIds.netflix);
    const victim = fake.products.find((product) => product.id === astrosellIds.netflix);
    if (!victim) throw new Error("no product");
    (victim as { price: number }).price = -1;
    const skipped = () =>
      logger.lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.event === "upstream_product_skipped");
    const page = await platform.listProducts({ page: 1, limit: 100 });
    expect(page.data.map((p) => p.id)).toEqual(listed.filter((id) => id !== astrosellIds.netflix));
    // Once for the one read, by id and field: never the value.
    expect(skipped()).toEqual([
      {
        level: "warn",
        event: "upstream_product_skipped",
        platform: "astrosell",
        productId: astrosellIds.netflix,
        reason: "shape",
        issues: [{ path: "price", code: "too_small" }],
      },
    ]);
    // By id (AstroSell's lookups read the list): missing, beside the ones served.
    const found = await platform.getProducts([astrosellIds.netflix, astrosellIds.steam]);
    expect(found.map((p) => p.id)).toEqual([astrosellIds.steam]);
    expect((await platform.getStore()).currency).toBe("USD");
  });

  it("gets a batch by ids in one request, without the private product or any serial key", async () => {
    await start();
    const ids = [
      astrosellIds.steam,
      astrosellIds.netflix,
      astrosellIds.netflixReseller,
      astrosellIds.spotifyInvite,
      "nope",
      astrosellIds.aiPrompt,
    ];
    const products = await platform.getProducts(ids);
    expect(fake.requests).toHaveLength(1);
    expect(products.map((p) => p.id).sort()).toEqual(
      [
        astrosellIds.steam,
        astrosellIds.netflix,
        astrosellIds.spotifyInvite,
        astrosellIds.aiPrompt,
      ].sort(),
    );
    const netflix = products.find((p) => p.id === astrosellIds.netflix);
    expect(netflix).toMatchObject({
      type: "license_key",
      price: { amount: 499, currency: "USD" },
      stock: 3,
      available: true,
    });
    expect(products.find((p) => p.id === astrosellIds.aiPrompt)).toMatchObject({
      price: { amount: 700, currency: "EUR" },
      stock: null,
      type: "dynamic",
    });
    expectNoSecrets(products);
    expect(await platform.getProducts([])).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it("never reads the detail or warehouse endpoints, which carry the serial keys", async () => {
    await start();
    await platform.getStore();
    await platform.listProducts({ page: 1, limit: 50 });
    await platform.getProducts(fake.products.map((p) => p.id));
    const order = await platform.createOrder({
      idempotencyKey: "attempt-0001",
      email: "buyer@example.com",
      items: [{ productId: astrosellIds.netflix, quantity: 1 }],
      fields: {},
      total: { amount: 499, currency: "USD" },
    });
    await platform.getOrder(order.id);
    expect(
      fake.requests.map((r) => r.path).filter((path) => /\/products\/|\/warehouses/.test(path)),
    ).toEqual([]);
    expectNoSecrets(logger.lines);
  });

  it("follows a shared warehouse: a sale from the pool lowers every linked product's stock", async () => {
    await start();
    const order = await platform.createOrder({
      idempotencyKey: "attempt-0002",
      email: "buyer@example.com",
      items: [{ productId: astrosellIds.netflix, quantity: 2 }],
      fields: {},
      total: { amount: 998, currency: "USD" },
    });
    fake.completeOrder(order.id);
    const [netflix] = await platform.getProducts([astrosellIds.netflix]);
    expect(netflix?.stock).toBe(1);
    const read = await platform.getOrder(order.id);
    expect(read?.deliveredItems).toEqual([
      { productId: astrosellIds.netflix, kind: "key", value: "NFLX-AAAA-BBBB" },
      { productId: astrosellIds.netflix, kind: "key", value: "NFLX-CCCC-DDDD" },
    ]);
  });

  it("marks a product whose warehouse is empty as sold out", async () => {
    await start();
    const [disney] = await platform.getProducts([astrosellIds.disney]);
    expect(disney).toMatchObject({ stock: 0, available: false });
  });

  it("describes the store: currency from the catalog, live mode from the key", async () => {
    await start();
    expect(await platform.getStore()).toEqual({
      name: "AstroSell shop",
      currency: "USD",
      mode: "live",
      paymentMethods: [],
    });
    expect(platform.capabilities).toEqual({ coupons: true, webhooks: false });
  });
});

describe("AstroSell coupons over HTTP", () => {
  it("validates against the coupon list, cached briefly on the server", async () => {
    await start();
    clock = Date.now();
    expect(await platform.findCoupon("launch10")).toMatchObject({
      code: "LAUNCH10",
      kind: "percent",
      percent: "10",
      uses: 42,
      maxUses: 100,
    });
    expect(await platform.findCoupon("SUMMER25")).toMatchObject({
      expiresAt: "2025-08-31T00:00:00.000Z",
    });
    expect(await platform.findCoupon("NOPE")).toBeUndefined();
    expect(fake.requests.filter((r) => r.path === "/api/v1/coupons")).toHaveLength(1);
    clock += 31_000;
    await platform.findCoupon("LAUNCH10");
    expect(fake.requests.filter((r) => r.path === "/api/v1/coupons")).toHaveLength(2);
    expectNoSecrets(logger.lines);
  });
});

describe("AstroSell orders over HTTP", () => {
  const input = {
    idempotencyKey: "attempt-0003",
    email: "buyer@example.com",
    fields: {},
    total: { amount: 1665, currency: "USD" },
  };

  it("reads nothing between the record that says sent and the create: its one request is the create", async () => {
    await start();
    const before = fake.requests.length;
    await platform.createOrder({
      ...input,
      items: [{ productId: astrosellIds.steam, quantity: 1 }],
      coupon: "LAUNCH10",
    });
    expect(fake.requests.slice(before).map(({ method }) => method)).toEqual(["POST"]);
  });

  it("creates an order with the inferred POST /orders and reads it back by invoice id", async () => {
    await start();
    const created = await platform.createOrder({
      ...input,
      items: [{ productId: astrosellIds.steam, quantity: 1 }],
      coupon: "LAUNCH10",
      paymentMethod: "crypto",
    });
    expect(created).toMatchObject({
      status: "awaiting_payment",
      total: { amount: 1665, currency: "USD" },
      items: [{ productId: astrosellIds.steam, name: "Steam Gift Card $20", quantity: 1 }],
    });
    expect(created.checkoutUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\/AS-/);
    expect(created.deliveredItems).toBeUndefined();
    expect(fake.orders[0]).toMatchObject({
      productId: astrosellIds.steam,
      quantity: 1,
      customerEmail: "buyer@example.com",
      coupon: "LAUNCH10",
      gateway: "crypto",
    });
    fake.completeOrder(created.id);
    const read = await platform.getOrder(created.id);
    expect(read).toMatchObject({
      id: created.id,
      status: "completed",
      items: [{ productId: astrosellIds.steam, quantity: 1 }],
      deliveredItems: [{ kind: "key", value: "CODE-1" }],
    });
  });

  it("orders a code the buyer typed in another case as AstroSell wrote it, which its create takes", async () => {
    await start();
    // Through the proxy: pricing finds the coupon and gives the create its own spelling.
    const app = createApp({ platform, logger: createCapturingLogger() });
    const response = await app.request(
      "/api/orders",
      postJson(
        {
          items: [{ productId: astrosellIds.steam, quantity: 1 }],
          email: "buyer@example.com",
          coupon: "  launch10 ",
        },
        newKey(),
      ),
    );
    expect(response.status).toBe(201);
    expect(createdOrderSchema.parse(await response.json()).total).toEqual({
      amount: 1665,
      currency: "USD",
    });
    expect(fake.orders[0]).toMatchObject({ coupon: "LAUNCH10" });
  });

  it("refuses a basket of several products before calling AstroSell (one product per order)", async () => {
    await start();
    const error = await failure(
      platform.createOrder({
        ...input,
        items: [
          { productId: astrosellIds.steam, quantity: 1 },
          { productId: astrosellIds.netflix, quantity: 1 },
        ],
      }),
    );
    expect(error).toMatchObject({ failure: "rejected", fields: { items: expect.any(String) } });
    expect(fake.requests).toHaveLength(0);
  });

  it("answers undefined for an order AstroSell does not have", async () => {
    await start();
    expect(await platform.getOrder("AS-NOPE00")).toBeUndefined();
  });

  it("maps the document's error bodies without passing them through", async () => {
    await start();
    fake.failNext(1, 400);
    const rejected = await failure(
      platform.createOrder({ ...input, items: [{ productId: astrosellIds.steam, quantity: 1 }] }),
    );
    expect(rejected).toMatchObject({
      failure: "rejected",
      status: 400,
      fields: { "items.0.quantity": "was refused by the platform" },
    });
    const stock = await failure(
      platform.createOrder({ ...input, items: [{ productId: astrosellIds.netflix, quantity: 9 }] }),
    );
    expect(stock.fields).toEqual({ "items.0.quantity": "is more than is in stock" });
    fake.failNext(3, 500);
    const down = await failure(platform.listProducts({ page: 1, limit: 5 }));
    expect(down).toMatchObject({ failure: "unavailable", status: 500 });
    for (const error of [rejected, stock, down]) {
      expect(error.message).not.toMatch(/positive integer|Not enough stock|astro-7f3a/);
    }
  });
});
