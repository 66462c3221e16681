import { describe, expect, it } from "vitest";
import { createPlatform } from "../../../src/server/platforms/sx";
import { silentLogger } from "../../../src/server/runtime/logger";
import { closingAfterEach } from "../../support/closed-after-each";
import { failure } from "../harness";
import { type FakeProduct, seedProducts } from "./fake-data";
import { orderInput, startSxHarness } from "./harness";

const start = closingAfterEach(startSxHarness, (started) => started);

function manyProducts(count: number): FakeProduct[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `prod_${String(index).padStart(4, "0")}`,
    name: `Product ${index}`,
    slug: `product-${index}`,
    type: "file_download" as const,
    price_cents: 100 + index,
    currency: "EUR",
    stock: null,
    // Every seventh product is a draft, so hidden ones are spread over several upstream pages.
    status: index % 7 === 0 ? ("draft" as const) : ("active" as const),
    created_at: "2026-05-26T07:18:03Z",
  }));
}

describe("sx adapter setup", () => {
  it("reports test or live mode from the key, and the catalog's currency", async () => {
    const { platform } = await start();
    expect(await platform.getStore()).toMatchObject({ mode: "test", currency: "USD" });
    expect(platform.capabilities).toEqual({ coupons: false, webhooks: true });
  });
});

describe("sx catalog", () => {
  it("lists only active products, asking the platform for active ones", async () => {
    const { platform, fake } = await start();
    const page = await platform.listProducts({ page: 1, limit: 10 });
    expect(page.data.map((product) => product.id)).toEqual([
      "prod_01J2PVQR41",
      "prod_01J2PVQS6X",
      "prod_01J2PVR0DL",
      "prod_01J2PVR7SO",
    ]);
    expect(page.pageCount).toBe(1);
    expect(fake.requests[0]?.path).toBe("/v1/products?limit=100&status=active");
  });

  it("follows cursors through the whole catalog and serves any storefront page of it", async () => {
    const products = manyProducts(250);
    const { platform, fake } = await start({ products });
    const visible = products.filter((product) => product.status === "active");
    const limit = 24;
    const first = await platform.listProducts({ page: 1, limit });
    expect(first.pageCount).toBe(Math.ceil(visible.length / limit));
    const last = await platform.listProducts({ page: first.pageCount, limit });
    expect(last.data.map((product) => product.id)).toEqual(
      visible.slice((first.pageCount - 1) * limit).map((product) => product.id),
    );
    const pages = fake.requests.filter((request) => request.path.startsWith("/v1/products?"));
    // Three upstream pages of 100 for 250 products, walked once and shared by both storefront pages.
    expect(pages).toHaveLength(3);
    expect(pages[1]?.path).toMatch(/cursor=cur_/);
    expect(last.data.every((product) => product.price.currency === "EUR")).toBe(true);
  });

  it("walks the catalog again once the short cache has expired", async () => {
    let clock = Date.parse("2026-05-26T08:00:00Z");
    const { platform, fake } = await start({ adapter: { now: () => clock } });
    await platform.listProducts({ page: 1, limit: 10 });
    await platform.listProducts({ page: 1, limit: 10 });
    expect(fake.requests).toHaveLength(1);
    const product = fake.products.find((candidate) => candidate.id === "prod_01J2PVQS6X");
    if (product) product.status = "archived";
    clock += 31_000;
    const page = await platform.listProducts({ page: 1, limit: 10 });
    expect(fake.requests).toHaveLength(2);
    expect(page.data.map((candidate) => candidate.id)).not.toContain("prod_01J2PVQS6X");
  });

  it("filters by search on the name in any case, and finds nothing for a category", async () => {
    const { platform } = await start();
    const found = await platform.listProducts({ page: 1, limit: 10, search: "discord" });
    expect(found.data.map((product) => product.id)).toEqual(["prod_01J2PVQS6X"]);
    const anyCase = await platform.listProducts({ page: 1, limit: 10, search: "  ADOBE " });
    expect(anyCase.data.map((product) => product.id)).toEqual(["prod_01J2PVQR41"]);
    const category = await platform.listProducts({ page: 1, limit: 10, category: "keys" });
    expect(category).toEqual({ data: [], page: 1, pageCount: 0 });
  });

  it("leaves out, and logs by its id and field, a product priced in fractional cents; the rest are served", async () => {
    const products = seedProducts().map((product) =>
      product.id === "prod_01J2PVQS6X" ? { ...product, price_cents: 1.5 } : product,
    );
    const { platform, logs } = await start({ products });
    const skipped = () =>
      logs
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.event === "upstream_product_skipped");
    const page = await platform.listProducts({ page: 1, limit: 10 });
    expect(page.data.map((product) => product.id)).toEqual([
      "prod_01J2PVQR41",
      "prod_01J2PVR0DL",
      "prod_01J2PVR7SO",
    ]);
    // Once for the one read, by id and field: never the value.
    expect(skipped()).toEqual([
      {
        level: "warn",
        event: "upstream_product_skipped",
        platform: "sx",
        productId: "prod_01J2PVQS6X",
        reason: "shape",
        issues: [{ path: "price_cents", code: "invalid_type" }],
      },
    ]);
    // Read by id: left out of a batch; on its own, unavailable as any unreadable answer.
    const found = await platform.getProducts(["prod_01J2PVQS6X", "prod_01J2PVQR41"]);
    expect(found.map((product) => product.id)).toEqual(["prod_01J2PVQR41"]);
    expect(skipped().at(-1)).toMatchObject({ productId: "prod_01J2PVQS6X", reason: "shape" });
    expect((await failure(platform.getProducts(["prod_01J2PVQS6X"]))).failure).toBe("unavailable");
  });

  it("gets products by id, leaving out hidden, unknown and malformed ids", async () => {
    const { platform, fake } = await start();
    const products = await platform.getProducts([
      "prod_01J2PVQS6X",
      "prod_01J2PVQR41",
      "prod_01J2PVD1FT",
      "prod_UNKNOWN",
      "../orders",
      "prod_01J2PVQR41",
    ]);
    expect(products.map((product) => product.id)).toEqual(["prod_01J2PVQS6X", "prod_01J2PVQR41"]);
    expect(products[1]).toMatchObject({
      slug: "adobe-creative-cloud-key",
      description: "A **12-month** Creative Cloud licence key.",
      stock: 47,
    });
    // Duplicates and malformed ids never reach the platform.
    expect(fake.requests).toHaveLength(4);
  });

  it("sends the key exactly as the document says, and reads a 401 as a setup problem", async () => {
    const { fake } = await start();
    const platform = createPlatform({
      secretKey: "sx_test_wrong",
      apiBase: fake.url,
      logger: silentLogger,
    });
    const error = await failure(platform.getProducts(["prod_01J2PVQR41"]));
    expect(error.failure).toBe("unauthorized");
    expect(error.message).not.toContain("sx_test_wrong");
  });

  it("reads a key without the ability as a setup problem, not a buyer's", async () => {
    const { platform } = await start({ abilities: ["orders:read", "orders:write"] });
    const error = await failure(platform.listProducts({ page: 1, limit: 10 }));
    expect(error).toMatchObject({ failure: "unauthorized", status: 403 });
  });

  it("fails loudly in one place when a product's shape changes", async () => {
    const products = seedProducts();
    const changed = { ...products[0], price_cents: "129.00" } as unknown as FakeProduct;
    const { platform, logs } = await start({ products: [changed] });
    const error = await failure(platform.getProducts(["prod_01J2PVQR41"]));
    expect(error.failure).toBe("unavailable");
    expect(logs.join("\n")).toContain("upstream_shape_mismatch");
    expect(logs.join("\n")).toContain("price_cents");
    expect(logs.join("\n")).not.toContain("129.00");
  });
});

