import { describe, expect, it } from "vitest";
import { closingAfterEach } from "../../support/closed-after-each";
import { failure } from "../harness";
import { sellsnIds, sellsnSecretValues } from "./fake-data";
import { orderInput, recordingLogger, sellsnStoreId, startSellsn, uncached } from "./harness";

const start = closingAfterEach(startSellsn, (started) => started.fake);

describe("SellSN adapter over HTTP", () => {
  it("follows the page number in the path until the last page", async () => {
    const { fake, platform } = await start({ maxPageSize: 2 });
    const page = await platform.listProducts({ page: 1, limit: 50 });
    const pageCalls = fake.requests
      .map((request) => request.path)
      .filter((path) => /\/products\/\d+\?/.test(path));
    expect(pageCalls).toEqual(
      [1, 2, 3, 4].map((n) => `/stores/${sellsnStoreId}/products/${n}?count=100`),
    );
    expect(fake.requests.every((request) => request.authorized)).toBe(true);
    // Seven products upstream, two of them hidden.
    expect(page.data.map((product) => product.id)).toEqual([
      sellsnIds.windowsKey,
      sellsnIds.spotify,
      sellsnIds.iconPack,
      sellsnIds.nitro,
      sellsnIds.soldOut,
    ]);
    expect(page.pageCount).toBe(1);
  });

  it("pages and searches the visible catalog for the storefront", async () => {
    const { platform } = await start({}, undefined, uncached);
    const first = await platform.listProducts({ page: 1, limit: 2 });
    const third = await platform.listProducts({ page: 3, limit: 2 });
    expect(first.pageCount).toBe(3);
    expect(first.data).toHaveLength(2);
    expect(third.data.map((product) => product.id)).toEqual([sellsnIds.soldOut]);
    const found = await platform.listProducts({ page: 1, limit: 10, search: "icon" });
    expect(found.data.map((product) => product.id)).toEqual([sellsnIds.iconPack]);
    const hidden = await platform.listProducts({ page: 1, limit: 10, search: "unlisted" });
    expect(hidden.data).toEqual([]);
  });

  it("maps products with stock from the references and the store's currency", async () => {
    const { platform } = await start();
    const [windows, spotify, nitro, soldOut] = await platform.getProducts([
      sellsnIds.windowsKey,
      sellsnIds.spotify,
      sellsnIds.nitro,
      sellsnIds.soldOut,
    ]);
    expect(windows).toMatchObject({
      name: "Windows 11 Pro Retail Key",
      type: "license_key",
      price: { amount: 1999, currency: "EUR" },
      stock: 5,
      available: true,
      quantity: { min: 1, max: 5 },
      badges: ["best_seller"],
      visible: true,
    });
    expect(spotify).toMatchObject({ stock: null, available: true });
    expect(spotify?.customFields.map((field) => field.key)).toEqual([
      "Discord username",
      "Email for activation",
    ]);
    expect(nitro).toMatchObject({ type: "dynamic", stock: null, quantity: { min: 2, max: 10 } });
    expect(soldOut).toMatchObject({ stock: 0, available: false });
  });

  it("sells nothing, and says why, when the store names its currency in words rather than a code", async () => {
    const logger = recordingLogger();
    const { platform } = await start({ currency: "€" }, logger);
    await expect(platform.listProducts({ page: 1, limit: 10 })).rejects.toMatchObject({
      failure: "unavailable",
    });
    await expect(platform.getProducts([sellsnIds.windowsKey])).rejects.toMatchObject({
      failure: "unavailable",
    });
    expect(logger.lines.join("\n")).toMatch(
      /"sellsn_currency_unreadable".*"preferredCurrency":"€"/,
    );
  });

  it("takes images and category from the public view, through the allow-list", async () => {
    const { platform } = await start({}, undefined, uncached);
    const [windows] = await platform.getProducts([sellsnIds.windowsKey]);
    expect(windows?.images).toEqual(["https://cdn.sellsn.io/images/windows-11-pro.webp"]);
    expect(windows?.category).toBe("Software");
    const software = await platform.listProducts({ page: 1, limit: 10, category: "software" });
    expect(software.data.map((product) => product.id)).toEqual([sellsnIds.windowsKey]);
    const text = JSON.stringify([windows, software]);
    for (const secret of sellsnSecretValues) expect(text).not.toContain(secret);
  });

  it("leaves hidden and unknown products out of a batch", async () => {
    const { platform } = await start();
    const found = await platform.getProducts([
      sellsnIds.unlisted,
      sellsnIds.staff,
      "123e4567-e89b-12d3-a456-000000000000",
      sellsnIds.iconPack,
    ]);
    expect(found.map((product) => product.id)).toEqual([sellsnIds.iconPack]);
  });

  it("leaves out, and logs by its id and field, a product costing below zero; the rest are served", async () => {
    const logger = recordingLogger();
    const { fake, platform } = await start({}, logger, uncached);
    const shown = (await platform.listProducts({ page: 1, limit: 50 })).data.map((p) => p.id);
    expect(shown).toContain(sellsnIds.spotify);
    const victim = fake.products.find((product) => product.id === sellsnIds.spotify);
    if (!victim) throw new Error("no product");
    victim.cost = -1;
    const skipped = () =>
      logger.lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.event === "upstream_product_skipped");
    const page = await platform.listProducts({ page: 1, limit: 50 });
    expect(page.data.map((p) => p.id)).toEqual(shown.filter((id) => id !== sellsnIds.spotify));
    // Once for the one read, by id and field: never the value.
    expect(skipped()).toEqual([
      {
        level: "warn",
        event: "upstream_product_skipped",
        platform: "sellsn",
        productId: sellsnIds.spotify,
        reason: "shape",
        issues: [{ path: "cost", code: "too_small" }],
      },
    ]);
    // Read by id: left out of a batch; on its own, unavailable as any unreadable answer.
    const found = await platform.getProducts([sellsnIds.spotify, sellsnIds.iconPack]);
    expect(found.map((p) => p.id)).toEqual([sellsnIds.iconPack]);
    expect(skipped().at(-1)).toMatchObject({ productId: sellsnIds.spotify, reason: "shape" });
    expect((await failure(platform.getProducts([sellsnIds.spotify]))).failure).toBe("unavailable");
  });

  it("serves storefront pages from one catalog read", async () => {
    const { fake, platform } = await start();
    await platform.listProducts({ page: 1, limit: 2 });
    const before = fake.requests.length;
    await platform.listProducts({ page: 2, limit: 2 });
    await platform.listProducts({ page: 3, limit: 2 });
    expect(fake.requests.length).toBe(before);
  });

  it("reads products by id fresh: one call and one public view each, plus the stock references", async () => {
    const { fake, platform } = await start();
    await platform.listProducts({ page: 1, limit: 2 });
    const before = fake.requests.length;
    await platform.getProducts([sellsnIds.iconPack, sellsnIds.spotify]);
    expect(
      fake.requests
        .slice(before)
        .map((request) => request.path)
        .sort(),
    ).toEqual(
      [
        `/stores/${sellsnStoreId}/products`,
        `/stores/${sellsnStoreId}/products/${sellsnIds.iconPack}`,
        `/stores/${sellsnStoreId}/products/${sellsnIds.spotify}`,
        `/products/${sellsnIds.iconPack}/view`,
        `/products/${sellsnIds.spotify}/view`,
      ].sort(),
    );
  });

  it("reads the whole catalog for a large batch, and nothing for ids that are not SellSN's", async () => {
    const { fake, platform } = await start({}, undefined, { perIdReadLimit: 2 });
    const found = await platform.getProducts([
      sellsnIds.windowsKey,
      sellsnIds.spotify,
      sellsnIds.iconPack,
    ]);
    expect(found.map((product) => product.id)).toEqual([
      sellsnIds.windowsKey,
      sellsnIds.spotify,
      sellsnIds.iconPack,
    ]);
    expect(fake.requests.filter((request) => /\/products\/\d+\?/.test(request.path))).toHaveLength(
      4,
    );
    const before = fake.requests.length;
    expect(await platform.getProducts(["2", "no-such-product-42"])).toEqual([]);
    expect(fake.requests.length).toBe(before);
  });

  it("names the store and its currency", async () => {
    const { platform } = await start({ storeName: "Pixel Keys", currency: "JPY" });
    expect(await platform.getStore()).toEqual({
      name: "Pixel Keys",
      currency: "JPY",
      mode: "live",
      paymentMethods: [],
    });
    const [icon] = await platform.getProducts([sellsnIds.iconPack]);
    expect(icon?.price).toEqual({ amount: 12, currency: "JPY" });
  });

  it("has no coupons", async () => {
    const { fake, platform } = await start();
    expect(platform.capabilities.coupons).toBe(false);
    expect(await platform.findCoupon("SAVE10")).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });

  it("creates an order, reads it, and hands out the goods once completed", async () => {
    const { fake, platform } = await start();
    const created = await platform.createOrder(
      orderInput({ paymentMethod: "stripe", fields: { note: "x" } }),
    );
    expect(created).toMatchObject({
      status: "pending",
      total: { amount: 3998, currency: "EUR" },
      items: [{ productId: sellsnIds.windowsKey, name: "Windows 11 Pro Retail Key", quantity: 2 }],
    });
    expect(created.checkoutUrl).toBe(`https://sellsn.io/checkout/${created.id}`);
    expect(created.deliveredItems).toBeUndefined();
    const sent = fake.orders.get(created.id);
    expect(sent).toMatchObject({
      emailAddress: "buyer@example.com",
      gateway: "stripe",
      customValues: { note: "x" },
    });

    fake.completeOrder(created.id);
    const read = await platform.getOrder(created.id);
    expect(read).toMatchObject({
      id: created.id,
      status: "completed",
      deliveredItems: [
        { productId: sellsnIds.windowsKey, kind: "key", value: "W11-AAAA-1111" },
        { productId: sellsnIds.windowsKey, kind: "key", value: "W11-BBBB-2222" },
      ],
      deliveryMessage: "Activate within 30 days.",
    });
    const text = JSON.stringify([created, read]);
    for (const secret of sellsnSecretValues) expect(text).not.toContain(secret);
  });

  it("reads an order whose currency is in words in the store's currency, never in dollars", async () => {
    const { fake, platform } = await start();
    const created = await platform.createOrder(orderInput());
    const sent = fake.orders.get(created.id);
    if (!sent) throw new Error("no order made");
    fake.orders.set(created.id, { ...sent, currency: "€" });
    expect((await platform.getOrder(created.id))?.total).toEqual({ amount: 3998, currency: "EUR" });
  });

  it("sells from fresh stock after an order", async () => {
    const { fake, platform } = await start();
    expect((await platform.getProducts([sellsnIds.windowsKey]))[0]?.stock).toBe(5);
    const created = await platform.createOrder(orderInput());
    fake.completeOrder(created.id);
    expect((await platform.getProducts([sellsnIds.windowsKey]))[0]?.stock).toBe(3);
  });

  it("reports an unknown order as missing and maps unknown statuses to pending", async () => {
    const logger = recordingLogger();
    const { fake, platform } = await start({}, logger);
    expect(await platform.getOrder("123e4567-e89b-12d3-a456-000000000000")).toBeUndefined();
    const created = await platform.createOrder(orderInput());
    fake.setOrderStatus(created.id, "Teleported");
    expect((await platform.getOrder(created.id))?.status).toBe("pending");
    expect(logger.lines.some((line) => line.includes("sellsn_unknown_order_status"))).toBe(true);
  });
});
