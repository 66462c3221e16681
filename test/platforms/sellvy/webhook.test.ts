import { describe, expect, it } from "vitest";
import type { OrderStatus } from "../../../src/core";
import { adapter } from "../../../src/server/platforms/sellvy";
import { verifyWebhook } from "../../../src/server/platforms/sellvy/webhook";
import { createLogger } from "../../../src/server/runtime/logger";
import { hmacSha256Hex } from "../signing";
import { event, refused, unreadable } from "../verdicts";
import { sellvySignedHeaders, sellvyTestSecrets, sellvyWebhookBody } from "./harness";

const secret = sellvyTestSecrets.webhookSecret;
const lines: string[] = [];
const logger = createLogger({ write: (line) => lines.push(line) });

function request(body: string, headers: Record<string, string>) {
  return { headers: new Headers(headers), rawBody: body };
}

function verifySellvyWebhook(
  call: ReturnType<typeof request>,
  key: string | undefined,
  _logger: unknown,
) {
  return verifyWebhook(call, { secret: key, now: Date.now() });
}

describe("Sellvy webhooks", () => {
  it("accepts the document's payload signed with X-Sellvy-Signature", async () => {
    const body = sellvyWebhookBody("ord_xyz789");
    expect(
      await verifySellvyWebhook(request(body, sellvySignedHeaders(body, secret)), secret, logger),
    ).toEqual(event({ type: "order.completed", orderId: "ord_xyz789", status: "completed" }));
  });

  it("accepts an upper-case hex signature, as the document only says hex", async () => {
    const body = sellvyWebhookBody("ord_1");
    const headers = { "X-Sellvy-Signature": hmacSha256Hex(secret, body).toUpperCase() };
    expect(await verifySellvyWebhook(request(body, headers), secret, logger)).toEqual(
      event({ type: "order.completed", orderId: "ord_1", status: "completed" }),
    );
  });

  it("refuses a forged, tampered, unsigned or sha256=-prefixed call", async () => {
    const body = sellvyWebhookBody("ord_1");
    const forged = sellvySignedHeaders(body, "not-the-secret");
    expect(await verifySellvyWebhook(request(body, forged), secret, logger)).toEqual(
      refused("mismatch"),
    );
    const tampered = body.replace("ord_1", "ord_2");
    expect(
      await verifySellvyWebhook(
        request(tampered, sellvySignedHeaders(body, secret)),
        secret,
        logger,
      ),
    ).toEqual(refused("mismatch"));
    expect(await verifySellvyWebhook(request(body, {}), secret, logger)).toEqual(
      refused("unsigned"),
    );
    const prefixed = { "x-sellvy-signature": `sha256=${hmacSha256Hex(secret, body)}` };
    expect(await verifySellvyWebhook(request(body, prefixed), secret, logger)).toEqual(
      refused("mismatch"),
    );
  });

  it("refuses every webhook when no secret is configured", async () => {
    const body = sellvyWebhookBody("ord_1");
    const platform = adapter.create({
      secretKey: sellvyTestSecrets.secretKey,
      apiBase: "http://127.0.0.1:9/v1",
      logger,
    });
    expect(await platform.verifyWebhook(request(body, sellvySignedHeaders(body, "")))).toEqual(
      refused("no_secret"),
    );
    expect(await platform.verifyWebhook(request(body, sellvySignedHeaders(body, secret)))).toEqual(
      refused("no_secret"),
    );
  });

  it.each([
    ["order.created", undefined],
    ["order.completed", "completed"],
    // Fully or partly (the document): the order is read again rather than called refunded.
    ["order.refunded", undefined],
    ["order.cancelled", "cancelled"],
    ["order.disputed", undefined],
    ["payment.received", "paid"],
    // One attempt of an order still open to pay: read again, never the final "failed".
    ["payment.failed", undefined],
  ])("maps %s to status %s", async (type, status) => {
    const body = sellvyWebhookBody("ord_7", type);
    const verdict = await verifySellvyWebhook(
      request(body, sellvySignedHeaders(body, secret)),
      secret,
      logger,
    );
    expect(verdict).toEqual(
      event({ type, orderId: "ord_7", ...(status ? { status: status as OrderStatus } : {}) }),
    );
  });

  it("reads non-order events without an order", async () => {
    const body = JSON.stringify({
      id: "evt_1",
      type: "product.updated",
      data: { id: "prod_abc123" },
    });
    expect(
      await verifySellvyWebhook(request(body, sellvySignedHeaders(body, secret)), secret, logger),
    ).toEqual(event({ type: "product.updated" }));
  });

  it("says a signed body it cannot read is unreadable", async () => {
    const body = "not json: buyer@example.com";
    expect(
      await verifySellvyWebhook(request(body, sellvySignedHeaders(body, secret)), secret, logger),
    ).toEqual(unreadable("not_json"));
  });
});
