import { describe, expect, it } from "vitest";
import { createPlatform } from "../../../src/server/platforms/sellsn";
import { closingAfterEach } from "../../support/closed-after-each";
import { failure } from "../harness";
import { sellsnIds, sellsnSecretValues } from "./fake-data";
import {
  orderInput,
  recordingLogger,
  sellsnStoreId,
  sellsnTestKey,
  startSellsn,
  uncached,
} from "./harness";

const start = closingAfterEach(startSellsn, (started) => started.fake);

describe("SellSN errors over HTTP", () => {
  it("turns SellSN's 400 into field errors without its message", async () => {
    const { platform } = await start();
    const error = await failure(
      platform.createOrder(
        orderInput({ items: [{ productId: sellsnIds.windowsKey, quantity: 9 }] }),
      ),
    );
    expect(error.failure).toBe("rejected");
    expect(error.fields).toEqual({ "items.0.quantity": "was refused by SellSN" });
    expect(error.message).not.toContain("provided form information");
  });

  it("refuses variants, which SellSN products do not have", async () => {
    const { fake, platform } = await start();
    const error = await failure(
      platform.createOrder(
        orderInput({ items: [{ productId: sellsnIds.windowsKey, variantId: "v1", quantity: 1 }] }),
      ),
    );
    expect(error.fields).toHaveProperty("items.0.variantId");
    expect(fake.requests).toHaveLength(0);
  });

  it("maps SellSN's 404 on a listing to not_found, and on one product to a missing product", async () => {
    const { fake, platform } = await start({}, undefined, uncached);
    fake.failNext(1, 404);
    expect((await failure(platform.listProducts({ page: 1, limit: 10 }))).failure).toBe(
      "not_found",
    );
    expect(await platform.getProducts(["123e4567-e89b-12d3-a456-000000000000"])).toEqual([]);
  });

  it("retries a 500 and then reports SellSN unavailable without its body", async () => {
    const logger = recordingLogger();
    const { fake, platform } = await start({}, logger, uncached);
    // Two catalog calls run side by side, each tried three times.
    fake.failNext(6, 500);
    const unavailable = await failure(platform.listProducts({ page: 1, limit: 10 }));
    expect(unavailable.failure).toBe("unavailable");
    expect(unavailable.retryAfter).toBeGreaterThan(0);
    expect(unavailable.message).not.toContain("sellsn-internal-trace-91f2");
    expect(logger.lines.join("\n")).not.toContain("sellsn-internal-trace-91f2");
  });

  it("answers the document's 401 to a wrong key, and logs no key", async () => {
    const logger = recordingLogger();
    const { fake } = await start({}, logger);
    const wrongKey = createPlatform({
      secretKey: "not-the-key",
      storeId: sellsnStoreId,
      apiBase: fake.baseUrl,
      logger,
    });
    const refused = await failure(wrongKey.getStore());
    expect(refused.failure).toBe("unauthorized");
    expect(fake.requests.some((request) => request.authorized)).toBe(false);
    const lines = logger.lines.join("\n");
    expect(lines).toContain("upstream_error");
    for (const secret of [...sellsnSecretValues, sellsnTestKey, "not-the-key"]) {
      expect(lines).not.toContain(secret);
    }
  });

  it("fails loudly when SellSN changes a field", async () => {
    const logger = recordingLogger();
    const { fake, platform } = await start({}, logger);
    // A field SellSN changes is changed on every product (one product alone is left out).
    for (const product of fake.products) (product as { cost: unknown }).cost = "19.99 EUR";
    expect((await failure(platform.listProducts({ page: 1, limit: 10 }))).failure).toBe(
      "unavailable",
    );
    expect(logger.lines.some((line) => line.includes("upstream_shape_mismatch"))).toBe(true);
    expect(logger.lines.join("\n")).toContain("data.0.cost");
    expect(logger.lines.join("\n")).not.toContain("19.99 EUR");
  });
});
