import { describe, expect, it } from "vitest";
import { sellvyAdapter } from "../../../src/server/platforms/sellvy";
import { verifySellvyWebhook } from "../../../src/server/platforms/sellvy/webhook";
import { hmacSha256Hex } from "../../../src/server/platforms/shared/webhook-signature";
import { createLogger } from "../../../src/server/runtime/logger";
import { sellvySignedHeaders, sellvyTestSecrets, sellvyWebhookBody } from "./harness";

const secret = sellvyTestSecrets.webhookSecret;
const lines: string[] = [];
const logger = createLogger({ write: (line) => lines.push(line) });

function request(body: string, headers: Record<string, string>) {
  return { headers: new Headers(headers), rawBody: body };
}

describe("Sellvy webhooks", () => {
  it("accepts the document's payload signed with X-Sellvy-Signature", () => {
    const body = sellvyWebhookBody("ord_xyz789");
    expect(
      verifySellvyWebhook(request(body, sellvySignedHeaders(body, secret)), secret, logger),
    ).toEqual({
      type: "order.completed",
      orderId: "ord_xyz789",
      status: "completed",
    });
  });

  it("accepts an upper-case hex signature, as the document only says hex", () => {
    const body = sellvyWebhookBody("ord_1");
    const headers = { "X-Sellvy-Signature": hmacSha256Hex(secret, body).toUpperCase() };
    expect(verifySellvyWebhook(request(body, headers), secret, logger)?.orderId).toBe("ord_1");
  });

  it("refuses a forged, tampered, unsigned or sha256=-prefixed call", () => {
    const body = sellvyWebhookBody("ord_1");
    const forged = sellvySignedHeaders(body, "not-the-secret");
    expect(verifySellvyWebhook(request(body, forged), secret, logger)).toBeUndefined();
    const tampered = body.replace("ord_1", "ord_2");
    expect(
      verifySellvyWebhook(request(tampered, sellvySignedHeaders(body, secret)), secret, logger),
    ).toBeUndefined();
    expect(verifySellvyWebhook(request(body, {}), secret, logger)).toBeUndefined();
    const prefixed = { "x-sellvy-signature": `sha256=${hmacSha256Hex(secret, body)}` };
    expect(verifySellvyWebhook(request(body, prefixed), secret, logger)).toBeUndefined();
  });

  it("refuses every webhook when no secret is configured", async () => {
    const body = sellvyWebhookBody("ord_1");
    const platform = sellvyAdapter.create({
      secretKey: sellvyTestSecrets.secretKey,
      apiBase: "http://127.0.0.1:9/v1",
      logger,
    });
    expect(
      await platform.verifyWebhook(request(body, sellvySignedHeaders(body, ""))),
    ).toBeUndefined();
    expect(
      await platform.verifyWebhook(request(body, sellvySignedHeaders(body, secret))),
    ).toBeUndefined();
  });

  it.each([
    ["order.created", undefined],
    ["order.completed", "completed"],
    ["order.refunded", "refunded"],
    ["order.cancelled", "cancelled"],
    ["order.disputed", undefined],
    ["payment.received", "paid"],
    ["payment.failed", "failed"],
  ])("maps %s to status %s", (type, status) => {
    const body = sellvyWebhookBody("ord_7", type);
    const event = verifySellvyWebhook(
      request(body, sellvySignedHeaders(body, secret)),
      secret,
      logger,
    );
    expect(event).toEqual({ type, orderId: "ord_7", ...(status ? { status } : {}) });
  });

  it("reads non-order events without an order", () => {
    const body = JSON.stringify({
      id: "evt_1",
      type: "product.updated",
      data: { id: "prod_abc123" },
    });
    expect(
      verifySellvyWebhook(request(body, sellvySignedHeaders(body, secret)), secret, logger),
    ).toEqual({
      type: "product.updated",
    });
  });

  it("accepts a signed body it cannot read without logging it", () => {
    lines.length = 0;
    const body = "not json: buyer@example.com";
    expect(
      verifySellvyWebhook(request(body, sellvySignedHeaders(body, secret)), secret, logger),
    ).toEqual({
      type: "unknown",
    });
    expect(lines.join("\n")).not.toContain("buyer@example.com");
  });
});
