import { afterEach, describe, expect, it } from "vitest";
import { createdOrderSchema, type OrderStatus } from "../../src/core";
import { createApp } from "../../src/server/app";
import { createOrderEvents, type OrderEvents } from "../../src/server/orders/order-events";
import { createWebhookGate } from "../../src/server/orders/webhook-gate";
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
import { hexSignedHeaders, signStandardWebhook } from "../platforms/signing";
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

/** Orders a setup call on `app`, as a buyer would, for a test to follow. */
async function orderSetupCall(app: ReturnType<typeof createApp>) {
  const response = await app.request(
    "/api/orders",
    postJson(
      { items: [{ productId: "setup-call", quantity: 1 }], email: "b@example.com" },
      newKey(),
    ),
  );
  return createdOrderSchema.parse(await response.json());
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

/** Posts the running harness's signed webhook for `orderId` to `app`, once per call. */
function deliveryTo(app: ReturnType<typeof createApp>, platform: string, orderId: string) {
  const { headers, body } = signedWebhook(orderId);
  return () => app.request(`/api/webhooks/${platform}`, { method: "POST", headers, body });
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
    const post = deliveryTo(app, "sellvy", "ord_blip_1");
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
    const post = deliveryTo(app, "sellvy", "ord_blip_2");
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
    const created = await orderSetupCall(app);
    const stream = await app.request(`/api/orders/${created.id}/events?token=${created.token}`);
    const statuses = [...(await stream.text()).matchAll(/"status":"([a-z_]+)"/g)].map(
      (match) => match[1],
    );
    expect(statuses).toEqual(["paid", "completed"]);
  });
});

describe("a delivery let in while the store fails", () => {
  /** A store that fails every command but writes while `down`, on a clock the test moves. */
  function flakyStore() {
    const clock = { now: 1_700_000_000_000 };
    const memory = createMemoryStore({ now: () => clock.now });
    const state = { down: false, downAfterMark: false };
    const failWhileDown =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (state.down) throw new StoreUnavailableError("Redis connection lost");
        return call(...args);
      };
    const store = {
      ...memory,
      setIfAbsent: async (key: string, value: string, ttlMs: number) => {
        const written = await memory.setIfAbsent(key, value, ttlMs);
        // Redis takes the delivery's mark, then goes away before anything else.
        if (key.startsWith("webhook:") && state.downAfterMark) state.down = true;
        return written;
      },
      get: failWhileDown(memory.get.bind(memory)),
      set: failWhileDown(memory.set.bind(memory)),
      deleteIfEqual: failWhileDown(memory.deleteIfEqual.bind(memory)),
    };
    return { store, clock, state };
  }

  it("has its effect when the platform sends it again once the store is back, though its mark could not be taken back", async () => {
    started = await sellvyHarness.start();
    const events = countingEvents();
    const { store, clock, state } = flakyStore();
    const app = createApp({
      platform: started.platform,
      store,
      events,
      logger: createCapturingLogger(),
    });
    const post = deliveryTo(app, "sellvy", "ord_midway_1");

    state.downAfterMark = true;
    expect((await post()).status).toBe(503);
    state.downAfterMark = false;
    state.down = false;
    // Sent again at once: its mark is still there, and says it is not done. Not a replay.
    const soon = await post();
    expect(soon.status).toBe(409);
    expect(soon.headers.get("retry-after")).toBe("30");
    expect(events.wakeUps("ord_midway_1")).toBe(0);
    // Sellvy's next attempt, a minute later: let in, and it has its effect once.
    clock.now += 60_000;
    expect((await post()).status).toBe(200);
    expect(events.wakeUps("ord_midway_1")).toBe(1);
    expect((await post()).status).toBe(200);
    expect(events.wakeUps("ord_midway_1")).toBe(1);
  });

  it("does not acknowledge an attempt sent while an earlier one is still being let in, which then fails", async () => {
    started = await sellvyHarness.start();
    const events = countingEvents();
    const memory = createMemoryStore();
    // The first attempt's status read hangs (a slow Redis), then fails.
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reached: () => void = () => {};
    const reading = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let firstRead = true;
    const store = {
      ...memory,
      get: async (key: string) => {
        if (key.startsWith("order-status:") && firstRead) {
          firstRead = false;
          reached();
          await slow;
          throw new StoreUnavailableError("Redis command timed out");
        }
        return memory.get(key);
      },
    };
    const app = createApp({
      platform: started.platform,
      store,
      events,
      logger: createCapturingLogger(),
    });
    const post = deliveryTo(app, "sellvy", "ord_inflight_1");

    const first = post();
    await reading;
    // The platform gave up waiting on the first and sends it again: not acknowledged yet.
    const second = await post();
    expect(second.status).toBe(409);
    release();
    expect((await first).status).toBe(503);
    // Its next attempt is let in, and has its effect.
    expect((await post()).status).toBe(200);
    expect(events.wakeUps("ord_inflight_1")).toBe(1);
  });
});

describe("a delivery without an id of its own (SellStein)", () => {
  it("counts once however it is spaced, as its scheme verifies every spacing", async () => {
    started = await sellsteinHarness.start();
    const events = countingEvents();
    const logger = createCapturingLogger();
    const app = createApp({
      platform: started.platform,
      store: createMemoryStore(),
      events,
      logger,
    });
    const delivery = {
      event: "order.completed",
      data: { id: "ord_spaced_1", status: "completed" },
      timestamp: "2026-03-03T10:15:00Z",
      webhook_id: "whk_Mn4pQr8",
    };
    // Signed as SellStein's verifier reads it (JSON.stringify of the parsed body).
    const signed = JSON.stringify(delivery);
    const headers = hexSignedHeaders(
      "x-sellstein-signature",
      sellsteinWebhookSecret,
      signed,
      "sha256=",
    );
    for (const spacing of [0, 1, 2, 4]) {
      const body = spacing === 0 ? signed : JSON.stringify(delivery, null, spacing);
      const response = await app.request("/api/webhooks/sellstein", {
        method: "POST",
        headers,
        body,
      });
      expect(response.status).toBe(200);
    }
    expect(logger.lines.filter((line) => line.includes('"webhook_received"'))).toHaveLength(1);
    expect(logger.lines.filter((line) => line.includes('"webhook_replayed"'))).toHaveLength(3);
    expect(events.wakeUps("ord_spaced_1")).toBe(1);
  });
});

