import { describe, expect, it } from "vitest";
import { createdOrderSchema, problemSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { createCapturingLogger, createTestApp, newKey, postJson } from "../factories/sandbox-app";
import { astrosellHarness } from "../platforms/astrosell/harness";
import { sellsnHarness } from "../platforms/sellsn/harness";
import { sellsteinHarness } from "../platforms/sellstein/harness";
import { sellvyHarness } from "../platforms/sellvy/harness";
import { sxHarness } from "../platforms/sx/harness";

const order = { items: [{ productId: "setup-call", quantity: 1 }], email: "buyer@example.com" };

function rawJson(text: string, key?: string): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
    body: text,
  };
}

describe("paymentMethod", () => {
  it("must be one the store offers, else 422 at paymentMethod; an offered one makes the order", async () => {
    const testApp = createTestApp();
    const free = await testApp.app.request(
      "/api/orders",
      postJson({ ...order, paymentMethod: "free" }, newKey()),
    );
    expect(free.status).toBe(422);
    const refused = problemSchema.parse(await free.json());
    expect(refused.errors).toEqual({
      paymentMethod: "This store does not offer this payment method.",
    });
    expect(refused.codes).toEqual({ paymentMethod: { code: "unknown_payment_method" } });
    const crypto = await testApp.app.request(
      "/api/orders",
      postJson({ ...order, paymentMethod: "crypto" }, newKey()),
    );
    expect(crypto.status).toBe(201);
    createdOrderSchema.parse(await crypto.json());
  });
});

describe.each([sxHarness, sellsnHarness, sellvyHarness, sellsteinHarness, astrosellHarness])(
  "paymentMethod on $id",
  (harness) => {
    it("is refused with 422 at paymentMethod unless the store offers it", async () => {
      const started = await harness.start();
      try {
        const app = createApp({ platform: started.platform, logger: createCapturingLogger() });
        const response = await app.request(
          "/api/orders",
          postJson(
            {
              items: [started.fixtures.purchasable],
              email: "buyer@example.com",
              paymentMethod: "not-offered-anywhere",
            },
            newKey(),
          ),
        );
        expect(response.status).toBe(422);
        expect(problemSchema.parse(await response.json()).codes?.paymentMethod).toEqual({
          code: "unknown_payment_method",
        });
      } finally {
        await started.close();
      }
    });
  },
);

describe("fields a buyer types", () => {
  it("refused by the schema carry a code from the catalogue, as every rule a buyer can act on", async () => {
    const { app } = createTestApp();
    const coupon = "X".repeat(65);
    const quote = await app.request(
      "/api/quote",
      postJson({ items: [{ productId: "setup-call", quantity: 1 }], coupon }),
    );
    expect(quote.status).toBe(422);
    const tooLong = problemSchema.parse(await quote.json());
    expect(tooLong.codes).toEqual({ coupon: { code: "too_long", params: { limit: 64 } } });
    expect(tooLong.errors).toEqual({ coupon: "Use at most 64 characters." });

    const created = await app.request(
      "/api/orders",
      postJson({ ...order, email: "not-an-address", coupon }, newKey()),
    );
    expect(created.status).toBe(422);
    expect(problemSchema.parse(await created.json()).codes).toEqual({
      coupon: { code: "too_long", params: { limit: 64 } },
      email: { code: "not_email" },
    });
  });

  it("say a field left out is required, and a code of spaces is empty", async () => {
    const { app } = createTestApp();
    const spaces = await app.request(
      "/api/quote",
      postJson({ items: [{ productId: "setup-call", quantity: 1 }], coupon: "   " }),
    );
    expect(spaces.status).toBe(422);
    const empty = problemSchema.parse(await spaces.json());
    expect(empty.codes).toEqual({ coupon: { code: "coupon_empty" } });
    expect(empty.errors).toEqual({ coupon: "Enter a code first." });

    const noEmail = await app.request(
      "/api/orders",
      postJson({ items: [{ productId: "setup-call", quantity: 1 }] }, newKey()),
    );
    expect(noEmail.status).toBe(422);
    const missing = problemSchema.parse(await noEmail.json());
    expect(missing.codes).toEqual({ email: { code: "required" } });
    expect(missing.errors).toEqual({ email: "Please fill this in." });
    // Not a buyer's field: the plain sentence.
    const noItems = await app.request("/api/quote", postJson({}));
    expect(problemSchema.parse(await noItems.json()).errors).toEqual({ items: "is required" });
    const wrongKind = await app.request("/api/quote", postJson({ items: "many" }));
    expect(problemSchema.parse(await wrongKind.json()).errors).toEqual({
      items: "must be an array",
    });
  });
});