describe("sx orders", () => {
  it("creates an order with the buyer's attempt key and reads it back", async () => {
    const { platform, fake } = await start();
    const created = await platform.createOrder(orderInput());
    expect(created).toMatchObject({
      status: "awaiting_payment",
      total: { amount: 25800, currency: "USD" },
      items: [{ productId: "prod_01J2PVQR41", name: "Adobe Creative Cloud Key", quantity: 2 }],
    });
    expect(created.checkoutUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\/ord_/);
    const write = fake.requests.find((request) => request.method === "POST");
    expect(write).toMatchObject({ path: "/v1/orders", idempotencyKey: "attempt-7f3a9c21" });

    fake.completeOrder(created.id);
    const read = await platform.getOrder(created.id);
    expect(read).toMatchObject({
      id: created.id,
      status: "completed",
      items: [{ productId: "prod_01J2PVQR41" }],
    });
    expect(JSON.stringify(read)).not.toContain("0xae9c2f31b7d54e0a");
    expect(JSON.stringify(read)).not.toContain("buyer@example.com");
  });

  it("creates nothing new when the same attempt is sent twice", async () => {
    const { platform, fake } = await start();
    const first = await platform.createOrder(orderInput());
    const second = await platform.createOrder(orderInput());
    expect(second.id).toBe(first.id);
    expect(fake.orders.size).toBe(1);
  });

  it("retries a write that met a server error, under the same key", async () => {
    const { platform, fake } = await start();
    fake.failNext(1, 500);
    const created = await platform.createOrder(orderInput());
    expect(fake.orders.size).toBe(1);
    const writes = fake.requests.filter((request) => request.method === "POST");
    expect(writes.map((request) => request.idempotencyKey)).toEqual([
      "attempt-7f3a9c21",
      "attempt-7f3a9c21",
    ]);
    expect(created.status).toBe("awaiting_payment");
  });

  it("reads the same key with another body as a conflict", async () => {
    const { platform } = await start();
    await platform.createOrder(orderInput());
    const error = await failure(
      platform.createOrder(orderInput({ items: [{ productId: "prod_01J2PVQS6X", quantity: 1 }] })),
    );
    expect(error).toMatchObject({ failure: "rejected", status: 409 });
  });

  it("maps a 422's per-field errors onto the contract's fields", async () => {
    const { platform } = await start();
    const error = await failure(
      platform.createOrder(
        orderInput({
          items: [
            { productId: "prod_01J2PVQS6X", quantity: 1 },
            { productId: "prod_01J2PVQR41", quantity: 48 },
          ],
        }),
      ),
    );
    expect(error).toMatchObject({ failure: "rejected", status: 422 });
    expect(error.fields).toEqual({ "items.1.quantity": "is not available in this quantity" });
    expect(error.message).not.toContain("left");
  });

  it("answers undefined for an unknown or malformed order id", async () => {
    const { platform, fake } = await start();
    expect(await platform.getOrder("ord_01J2PXNONE")).toBeUndefined();
    expect(await platform.getOrder("../products")).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
  });

  it("reads an order another process created, naming lines by the platform's own data", async () => {
    const { platform, fake, secrets } = await start();
    const created = await platform.createOrder(orderInput());
    const other = createPlatform({
      secretKey: secrets.secretKey,
      apiBase: fake.url,
      logger: silentLogger,
    });
    const read = await other.getOrder(created.id);
    expect(read?.items).toEqual([{ productId: "", name: "Adobe Creative Cloud Key", quantity: 2 }]);
  });
});
