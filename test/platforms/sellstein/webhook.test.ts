import { describe, expect, it } from "vitest";
import { verifySellsteinWebhook } from "../../../src/server/platforms/sellstein/webhook";
import { hmacSha256Hex } from "../../../src/server/platforms/shared/webhook-signature";
import { signSellsteinDelivery } from "./fake-server";

const secret = "whsec_test_sellstein_1";

function request(headers: Record<string, string>, rawBody: string) {
  return { headers: new Headers(headers), rawBody };
}

describe("SellStein webhooks", () => {
  it("accepts a delivery signed with sha256=<hex> over the raw body", () => {
    const { headers, body } = signSellsteinDelivery(secret, "order.updated", {
      id: "ord_Qw7mNp3",
      status: "shipped",
    });
    expect(verifySellsteinWebhook(secret, request(headers, body))).toEqual({
      type: "order.updated",
      orderId: "ord_Qw7mNp3",
      status: "delivering",
    });
  });

  it("verifies the bytes as sent, not a re-serialized body", () => {
    const body = '{ "event":"order.completed",  "data":{"id":"ord_1"} }';
    const headers = { "X-SellStein-Signature": `sha256=${hmacSha256Hex(secret, body)}` };
    expect(verifySellsteinWebhook(secret, request(headers, body))).toEqual({
      type: "order.completed",
      orderId: "ord_1",
      status: "completed",
    });
  });

  it("takes the status from the event name when data has none", () => {
    const { headers, body } = signSellsteinDelivery(secret, "order.refunded", { id: "ord_2" });
    expect(verifySellsteinWebhook(secret, request(headers, body))?.status).toBe("refunded");
    const created = signSellsteinDelivery(secret, "order.created", { id: "ord_3" });
    expect(verifySellsteinWebhook(secret, request(created.headers, created.body))).toEqual({
      type: "order.created",
      orderId: "ord_3",
    });
  });

  it("reports events about other things by type only", () => {
    const { headers, body } = signSellsteinDelivery(secret, "product.updated", { id: "prod_1" });
    expect(verifySellsteinWebhook(secret, request(headers, body))).toEqual({
      type: "product.updated",
    });
  });

  it("rejects a forged, altered, unprefixed or missing signature", () => {
    const { headers, body } = signSellsteinDelivery(secret, "order.completed", { id: "ord_4" });
    const forged = signSellsteinDelivery("not-the-secret", "order.completed", { id: "ord_4" });
    expect(verifySellsteinWebhook(secret, request(forged.headers, forged.body))).toBeUndefined();
    const altered = body.replace("ord_4", "ord_5");
    expect(verifySellsteinWebhook(secret, request(headers, altered))).toBeUndefined();
    const bare = { "x-sellstein-signature": hmacSha256Hex(secret, body) };
    expect(verifySellsteinWebhook(secret, request(bare, body))).toBeUndefined();
    expect(verifySellsteinWebhook(secret, request({}, body))).toBeUndefined();
  });

  it("refuses everything when no webhook secret is configured", () => {
    const { headers, body } = signSellsteinDelivery("", "order.completed", { id: "ord_6" });
    expect(verifySellsteinWebhook(undefined, request(headers, body))).toBeUndefined();
    expect(verifySellsteinWebhook("", request(headers, body))).toBeUndefined();
  });

  it("refuses a signed body that is not a SellStein delivery", () => {
    const body = "not json";
    const headers = { "x-sellstein-signature": `sha256=${hmacSha256Hex(secret, body)}` };
    expect(verifySellsteinWebhook(secret, request(headers, body))).toBeUndefined();
  });
});
