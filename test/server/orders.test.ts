import { afterEach, describe, expect, it, vi } from "vitest";
import { createdOrderSchema, orderSchema, problemSchema, productSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { UpstreamError } from "../../src/server/platforms/upstream/upstream-error";
import { createMemoryStore } from "../../src/server/store/memory-store";
import {
  catalogWithEmailField,
  createTestApp,
  demoCatalog,
  newKey,
  payOnSandboxPage,
  postJson,
  type TestApp,
  writesRecorded,
} from "../factories/sandbox-app";

const buyer = { email: "buyer@example.com" };
const usd = (amount: number) => ({ amount, currency: "USD" });

async function createOrder(testApp: TestApp, body: unknown, key = newKey()) {
  const response = await testApp.app.request("/api/orders", postJson(body, key));
  return { response, body: (await response.json()) as unknown };
}

/** Counts the creates the proxy sends the sandbox from now on. */
function countCreates(testApp: TestApp): { readonly count: number } {
  const counted = { count: 0 };
  const createOnPlatform = testApp.platform.createOrder.bind(testApp.platform);
  testApp.platform.createOrder = (input) => {
    counted.count += 1;
    return createOnPlatform(input);
  };
  return counted;
}

async function readOrder(testApp: TestApp, id: string, token: string) {
  const response = await testApp.app.request(`/api/orders/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function stockOf(testApp: TestApp, id: string) {
  const response = await testApp.app.request(`/api/products/${id}`);
  return productSchema.parse(await response.json()).stock;
}

describe("POST /api/orders", () => {
  it("needs a well-formed Idempotency-Key", async () => {
    const testApp = createTestApp();
    const body = { items: [{ productId: "pro-license", quantity: 1 }], ...buyer };
    const missing = await testApp.app.request("/api/orders", postJson(body));
    expect(missing.status).toBe(400);
    const told = problemSchema.parse(await missing.json());
    expect(told.errors?.["Idempotency-Key"]).toBeDefined();
    expect(told.detail).toBe("An Idempotency-Key header is required");
    for (const key of ["short", "x".repeat(256), "has space in it"]) {
      const bad = await testApp.app.request("/api/orders", postJson(body, key));
      expect(bad.status).toBe(400);
      // Sent, but not as it must be: not called missing.
      expect(problemSchema.parse(await bad.json()).detail).toBe(
        "The Idempotency-Key header must be 8 to 255 visible ASCII characters",
      );
    }
  });

  it("replays the same key and body, and refuses the same key with another body", async () => {
    const testApp = createTestApp();
    const key = newKey();
    const body = { items: [{ productId: "pro-license", quantity: 1 }], ...buyer };
    const first = await createOrder(testApp, body, key);
    expect(first.response.status).toBe(201);
    const replay = await createOrder(testApp, { ...buyer, items: body.items }, key);
    expect(replay.body).toEqual(first.body);
    const other = await createOrder(
      testApp,
      { ...body, items: [{ productId: "pro-license", quantity: 2 }] },
      key,
    );
    expect(other.response.status).toBe(409);
    expect(problemSchema.parse(other.body).type).toBe("conflict");
  });

  it("makes one order of 20 simultaneous requests with one key, and the pool shrinks by one order", async () => {
    const testApp = createTestApp();
    const before = await stockOf(testApp, "pro-license");
    const key = newKey();
    const body = { items: [{ productId: "pro-license", quantity: 2 }], ...buyer };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => createOrder(testApp, body, key)),
    );
    const ids = new Set(results.map((result) => createdOrderSchema.parse(result.body).id));
    expect(results.every((result) => result.response.status === 201)).toBe(true);
    expect(ids.size).toBe(1);
    const created = createdOrderSchema.parse(results[0]?.body);
    for (const result of results.slice(0, 3))
      await payOnSandboxPage(testApp.app, createdOrderSchema.parse(result.body).checkoutUrl);
    expect(await stockOf(testApp, "pro-license")).toBe((before ?? 0) - 2);
    const order = orderSchema.parse((await readOrder(testApp, created.id, created.token)).body);
    expect(order.deliveredItems).toHaveLength(2);
  });

  it("sends the platform each custom field's answer as it was checked: trimmed, and an empty one not at all", async () => {
    const testApp = createTestApp();
    const sent: unknown[] = [];
    const createOnPlatform = testApp.platform.createOrder.bind(testApp.platform);
    testApp.platform.createOrder = (input) => {
      sent.push(input.fields);
      return createOnPlatform(input);
    };
    const created = await createOrder(testApp, {
      items: [{ productId: "custom-sprite", quantity: 1 }],
      ...buyer,
      fields: { discord: "  pixelfan ", frames: " 12 ", notes: "   " },
    });
    expect(created.response.status).toBe(201);
    expect(sent).toEqual([{ discord: "pixelfan", frames: "12" }]);
  });

  it("answers one key's order with one token, also where a holder past its lock answers too", async () => {
    const sandbox = createSandboxPlatform(demoCatalog());
    // The create's answer names the order and no more: answering reads it first.
    let unreadable = true;
    const platform = Object.assign(Object.create(sandbox) as typeof sandbox, {
      async createOrder(input: Parameters<typeof sandbox.createOrder>[0]) {
        const order = await sandbox.createOrder(input);
        if (!unreadable) return order;
        unreadable = false;
        throw new UpstreamError("unavailable", "unreadable", {
          orderId: order.id,
          unreadable: true,
        });
      },
    });
    const memory = createMemoryStore();
    // Lock renewals never land (a store cut off), and the first answer's write is slow to land.
    let slowed = false;
    const store = {
      ...memory,
      renewIfEqual: async () => false,
      set: async (key: string, value: string, ttlMs: number) => {
        if (key.startsWith("idempotency:") && value.includes('"sealed"') && !slowed) {
          slowed = true;
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        return memory.set(key, value, ttlMs);
      },
    };
    const app = createApp({ platform, store, idempotency: { lockMs: 60 } });
    const key = newKey();
    const send = () =>
      app.request(
        "/api/orders",
        postJson({ items: [{ productId: "pro-license", quantity: 1 }], ...buyer }, key),
      );
    const first = send();
    await new Promise((resolve) => setTimeout(resolve, 150));
    // A retry while the first is still writing its answer, past its lock.
    const second = await send();
    expect(second.status).toBe(201);
    expect((await first).status).toBe(201);
    // Whichever answer the key kept, its token reads the order.
    const replayed = createdOrderSchema.parse(await (await send()).json());
    const read = await app.request(`/api/orders/${replayed.id}`, {
      headers: { authorization: `Bearer ${replayed.token}` },
    });
    expect(read.status).toBe(200);
  });

  it("keeps no order token as given in the store: a store read by someone else hands out no order", async () => {
    const { store, written } = writesRecorded();
    const app = createApp({ platform: createSandboxPlatform(demoCatalog()), store });
    const response = await app.request(
      "/api/orders",
      postJson({ items: [{ productId: "pro-license", quantity: 1 }], ...buyer }, newKey()),
    );
    const { id, token } = createdOrderSchema.parse(await response.json());
    expect(written.join(" ")).not.toContain(token);
    // The token still reads the order: what is kept is enough to check it.
    const read = await app.request(`/api/orders/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.status).toBe(200);
  });

  it("hands out an order's goods only once it is completed, whatever the platform's answer holds", async () => {
    const sandbox = createSandboxPlatform(demoCatalog());
    // A platform that shows the goods (and their message) of an order merely paid.
    const platform = Object.assign(Object.create(sandbox) as typeof sandbox, {
      async getOrder(id: string) {
        const order = await sandbox.getOrder(id);
        return (
          order && {
            ...order,
            status: "paid" as const,
            deliveredItems: [{ productId: "pro-license", kind: "key" as const, value: "KEY-1234" }],
            deliveryMessage: "Activate within 30 days.",
          }
        );
      },
    });
    const app = createApp({ platform, resilience: false });
    const response = await app.request(
      "/api/orders",
      postJson({ items: [{ productId: "pro-license", quantity: 1 }], ...buyer }, newKey()),
    );
    const { id, token } = createdOrderSchema.parse(await response.json());
    const read = await app.request(`/api/orders/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await read.text();
    expect(orderSchema.parse(JSON.parse(text)).status).toBe("paid");
    expect(text).not.toMatch(/KEY-1234|Activate within|deliveredItems|deliveryMessage/);
  });

  it("promises no field more room than an order takes, and says an answer past it with its code", async () => {
    const catalog = demoCatalog();
    const sprite = catalog.products.find((product) => product.id === "custom-sprite");
    const notes = sprite?.customFields.find((field) => field.key === "notes");
    if (!notes) throw new Error("the demo catalog has no custom-sprite notes");
    notes.maxLength = 10_000;
    const testApp = createTestApp({ catalog });
    const product = productSchema.parse(
      await (await testApp.app.request("/api/products/custom-sprite")).json(),
    );
    expect(product.customFields.find((field) => field.key === "notes")?.maxLength).toBe(5000);
    const refused = await createOrder(testApp, {
      items: [{ productId: "custom-sprite", quantity: 1 }],
      ...buyer,
      fields: { discord: "pixelfan", notes: "x".repeat(6000) },
    });
    expect(refused.response.status).toBe(422);
    const problem = problemSchema.parse(refused.body);
    expect(problem.codes?.["fields.notes"]).toEqual({ code: "too_long", params: { limit: 5000 } });
    expect(problem.errors?.["fields.notes"]).toBe("Use at most 5000 characters.");
  });

  it("checks custom fields and the coupon before creating anything", async () => {
    const testApp = createTestApp({ catalog: catalogWithEmailField() });
    const missing = await createOrder(testApp, {
      items: [{ productId: "custom-sprite", quantity: 1 }],
      ...buyer,
      fields: { contact: "not-an-email", frames: "many", stray: "x" },
    });
    expect(missing.response.status).toBe(422);
    const problem = problemSchema.parse(missing.body);
    const errors = problem.errors ?? {};
    expect(errors["fields.discord"]).toBe("Please fill this in.");
    expect(errors["fields.contact"]).toBe("Enter an email address, like name@example.com.");
    expect(errors["fields.frames"]).toBe("Enter a number, like 12 or 3.5.");
    expect(errors["fields.stray"]).toBeDefined();
    expect(problem.codes).toEqual({
      "fields.discord": { code: "required" },
      "fields.contact": { code: "not_email" },
      "fields.frames": { code: "not_number" },
      "fields.stray": { code: "unknown_field" },
    });
    const coupon = await createOrder(testApp, {
      items: [{ productId: "pro-license", quantity: 1 }],
      ...buyer,
      coupon: "EXPIRED",
    });
    expect(problemSchema.parse(coupon.body).errors?.coupon).toBe("This code has expired.");
    expect(problemSchema.parse(coupon.body).codes?.coupon).toEqual({ code: "coupon_expired" });
    // A code's minimum is named, in words and as values a client words itself.
    const small = await createOrder(testApp, {
      items: [{ productId: "pro-license", quantity: 1 }],
      ...buyer,
      coupon: "BIGSPENDER",
    });
    expect(problemSchema.parse(small.body).errors?.coupon).toBe(
      "This code needs an order of at least $50.00. Add more to use it.",
    );
    expect(problemSchema.parse(small.body).codes?.coupon).toEqual({
      code: "coupon_min_order",
      params: { amount: 5000, currency: "USD" },
    });
    const email = await createOrder(testApp, {
      items: [{ productId: "pro-license", quantity: 1 }],
      email: "nope",
    });
    expect(problemSchema.parse(email.body).errors?.email).toBeDefined();
  });

  it("creates nothing at a total other than the one the buyer was shown, and says so", async () => {
    const testApp = createTestApp();
    const creates = countCreates(testApp);
    const items = [{ productId: "pro-license", quantity: 2 }];
    const quoted = await testApp.app.request("/api/quote", postJson({ items }));
    const { total } = (await quoted.json()) as { total: { amount: number; currency: string } };
    // What the buyer saw before the price moved: a cent less, or the same number in another
    // currency.
    for (const shown of [
      { amount: total.amount - 1, currency: total.currency },
      { amount: total.amount, currency: total.currency === "EUR" ? "USD" : "EUR" },
    ]) {
      const refused = await createOrder(testApp, { items, ...buyer, total: shown });
      expect(refused.response.status).toBe(409);
      expect(problemSchema.parse(refused.body).type).toBe("price_changed");
    }
    expect(creates.count).toBe(0);
    // Not a price the browser sets: a total with anything else in it is refused as malformed.
    const odd = await createOrder(testApp, { items, ...buyer, total: { ...total, tax: 0 } });
    expect(odd.response.status).toBe(400);
    const paid = await createOrder(testApp, { items, ...buyer, total });
    expect(paid.response.status).toBe(201);
    expect(createdOrderSchema.parse(paid.body).total).toEqual(total);
    expect(creates.count).toBe(1);
  });

  it("answers a retry of an order whose shown total moved since with that order, not a second", async () => {
    const testApp = createTestApp();
    const creates = countCreates(testApp);
    const items = [{ productId: "pro-license", quantity: 1 }];
    const key = newKey();
    const first = await createOrder(testApp, { items, ...buyer, total: usd(2999) }, key);
    expect(first.response.status).toBe(201);
    // Its answer was lost; the price moved; the buyer pays the same order again under its key.
    const retry = await createOrder(testApp, { items, ...buyer, total: usd(3099) }, key);
    expect(retry.response.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(creates.count).toBe(1);
    // Another order under that key is still refused.
    const other = { items: [{ productId: "pro-license", quantity: 2 }], ...buyer };
    expect((await createOrder(testApp, other, key)).response.status).toBe(409);
  });

  it("keeps no failure: the same key and body after a refused create make the order", async () => {
    const testApp = createTestApp();
    const createOnPlatform = testApp.platform.createOrder.bind(testApp.platform);
    let creates = 0;
    testApp.platform.createOrder = (input) => {
      creates += 1;
      if (creates === 1) {
        return Promise.reject(new UpstreamError("rejected", "refused once", { status: 400 }));
      }
      return createOnPlatform(input);
    };
    const key = newKey();
    const body = { items: [{ productId: "pro-license", quantity: 1 }], ...buyer };
    // Refused for no reason it names: the platform's doing (502), not a field to fix.
    expect((await createOrder(testApp, body, key)).response.status).toBe(502);
    const retry = await createOrder(testApp, body, key);
    expect(retry.response.status).toBe(201);
    const replay = await createOrder(testApp, body, key);
    expect(replay.body).toEqual(retry.body);
    expect(creates).toBe(2);
  });
});

describe("paying on the sandbox and reading the order", () => {
  it("delivers distinct serials, only to the token holder, once completed", async () => {
    const testApp = createTestApp();
    const created = createdOrderSchema.parse(
      (
        await createOrder(testApp, {
          items: [{ productId: "pro-license", quantity: 3 }],
          coupon: "WELCOME10",
          ...buyer,
        })
      ).body,
    );
    expect(created.status).toBe("awaiting_payment");
    expect(created.total).toEqual({ amount: 8097, currency: "USD" });
    expect(created.checkoutUrl).toMatch(/^http:\/\/localhost\/sandbox\/pay\//);
    const waiting = orderSchema.parse((await readOrder(testApp, created.id, created.token)).body);
    expect(waiting.deliveredItems).toBeUndefined();

    const page = await testApp.app.request(
      new URL(created.checkoutUrl ?? "missing:").pathname +
        new URL(created.checkoutUrl ?? "missing:").search,
    );
    const html = await page.text();
    expect(html).toContain(">Pay</button>");
    expect(html).toContain(">Fail</button>");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'none'");

    expect((await payOnSandboxPage(testApp.app, created.checkoutUrl)).status).toBe(303);
    const done = orderSchema.parse((await readOrder(testApp, created.id, created.token)).body);
    expect(done.status).toBe("completed");
    const values = done.deliveredItems?.map((item) => item.value) ?? [];
    expect(values).toHaveLength(3);
    expect(new Set(values).size).toBe(3);

    const second = createdOrderSchema.parse(
      (await createOrder(testApp, { items: [{ productId: "pro-license", quantity: 3 }], ...buyer }))
        .body,
    );
    await payOnSandboxPage(testApp.app, second.checkoutUrl);
    const secondValues =
      orderSchema
        .parse((await readOrder(testApp, second.id, second.token)).body)
        .deliveredItems?.map((item) => item.value) ?? [];
    expect(secondValues.filter((value) => values.includes(value))).toEqual([]);

    expect((await readOrder(testApp, created.id, second.token)).status).toBe(404);
    expect((await readOrder(testApp, created.id, "")).status).toBe(404);
    expect((await testApp.app.request(`/api/orders/${created.id}`)).status).toBe(404);
  });

  it("completes an order with nothing to pay at once, and answers it with nowhere to pay", async () => {
    const testApp = createTestApp({
      checkoutUrlTemplate: "https://shop.example/pay?order={orderId}",
    });
    const partly = {
      items: [{ productId: "pro-license", quantity: 1 }],
      coupon: "KEYSONLY",
      ...buyer,
    };
    // 25 % off is no free order: paid as any other, on the sandbox's page.
    const paid = createdOrderSchema.parse((await createOrder(testApp, partly)).body);
    expect(paid.checkoutUrl).toMatch(/\/sandbox\/pay\//);
    const created = await createOrder(testApp, {
      items: [{ productId: "cloud-sync", variantId: "monthly", quantity: 1 }],
      coupon: "FIVEOFF",
      ...buyer,
    });
    expect(created.response.status).toBe(201);
    const order = createdOrderSchema.parse(created.body);
    // Neither the platform's page nor the merchant's template, nor an invoice by email.
    expect(order).toEqual({ id: order.id, token: order.token, status: "completed", total: usd(0) });
    const read = orderSchema.parse((await readOrder(testApp, order.id, order.token)).body);
    expect(read.status).toBe("completed");
    expect(read.items).toEqual([
      expect.objectContaining({ productId: "cloud-sync", variantId: "monthly", quantity: 1 }),
    ]);
  });

  it("answers an order the platform took as paid with no payment link, safe or not", async () => {
    const testApp = createTestApp();
    const createOnPlatform = testApp.platform.createOrder.bind(testApp.platform);
    testApp.platform.createOrder = async (input) => ({
      ...(await createOnPlatform(input)),
      status: "paid",
      checkoutUrl: "javascript:alert(1)",
    });
    const created = await createOrder(testApp, {
      items: [{ productId: "pro-license", quantity: 1 }],
      ...buyer,
    });
    // Not the 502 of an unpaid order's unsafe link: there is nothing to pay, so no link at all.
    expect(created.response.status).toBe(201);
    const order = createdOrderSchema.parse(created.body);
    expect(order.status).toBe("paid");
    expect(order.checkoutUrl).toBeUndefined();
    expect(order.payment).toBeUndefined();
  });

  it("fails an order on Fail and refuses a wrong pay token", async () => {
    const testApp = createTestApp();
    const created = createdOrderSchema.parse(
      (await createOrder(testApp, { items: [{ productId: "setup-call", quantity: 1 }], ...buyer }))
        .body,
    );
    const wrong = await testApp.app.request(
      new URL(created.checkoutUrl ?? "missing:").pathname,
      postJson({ outcome: "paid", token: "x" }),
    );
    expect(wrong.status).toBe(404);
    const failed = await testApp.app.request(
      new URL(created.checkoutUrl ?? "missing:").pathname,
      postJson({
        outcome: "failed",
        token: new URL(created.checkoutUrl ?? "missing:").searchParams.get("token"),
      }),
    );
    expect(await failed.json()).toEqual({ id: created.id, status: "failed" });
    const order = orderSchema.parse((await readOrder(testApp, created.id, created.token)).body);
    expect(order.status).toBe("failed");
    expect(order.deliveredItems).toBeUndefined();
  });

  it("streams status changes until the order is final", async () => {
    const testApp = createTestApp({ orderPollMs: 5_000 });
    const created = createdOrderSchema.parse(
      (await createOrder(testApp, { items: [{ productId: "pro-license", quantity: 1 }], ...buyer }))
        .body,
    );
    const denied = await testApp.app.request(`/api/orders/${created.id}/events?token=wrong`);
    expect(denied.status).toBe(404);
    const response = await testApp.app.request(
      `/api/orders/${created.id}/events?token=${created.token}`,
    );
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    // Unbuffered by an nginx in front, which honours this header.
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const first = await reader?.read();
    text += decoder.decode(first?.value);
    expect(text).toContain('"status":"awaiting_payment"');
    // Paying notifies the stream at once, long before its 5 s poll.
    const started = Date.now();
    await payOnSandboxPage(testApp.app, created.checkoutUrl);
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(text).toContain('"status":"completed"');
    expect(text).toMatch(/event: order/);
  });

  it("says an order that has not changed again every 15 s, so a client can tell a lost stream", async () => {
    let clock = Date.now();
    const testApp = createTestApp({ orderPollMs: 50, now: () => clock });
    const created = createdOrderSchema.parse(
      (await createOrder(testApp, { items: [{ productId: "pro-license", quantity: 1 }], ...buyer }))
        .body,
    );
    const response = await testApp.app.request(
      `/api/orders/${created.id}/events?token=${created.token}`,
    );
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    // One read at a time: a read still pending when a count ends carries over to the next.
    let reading = reader?.read();
    /** The events that come within `ms`. */
    const events = async (ms: number) => {
      let text = "";
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const chunk = await Promise.race([
          reading,
          new Promise<"late">((resolve) => setTimeout(resolve, until - Date.now(), "late")),
        ]);
        if (chunk === "late" || !chunk || chunk.done) break;
        text += chunk.value;
        reading = reader?.read();
      }
      return text.match(/event: order/g)?.length ?? 0;
    };
    expect(await events(300)).toBe(1);
    // Polled many times meanwhile, the same order is not sent again before its time.
    clock += 14_000;
    expect(await events(300)).toBe(0);
    clock += 1_000;
    expect(await events(300)).toBe(1);
    await reader?.cancel();
  });

  describe("where the order is read less often than every 15 s (KIOSK_ORDER_POLL=30s)", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("still says it again 15 s after it last did, whatever the reads between took", async () => {
      // Read through `Date`, which the test's clock replaces below.
      const testApp = createTestApp({ orderPollMs: 30_000, now: () => Date.now() });
      const created = createdOrderSchema.parse(
        (
          await createOrder(testApp, {
            items: [{ productId: "pro-license", quantity: 1 }],
            ...buyer,
          })
        ).body,
      );
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
      /** Moves the clock on by `ms`, letting what is not a timer (the token's hashing) run too. */
      const pass = async (ms: number) => {
        for (let step = 0; step < ms; step += 100) {
          await vi.advanceTimersByTimeAsync(100);
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      // Each read of the platform takes a second; one shared by the streams following the order
      // (younger than the poll) takes none.
      const getOrder = testApp.platform.getOrder.bind(testApp.platform);
      testApp.platform.getOrder = async (id) => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return getOrder(id);
      };
      const started = Date.now();
      const opening = Promise.resolve(
        testApp.app.request(`/api/orders/${created.id}/events?token=${created.token}`),
      );
      const said: number[] = [];
      let reader: ReadableStreamDefaultReader<string> | undefined;
      void opening.then(async (response) => {
        reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) return;
          for (const _ of chunk.value.matchAll(/event: order/g)) said.push(Date.now() - started);
        }
      });
      // The stream opens once its token is checked (hashing, no timer), which a busy machine can
      // put many steps of the fake clock late: counted from its first word on, waited for by the
      // real clock (not faked here).
      const until = performance.now() + 10_000;
      while (said.length === 0 && performance.now() < until) await pass(100);
      expect(said).toHaveLength(1);
      await pass(61_000);
      void reader?.cancel();
      await pass(1_000);
      const gaps = said.slice(1).map((at, index) => at - (said[index] ?? 0));
      // Before, it was said at 1 s, 16 s and 46 s: 30 s apart where a read was shared.
      expect(said.length).toBeGreaterThanOrEqual(4);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(15_000 + 1_000);
    }, 30_000);
  });
});