describe("an order stream woken while it reads", () => {
  /**
   * A sandbox whose order reads can be held, and which answers with the status it was asked at:
   * a read that set out before a change brings the status from before it.
   */
  function heldReads() {
    const sandbox = createSandboxPlatform(demoCatalog());
    const upstream = { status: "awaiting_payment" as OrderStatus, reads: 0 };
    let hold: Promise<void> | undefined;
    const platform = Object.assign(Object.create(sandbox) as typeof sandbox, {
      async getOrder(id: string) {
        const order = await sandbox.getOrder(id);
        const asked = upstream.status;
        upstream.reads += 1;
        if (hold) await hold;
        return order ? { ...order, status: asked } : order;
      },
    });
    const holdNext = () => {
      let release = () => {};
      hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        hold = undefined;
        release();
      };
    };
    return { platform, upstream, holdNext };
  }

  it("reads again at once for a notice that landed during the read, not a poll later", async () => {
    const { platform, upstream, holdNext } = heldReads();
    const store = createMemoryStore();
    const events = createOrderEvents(store);
    // Polls a minute apart: only a notice can wake the stream within the test.
    const app = createApp({
      platform,
      store,
      events,
      orderPollMs: 60_000,
      logger: createCapturingLogger(),
    });
    const created = await orderSetupCall(app);
    const stream = await app.request(`/api/orders/${created.id}/events?token=${created.token}`);
    const reader = stream.body?.getReader();
    if (!reader) throw new Error("no stream");
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain('"status":"awaiting_payment"');
    // A first notice wakes the stream; its read is slow, and the order completes meanwhile,
    // which a second notice says while that read is still on its way.
    const release = holdNext();
    const before = upstream.reads;
    events.notify(created.id);
    await expect.poll(() => upstream.reads).toBe(before + 1);
    upstream.status = "completed";
    events.notify(created.id);
    release();
    while (!text.includes('"status":"completed"')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    await reader.cancel();
    expect(text).toContain('"status":"completed"');
  }, 10_000);

  it("keeps nothing of an order whose read failed after a notice (a platform failing while webhooks land)", async () => {
    const events = createOrderEvents(createMemoryStore());
    await events.ready;
    for (let index = 0; index < 20; index++) {
      const orderId = `ord_${index}`;
      let fail = (_error: Error) => {};
      const read = events.read(orderId, 60_000, () => new Promise((_, reject) => (fail = reject)));
      events.notify(orderId);
      // The notice has gone round the store and counted against the read on its way.
      await new Promise((resolve) => setTimeout(resolve, 0));
      fail(new Error("the platform is down"));
      await read.catch(() => {});
    }
    expect(events.held).toBe(0);
    // What a read that succeeds keeps is still its own until it is stale.
    await events.read("ord_ok", 60_000, async () => ({ status: "paid" }));
    expect(events.held).toBe(1);
    await events.close();
  });
});

describe("the webhook gate", () => {
  it("does not take an attempt for a replay when the one it met failed and took its mark back meanwhile", async () => {
    const memory = createMemoryStore();
    let failStatusWrite = true;
    let beforeMarkRead: (() => Promise<void>) | undefined;
    // Told once the second attempt has met the first's mark: in that order, whatever the clock.
    let markAsks = 0;
    let firstMarked = () => {};
    const firstMarks = new Promise<void>((resolve) => {
      firstMarked = resolve;
    });
    let secondMet = () => {};
    const secondMeets = new Promise<void>((resolve) => {
      secondMet = resolve;
    });
    const store = {
      ...memory,
      setIfAbsent: async (key: string, value: string, ttlMs: number) => {
        const taken = await memory.setIfAbsent(key, value, ttlMs);
        if (key.startsWith("webhook:")) {
          markAsks += 1;
          if (markAsks === 1) firstMarked();
          if (markAsks === 2) secondMet();
        }
        return taken;
      },
      set: async (key: string, value: string, ttlMs: number) => {
        if (key.startsWith("order-status:") && failStatusWrite) {
          failStatusWrite = false;
          // The second attempt arrives while the first is being let in; then the store fails.
          await secondMeets;
          throw new StoreUnavailableError("Redis command timed out");
        }
        return memory.set(key, value, ttlMs);
      },
      get: async (key: string) => {
        const hook = key.startsWith("webhook:") ? beforeMarkRead : undefined;
        if (hook) beforeMarkRead = undefined;
        await hook?.();
        return memory.get(key);
      },
    };
    const gate = createWebhookGate(store, "sellvy");
    const event = { type: "order.paid", orderId: "ord_raced_1", status: "paid" as const };
    const first = gate.admit(event, "evt_raced_1", "{}");
    // The second reads the first's mark only once the first has failed and taken it back.
    beforeMarkRead = async () => {
      await first.catch(() => undefined);
    };
    await firstMarks;
    const second = await gate.admit(event, "evt_raced_1", "{}").catch((error: unknown) => error);
    await expect(first).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(second).toMatchObject({ status: 409 });
    // The platform's next attempt is let in.
    await expect(gate.admit(event, "evt_raced_1", "{}")).resolves.toBe("new");
  });
});
