import { describe, expect, it } from "vitest";
import { createPlatform } from "../../../src/server/platforms/sellsn";
import { silentLogger } from "../../../src/server/runtime/logger";
import { closingAfterEach } from "../../support/closed-after-each";
import { refused } from "../verdicts";
import { signSellsnDelivery } from "./fake-data";
import { sellsnStoreId, sellsnTestKey, sellsnWebhookSecret, startSellsn } from "./harness";

const start = closingAfterEach(startSellsn, (started) => started.fake);

describe("SellSN webhooks", () => {
  const orderId = "123e4567-e89b-12d3-a456-426614174099";

  function request(delivery: { headers: Record<string, string>; body: string }) {
    return { headers: new Headers(delivery.headers), rawBody: delivery.body };
  }

  it("accepts a Standard Webhooks delivery signed with the secret", async () => {
    const { platform } = await start();
    const delivery = signSellsnDelivery(sellsnWebhookSecret, orderId, "Completed");
    const event = await platform.verifyWebhook(request(delivery));
    expect(event).toEqual({
      kind: "event",
      event: { type: "order.updated", orderId, status: "completed" },
      // The signed message id, which a retry of this delivery keeps.
      deliveryId: delivery.headers["webhook-id"],
    });
  });

  it("rejects a forged, tampered, stale or unsigned delivery", async () => {
    const { platform } = await start();
    const forged = signSellsnDelivery("whsec_Zm9yZ2VkLXNlY3JldA==", orderId, "Completed");
    expect(await platform.verifyWebhook(request(forged))).toEqual(refused("mismatch"));

    const genuine = signSellsnDelivery(sellsnWebhookSecret, orderId, "Pending");
    const tampered = { ...genuine, body: genuine.body.replace("Pending", "Completed") };
    expect(await platform.verifyWebhook(request(tampered))).toEqual(refused("mismatch"));

    const stale = signSellsnDelivery(
      sellsnWebhookSecret,
      orderId,
      "Completed",
      Date.now() - 3_600_000,
    );
    expect(await platform.verifyWebhook(request(stale))).toEqual(refused("stale"));
    const ahead = signSellsnDelivery(
      sellsnWebhookSecret,
      orderId,
      "Completed",
      Date.now() + 3_600_000,
    );
    expect(await platform.verifyWebhook(request(ahead))).toEqual(refused("stale"));

    expect(await platform.verifyWebhook({ headers: new Headers(), rawBody: genuine.body })).toEqual(
      refused("unsigned"),
    );
  });

  it("refuses every delivery when no webhook secret is configured", async () => {
    const { fake } = await start();
    const platform = createPlatform({
      secretKey: sellsnTestKey,
      storeId: sellsnStoreId,
      apiBase: fake.baseUrl,
      logger: silentLogger,
    });
    const delivery = signSellsnDelivery(sellsnWebhookSecret, orderId, "Completed");
    expect(await platform.verifyWebhook(request(delivery))).toEqual(refused("no_secret"));
  });

  it("acknowledges events that are not about an order without moving one", async () => {
    const { platform } = await start();
    const delivery = signSellsnDelivery(
      sellsnWebhookSecret,
      orderId,
      "Completed",
      Date.now(),
      "product.updated",
    );
    expect(await platform.verifyWebhook(request(delivery))).toEqual({
      kind: "event",
      event: { type: "product.updated" },
      deliveryId: delivery.headers["webhook-id"],
    });
  });
});
