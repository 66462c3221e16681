import { afterEach, describe, expect, it } from "vitest";
import { createdOrderSchema, type OrderStatus } from "../../src/core";
import { createApp } from "../../src/server/app";
import { createOrderEvents, type OrderEvents } from "../../src/server/orders/order-events";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { StoreUnavailableError } from "../../src/server/store/key-value-store";
import { createMemoryStore } from "../../src/server/store/memory-store";
import { createCapturingLogger, demoCatalog, newKey, postJson } from "../factories/sandbox-app";
import type { PlatformHarness, StartedHarness } from "../platforms/harness";
import { sellsnHarness } from "../platforms/sellsn/harness";
import { signSellsteinDelivery } from "../platforms/sellstein/fake-data";
import { sellsteinHarness, sellsteinWebhookSecret } from "../platforms/sellstein/harness";
import {
  sellvyHarness,
  sellvySignedHeaders,
  sellvyTestSecrets,
  sellvyWebhookBody,
} from "../platforms/sellvy/harness";
import { signStandardWebhook } from "../platforms/signing";
import { sxHarness } from "../platforms/sx/harness";

/** Order events that count how often each order's streams are woken. */
function countingEvents(): OrderEvents & { wakeUps: (orderId: string) => number } {
  const events = createOrderEvents(createMemoryStore());
  const counts = new Map<string, number>();
  return {
    ...events,
    notify(orderId) {
      counts.set(orderId, (counts.get(orderId) ?? 0) + 1);
      events.notify(orderId);
    },
    wakeUps: (orderId) => counts.get(orderId) ?? 0,
  };
}

let started: StartedHarness | undefined;
afterEach(async () => {
  await started?.close();
  started = undefined;
});

/** A correctly signed webhook, from the running harness, telling that `orderId` is completed. */
function signedWebhook(orderId: string) {
  if (!started) throw new Error("no harness");
  const body = started.webhookBody(orderId);
  return { body, headers: started.signWebhook(body) };
}

async function appFor(harness: PlatformHarness) {
  started = await harness.start();
  const events = countingEvents();
  const logger = createCapturingLogger();
  const app = createApp({ platform: started.platform, store: createMemoryStore(), logger, events });
  const post = (headers: Record<string, string>, body: string) =>
    app.request(`/api/webhooks/${harness.id}`, { method: "POST", headers, body });
  return { started, events, logger, post };
}

// The four signing schemes: Standard Webhooks (sx, sellsn), a hex HMAC with an event id in the
// body (sellvy), and a hex HMAC with neither id nor timestamp (sellstein: known by its body).
describe.each([sxHarness, sellsnHarness, sellvyHarness, sellsteinHarness])(
  "webhooks once on $id",
  (harness) => {
    it("acknowledges six deliveries of one event and wakes the order's streams once", async () => {
      const { events, logger, post } = await appFor(harness);
      const signed = signedWebhook("ord_once_1");
      for (let delivery = 0; delivery < 6; delivery++) {
        const response = await post(signed.headers, signed.body);
        expect(response.status).toBe(200);
      }
      expect(events.wakeUps("ord_once_1")).toBe(1);
      expect(logger.lines.filter((line) => line.includes('"webhook_replayed"'))).toHaveLength(5);
    });
  },
);

