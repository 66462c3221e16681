import { describe, expect, it } from "vitest";
import { verifyWebhook } from "../../../src/server/platforms/sellstein/webhook";
import { hmacSha256Hex } from "../signing";
import { event, refused, unreadable } from "../verdicts";
import { signSellsteinDelivery } from "./fake-data";

const secret = "whsec_test_sellstein_1";

function request(headers: Record<string, string>, rawBody: string) {
  return { headers: new Headers(headers), rawBody };
}

function verifySellsteinWebhook(key: string | undefined, call: ReturnType<typeof request>) {
  return verifyWebhook(call, { secret: key, now: Date.now() });
}

describe("SellStein webhooks", () => {
  it("accepts a delivery signed with sha256=<hex> over the raw body", async () => {
    const { headers, body } = signSellsteinDelivery(secret, "order.updated", {
      id: "ord_Qw7mNp3",
      status: "shipped",
    });
    expect(await verifySellsteinWebhook(secret, request(headers, body))).toEqual(
      event({
        type: "order.updated",
        orderId: "ord_Qw7mNp3",
        status: "delivering",
      }),
    );
  });

  it("verifies the bytes as sent, not a re-serialized body", async () => {
    const body = '{ "event":"order.completed",  "data":{"id":"ord_1"} }';
    const headers = { "X-SellStein-Signature": `sha256=${hmacSha256Hex(secret, body)}` };
    expect(await verifySellsteinWebhook(secret, request(headers, body))).toEqual(
      event({
        type: "order.completed",
        orderId: "ord_1",
        status: "completed",
      }),
    );
  });

  it("also verifies a body sent spaced but signed as the document's verifier reads it", async () => {
    // The document verifies `JSON.stringify(req.body)` and shows its deliveries spaced.
    const delivery = { event: "order.completed", data: { id: "ord_1" } };
    const body = JSON.stringify(delivery, null, 2);
    const signed = {
      "X-SellStein-Signature": `sha256=${hmacSha256Hex(secret, JSON.stringify(delivery))}`,
    };
    expect(await verifySellsteinWebhook(secret, request(signed, body))).toEqual(
      event({ type: "order.completed", orderId: "ord_1", status: "completed" }),
    );
    // Never a signature of another body: the parsed body is what was signed.
    const other = JSON.stringify({ ...delivery, data: { id: "ord_2" } }, null, 2);
    expect(await verifySellsteinWebhook(secret, request(signed, other))).toEqual(
      refused("mismatch"),
    );
  });

  it("takes the status from the event name when data has none", async () => {
    const { headers, body } = signSellsteinDelivery(secret, "order.completed", { id: "ord_1" });
    expect(await verifySellsteinWebhook(secret, request(headers, body))).toEqual(
      event({ type: "order.completed", orderId: "ord_1", status: "completed" }),
    );
    // Fired for a partial refund too (the document): the order is read again, not called refunded.
    const refund = signSellsteinDelivery(secret, "order.refunded", { id: "ord_2" });
    expect(await verifySellsteinWebhook(secret, request(refund.headers, refund.body))).toEqual(
      event({ type: "order.refunded", orderId: "ord_2" }),
    );
    const created = signSellsteinDelivery(secret, "order.created", { id: "ord_3" });
    expect(await verifySellsteinWebhook(secret, request(created.headers, created.body))).toEqual(
      event({
        type: "order.created",
        orderId: "ord_3",
      }),
    );
  });

  it("reports events about other things by type only", async () => {
    const { headers, body } = signSellsteinDelivery(secret, "product.updated", { id: "prod_1" });
    expect(await verifySellsteinWebhook(secret, request(headers, body))).toEqual(
      event({
        type: "product.updated",
      }),
    );
  });

  it("rejects a forged, altered, unprefixed or missing signature", async () => {
    const { headers, body } = signSellsteinDelivery(secret, "order.completed", { id: "ord_4" });
    const forged = signSellsteinDelivery("not-the-secret", "order.completed", { id: "ord_4" });
    expect(await verifySellsteinWebhook(secret, request(forged.headers, forged.body))).toEqual(
      refused("mismatch"),
    );
    const altered = body.replace("ord_4", "ord_5");
    expect(await verifySellsteinWebhook(secret, request(headers, altered))).toEqual(
      refused("mismatch"),
    );
    const bare = { "x-sellstein-signature": hmacSha256Hex(secret, body) };
    expect(await verifySellsteinWebhook(secret, request(bare, body))).toEqual(refused("unsigned"));
    expect(await verifySellsteinWebhook(secret, request({}, body))).toEqual(refused("unsigned"));
  });

  it("refuses everything when no webhook secret is configured", async () => {
    const { headers, body } = signSellsteinDelivery("", "order.completed", { id: "ord_6" });
    expect(await verifySellsteinWebhook(undefined, request(headers, body))).toEqual(
      refused("no_secret"),
    );
    expect(await verifySellsteinWebhook("", request(headers, body))).toEqual(refused("no_secret"));
  });

  it("says a signed body that is not a SellStein delivery is unreadable", async () => {
    const body = "not json";
    const headers = { "x-sellstein-signature": `sha256=${hmacSha256Hex(secret, body)}` };
    expect(await verifySellsteinWebhook(secret, request(headers, body))).toEqual(
      unreadable("not_json"),
    );
  });
});