describe("prototype keys in a JSON body", () => {
  it.each([
    [
      "/api/orders",
      `{"items":[{"productId":"setup-call","quantity":1}],"email":"buyer@example.com","fields":{"__proto__":"x"}}`,
      "fields.__proto__",
    ],
    [
      "/api/orders",
      `{"__proto__":{"admin":true},"items":[],"email":"buyer@example.com"}`,
      "__proto__",
    ],
    [
      "/api/orders",
      `{"items":[{"productId":"setup-call","quantity":1,"constructor":{}}],"email":"buyer@example.com"}`,
      "items.0.constructor",
    ],
    [
      "/api/quote",
      `{"items":[{"productId":"setup-call","quantity":1}],"coupon":"X","prototype":1}`,
      "prototype",
    ],
    ["/api/quote", `{"items":[[[{"a":{"constructor":null}}]]]}`, "items.0.0.0.a.constructor"],
  ])("%s refuses %s with 400 naming %s", async (path, body, field) => {
    const testApp = createTestApp();
    const response = await testApp.app.request(path, rawJson(body, newKey()));
    expect(response.status).toBe(400);
    // Read raw: parsing `errors` through a record schema would drop a `__proto__` key itself.
    const raw = (await response.json()) as { errors?: object };
    expect(problemSchema.parse(raw).type).toBe("invalid_request");
    expect(Object.keys(raw.errors ?? {})).toEqual([field]);
  });

  it("still takes the same words as values, and survives nesting deeper than any stack", async () => {
    const testApp = createTestApp();
    const valued = await testApp.app.request(
      "/api/orders",
      rawJson(
        JSON.stringify({
          ...order,
          fields: {},
          coupon: undefined,
          email: "constructor@example.com",
        }),
        newKey(),
      ),
    );
    expect(valued.status).toBe(201);
    const deep = `${"[".repeat(40_000)}${"]".repeat(40_000)}`;
    const nested = await testApp.app.request("/api/quote", rawJson(deep));
    expect(nested.status).toBe(422);
  });
});

describe("prototype keys in a webhook body", () => {
  it("are left out of a correctly signed delivery at any depth, which has its effect; unsigned it is 401", async () => {
    const started = await sxHarness.start();
    try {
      const logger = createCapturingLogger();
      const app = createApp({ platform: started.platform, logger });
      const body = `{"type":"order.paid","data":{"id":"ord_1","status":"paid","constructor":{},"__proto__":{"id":"ord_2"}}}`;
      const response = await app.request("/api/webhooks/sx", {
        method: "POST",
        headers: started.signWebhook(body),
        body,
      });
      expect(response.status).toBe(200);
      const received = logger.lines
        .map((line) => JSON.parse(line) as { event: string; orderId?: string })
        .filter((line) => line.event.startsWith("webhook_"));
      expect(received).toEqual([
        {
          level: "info",
          event: "webhook_received",
          platform: "sx",
          type: "order.paid",
          orderId: "ord_1",
        },
      ]);
      const unsigned = await app.request("/api/webhooks/sx", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect(unsigned.status).toBe(401);
    } finally {
      await started.close();
    }
  });
});

describe("custom fields keyed as an object's own properties", () => {
  /** The sandbox, whose products ask for fields keyed as the platform's free text allows. */
  function withFields(fields: { key: string; required: boolean }[]) {
    const testApp = createTestApp();
    const sandbox = testApp.platform;
    const sent: Record<string, string>[] = [];
    const platform = Object.assign(Object.create(sandbox) as typeof sandbox, {
      getProducts: async (ids: readonly string[]) =>
        (await sandbox.getProducts(ids)).map((product) => ({
          ...product,
          customFields: fields.map(({ key, required }) => ({
            key,
            label: key,
            required,
            type: "text" as const,
          })),
        })),
      createOrder: async (input: Parameters<typeof sandbox.createOrder>[0]) => {
        sent.push({ ...input.fields });
        return sandbox.createOrder(input);
      },
    });
    return { app: createApp({ platform, resilience: false }), sent };
  }

  it("reads only an answer the buyer gave: toString left empty is unanswered, not Object's function", async () => {
    const { app, sent } = withFields([
      { key: "toString", required: false },
      { key: "valueOf", required: true },
    ]);
    const unanswered = await app.request("/api/orders", postJson(order, newKey()));
    expect(unanswered.status).toBe(422);
    const refused = problemSchema.parse(await unanswered.json());
    expect(refused.codes).toEqual({ "fields.valueOf": { code: "required" } });
    const answered = await app.request(
      "/api/orders",
      postJson({ ...order, fields: { valueOf: " guild " } }, newKey()),
    );
    expect(answered.status).toBe(201);
    expect(sent).toEqual([{ valueOf: "guild" }]);
  });
});