describe("a delivery the store failed to let in", () => {
  it("is answered 503, and its redelivery has its effect rather than being taken for a replay", async () => {
    started = await sellvyHarness.start();
    const events = countingEvents();
    const memory = createMemoryStore();
    // The store answers the delivery's first write, then fails once (a Redis blip).
    let failNext = true;
    const store = {
      ...memory,
      get: async (key: string) => {
        if (key.startsWith("order-status:") && failNext) {
          failNext = false;
          throw new StoreUnavailableError("Redis did not answer");
        }
        return memory.get(key);
      },
    };
    const app = createApp({ platform: started.platform, store, events });
    const signed = signedWebhook("ord_blip_1");
    const post = () =>
      app.request("/api/webhooks/sellvy", {
        method: "POST",
        headers: signed.headers,
        body: signed.body,
      });
    expect((await post()).status).toBe(503);
    expect(events.wakeUps("ord_blip_1")).toBe(0);
    expect((await post()).status).toBe(200);
    expect(events.wakeUps("ord_blip_1")).toBe(1);
    // And only once.
    expect((await post()).status).toBe(200);
    expect(events.wakeUps("ord_blip_1")).toBe(1);
  });

  it("is let in on its redelivery when its mark was written but the answer of that write was lost", async () => {
    started = await sellvyHarness.start();
    const events = countingEvents();
    const memory = createMemoryStore();
    let failNext = true;
    const store = {
      ...memory,
      setIfAbsent: async (key: string, value: string, ttlMs: number) => {
        const written = await memory.setIfAbsent(key, value, ttlMs);
        if (key.startsWith("webhook:") && failNext) {
          failNext = false;
          throw new StoreUnavailableError("Redis did not answer in time");
        }
        return written;
      },
    };
    const app = createApp({ platform: started.platform, store, events });
    const signed = signedWebhook("ord_blip_2");
    const post = () =>
      app.request("/api/webhooks/sellvy", {
        method: "POST",
        headers: signed.headers,
        body: signed.body,
      });
    expect((await post()).status).toBe(503);
    expect((await post()).status).toBe(200);
    expect(events.wakeUps("ord_blip_2")).toBe(1);
  });
});

describe("how a delivery is known", () => {
  it("sx: by its signed webhook-id, so a retry signed again later is still a replay", async () => {
    const { events, post } = await appFor(sxHarness);
    if (!started) throw new Error("no harness");
    const secret = started.secrets.webhookSecret;
    const signed = signedWebhook("ord_known_1");
    const id = signed.headers["webhook-id"] ?? "";
    expect((await post(signed.headers, signed.body)).status).toBe(200);
    const later = Math.floor(Date.now() / 1000) + 60;
    const resigned = {
      ...signed.headers,
      "webhook-timestamp": String(later),
      "webhook-signature": signStandardWebhook(secret, id, later, signed.body),
    };
    expect((await post(resigned, signed.body)).status).toBe(200);
    const next = `${id}_next`;
    const other = {
      ...resigned,
      "webhook-id": next,
      "webhook-signature": signStandardWebhook(secret, next, later, signed.body),
    };
    expect((await post(other, signed.body)).status).toBe(200);
    expect(events.wakeUps("ord_known_1")).toBe(2);
  });

  it("sellvy: by the event id in its body, however the body is spaced", async () => {
    const { events, post } = await appFor(sellvyHarness);
    const secret = sellvyTestSecrets.webhookSecret;
    const body = sellvyWebhookBody("ord_known_2");
    const respaced = JSON.stringify(JSON.parse(body), null, 2);
    expect((await post(sellvySignedHeaders(body, secret), body)).status).toBe(200);
    expect((await post(sellvySignedHeaders(respaced, secret), respaced)).status).toBe(200);
    expect(events.wakeUps("ord_known_2")).toBe(1);
    const refund = sellvyWebhookBody("ord_known_2", "order.refunded").replace(
      "evt_ord_known_2",
      "evt_ord_known_2_refund",
    );
    expect((await post(sellvySignedHeaders(refund, secret), refund)).status).toBe(200);
    expect(events.wakeUps("ord_known_2")).toBe(2);
  });

  it("sellstein: by a hash of the signed body, which has no event id", async () => {
    const { events, post } = await appFor(sellsteinHarness);
    const first = signSellsteinDelivery(sellsteinWebhookSecret, "order.updated", {
      id: "ord_known_3",
      status: "pending",
    });
    const second = signSellsteinDelivery(sellsteinWebhookSecret, "order.completed", {
      id: "ord_known_3",
      status: "completed",
    });
    for (const delivery of [first, first, second, second]) {
      expect((await post(delivery.headers, delivery.body)).status).toBe(200);
    }
    expect(events.wakeUps("ord_known_3")).toBe(2);
  });
});

