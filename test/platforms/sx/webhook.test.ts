import { describe, expect, it } from "vitest";
import type { WebhookRequest } from "../../../src/server/platforms/platform";
import { verifyWebhook } from "../../../src/server/platforms/sx/webhook";
import { signStandardWebhook } from "../signing";
import { event, refused, unreadable } from "../verdicts";

function verifySxWebhook(key: string | undefined, request: WebhookRequest, at: number) {
  return verifyWebhook(request, { secret: key, now: at });
}

const secret = `whsec_${Buffer.from("a signing secret of the sx endpoint").toString("base64")}`;
const now = Date.parse("2026-05-26T07:14:30Z");

function signed(payload: unknown, options: { secret?: string; at?: number } = {}) {
  const body = JSON.stringify(payload);
  const id = "msg_2Lk9a7";
  const timestamp = Math.floor((options.at ?? now) / 1000);
  const headers = new Headers({
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signStandardWebhook(options.secret ?? secret, id, timestamp, body),
  });
  return { headers, rawBody: body };
}

const paid = {
  type: "order.paid",
  timestamp: "2026-05-26T07:14:22Z",
  data: { id: "ord_01J2PVP4XJ", object: "order", status: "paid", total_cents: 4900 },
};

describe("sx webhooks (Standard Webhooks over the raw body)", () => {
  it("accepts a correctly signed order event and reads its status", async () => {
    expect(await verifySxWebhook(secret, signed(paid), now)).toEqual(
      event({ type: "order.paid", orderId: "ord_01J2PVP4XJ", status: "paid" }, "msg_2Lk9a7"),
    );
  });

  it("maps each documented order event onto the contract's statuses", async () => {
    const cases = {
      "order.delivered": "completed",
      "order.failed": "failed",
    } as const;
    for (const [type, status] of Object.entries(cases)) {
      expect(await verifySxWebhook(secret, signed({ ...paid, type }), now)).toEqual(
        event({ type, orderId: "ord_01J2PVP4XJ", status }),
      );
    }
    // A refund may be of part of the order (the document's amount_cents): the order is read
    // again, whatever status the event carries, rather than ended as refunded.
    expect(
      await verifySxWebhook(
        secret,
        signed({ ...paid, type: "order.refunded", data: { ...paid.data, status: "refunded" } }),
        now,
      ),
    ).toEqual(event({ type: "order.refunded", orderId: "ord_01J2PVP4XJ" }));
  });

  it("reads an undocumented order event by the order's own status", async () => {
    const verdict = await verifySxWebhook(
      secret,
      signed({ type: "order.updated", data: { id: "ord_1", status: "delivering" } }),
      now,
    );
    expect(verdict).toEqual(
      event({ type: "order.updated", orderId: "ord_1", status: "delivering" }),
    );
  });

  it("passes other events on without an order", async () => {
    const verdict = await verifySxWebhook(
      secret,
      signed({ type: "payout.confirmed", data: { id: "po_01J2PVZ8KK", status: "confirmed" } }),
      now,
    );
    expect(verdict).toEqual(event({ type: "payout.confirmed" }));
  });

  it("rejects a forged signature, a changed body and another secret", async () => {
    const good = signed(paid);
    const forged = new Headers(good.headers);
    forged.set("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    expect(await verifySxWebhook(secret, { headers: forged, rawBody: good.rawBody }, now)).toEqual(
      refused("mismatch"),
    );
    const changed = good.rawBody.replace("ord_01J2PVP4XJ", "ord_01J2PVN29D");
    expect(await verifySxWebhook(secret, { headers: good.headers, rawBody: changed }, now)).toEqual(
      refused("mismatch"),
    );
    const other = signed(paid, { secret: "whsec_b3RoZXI=" });
    expect(await verifySxWebhook(secret, other, now)).toEqual(refused("mismatch"));
  });

  it("rejects a replay outside the five-minute window and a missing header", async () => {
    expect(await verifySxWebhook(secret, signed(paid, { at: now - 10 * 60_000 }), now)).toEqual(
      refused("stale"),
    );
    // Dated as far ahead: a delivery signed for later is no fresher than one from before.
    expect(await verifySxWebhook(secret, signed(paid, { at: now + 10 * 60_000 }), now)).toEqual(
      refused("stale"),
    );
    const good = signed(paid);
    const missing = new Headers(good.headers);
    missing.delete("webhook-id");
    expect(await verifySxWebhook(secret, { headers: missing, rawBody: good.rawBody }, now)).toEqual(
      refused("unsigned"),
    );
  });

  it("refuses every webhook when no secret is configured", async () => {
    expect(await verifySxWebhook(undefined, signed(paid), now)).toEqual(refused("no_secret"));
    expect(await verifySxWebhook("", signed(paid, { secret: "" }), now)).toEqual(
      refused("no_secret"),
    );
  });

  it("says a signed body that is not JSON or not an event is unreadable", async () => {
    const id = "msg_1";
    const timestamp = Math.floor(now / 1000);
    const cases = [
      ["not json", unreadable("not_json")],
      [JSON.stringify({ data: {} }), unreadable("unexpected_shape")],
    ] as const;
    for (const [body, verdict] of cases) {
      const headers = new Headers({
        "webhook-id": id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signStandardWebhook(secret, id, timestamp, body),
      });
      expect(await verifySxWebhook(secret, { headers, rawBody: body }, now)).toEqual(verdict);
    }
  });
});