describe.each([sxHarness, sellsnHarness])(
  "a stale Standard Webhooks delivery on $id",
  (harness) => {
    it("is refused with 401, logged as stale, and wakes nothing", async () => {
      const { events, logger, post } = await appFor(harness);
      const signed = signedWebhook("ord_stale_1");
      if (!started) throw new Error("no harness");
      const id = signed.headers["webhook-id"] ?? "";
      const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
      const stale = {
        ...signed.headers,
        "webhook-timestamp": String(sixMinutesAgo),
        "webhook-signature": signStandardWebhook(
          started.secrets.webhookSecret,
          id,
          sixMinutesAgo,
          signed.body,
        ),
      };
      expect((await post(stale, signed.body)).status).toBe(401);
      expect(events.wakeUps("ord_stale_1")).toBe(0);
      // Told apart from a wrong secret: the operator looks at clocks, not keys.
      expect(logger.lines.filter((line) => line.includes('"webhook_rejected"'))).toEqual([
        expect.stringContaining('"reason":"stale"'),
      ]);
      // The same delivery signed now is taken: only the timestamp was wrong.
      expect((await post(signed.headers, signed.body)).status).toBe(200);
      expect(events.wakeUps("ord_stale_1")).toBe(1);
    });
  },
);

describe("an event never moves an order backwards", () => {
  it("acknowledges a late paid after completed and ignores it; a refund still moves on", async () => {
    const { events, logger, post } = await appFor(sxHarness);
    if (!started) throw new Error("no harness");
    const secret = started.secrets.webhookSecret;
    let sequence = 0;
    const deliver = (type: string, status: string) => {
      const body = JSON.stringify({ type, data: { id: "ord_order_1", object: "order", status } });
      const id = `msg_back_${++sequence}`;
      const timestamp = Math.floor(Date.now() / 1000);
      return post(
        {
          "content-type": "application/json",
          "webhook-id": id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signStandardWebhook(secret, id, timestamp, body),
        },
        body,
      );
    };
    expect((await deliver("order.delivered", "completed")).status).toBe(200);
    expect(events.wakeUps("ord_order_1")).toBe(1);
    expect((await deliver("order.paid", "paid")).status).toBe(200);
    expect(events.wakeUps("ord_order_1")).toBe(1);
    expect(logger.lines.some((line) => line.includes('"webhook_out_of_order"'))).toBe(true);
    expect((await deliver("order.refunded", "refunded")).status).toBe(200);
    expect(events.wakeUps("ord_order_1")).toBe(2);
  });
});

describe("an order stream never shows an order going back", () => {
  it("skips a read that lags behind what the buyer already saw", async () => {
    const sandbox = createSandboxPlatform(demoCatalog());
    // The platform's reads as a lagging replica would give them: paid, then pending again.
    const reads: OrderStatus[] = ["paid", "awaiting_payment", "completed"];
    const platform = {
      ...sandbox,
      async getOrder(id: string) {
        const order = await sandbox.getOrder(id);
        const status = reads.shift();
        return order && status ? { ...order, status } : order;
      },
    };
    const app = createApp({ platform, store: createMemoryStore(), orderPollMs: 1 });
    const created = createdOrderSchema.parse(
      await (
        await app.request(
          "/api/orders",
          postJson(
            { items: [{ productId: "setup-call", quantity: 1 }], email: "b@example.com" },
            newKey(),
          ),
        )
      ).json(),
    );
    const stream = await app.request(`/api/orders/${created.id}/events?token=${created.token}`);
    const statuses = [...(await stream.text()).matchAll(/"status":"([a-z_]+)"/g)].map(
      (match) => match[1],
    );
    expect(statuses).toEqual(["paid", "completed"]);
  });
});
