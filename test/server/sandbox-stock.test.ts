import { describe, expect, it } from "vitest";
import { createdOrderSchema, orderSchema, problemSchema, productSchema } from "../../src/core";
import {
  createTestApp,
  demoCatalog,
  newKey,
  postJson,
  type TestApp,
} from "../factories/sandbox-app";

const buyer = { email: "buyer@example.com" };

/** The demo catalog with `pro-license` down to its last `count` serials. */
function catalogWithLast(count: number) {
  const catalog = demoCatalog();
  const product = catalog.products.find((candidate) => candidate.id === "pro-license");
  if (!product?.serials) throw new Error("the demo catalog lost pro-license's serials");
  product.serials = product.serials.slice(0, count);
  return catalog;
}

async function order(testApp: TestApp, quantity = 1) {
  const response = await testApp.app.request(
    "/api/orders",
    postJson({ items: [{ productId: "pro-license", quantity }], ...buyer }, newKey()),
  );
  return { status: response.status, body: (await response.json()) as unknown };
}

async function pay(
  testApp: TestApp,
  checkoutUrl: string | undefined,
  outcome: "paid" | "failed" = "paid",
) {
  const url = new URL(checkoutUrl ?? "missing:");
  const response = await testApp.app.request(
    url.pathname,
    postJson({ outcome, token: url.searchParams.get("token") }),
  );
  return (await response.json()) as { status: string };
}

async function stock(testApp: TestApp) {
  const response = await testApp.app.request("/api/products/pro-license");
  return productSchema.parse(await response.json()).stock;
}

async function read(testApp: TestApp, id: string, token: string) {
  const response = await testApp.app.request(`/api/orders/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return orderSchema.parse(await response.json());
}

describe("the sandbox's codes", () => {
  it("counts a code's use when an order takes it, and gives it back when that order ends unpaid", async () => {
    const catalog = demoCatalog();
    catalog.coupons.push({ code: "ONCE", kind: "percent", percent: "50", maxUses: 1, uses: 0 });
    const testApp = createTestApp({ catalog });
    const withCode = async () => {
      const response = await testApp.app.request(
        "/api/orders",
        postJson(
          { items: [{ productId: "pro-license", quantity: 1 }], ...buyer, coupon: "ONCE" },
          newKey(),
        ),
      );
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const first = await withCode();
    expect(first.status).toBe(201);
    // Unpaid, it holds the code's one use: a second order cannot have it too.
    const second = await withCode();
    expect(second.status).toBe(422);
    expect(problemSchema.parse(second.body).codes?.coupon).toEqual({ code: "coupon_used_up" });
    // Its payment failed: the use is given back.
    await pay(testApp, createdOrderSchema.parse(first.body).checkoutUrl, "failed");
    const third = await withCode();
    expect(third.status).toBe(201);
    await pay(testApp, createdOrderSchema.parse(third.body).checkoutUrl);
    expect((await withCode()).status).toBe(422);
  });
});

describe("the sandbox's pay page", () => {
  it("opens only with the order's pay token, and pays or fails nothing with another", async () => {
    const testApp = createTestApp();
    const made = await order(testApp);
    const { id, checkoutUrl } = createdOrderSchema.parse(made.body);
    const url = new URL(checkoutUrl ?? "missing:");
    expect((await testApp.app.request(`${url.pathname}${url.search}`)).status).toBe(200);
    const wrong = await testApp.app.request(`${url.pathname}?token=not-the-token`);
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).not.toContain(id.slice(-6));
    expect((await testApp.app.request(url.pathname)).status).toBe(404);
    const posted = await testApp.app.request(
      url.pathname,
      postJson({ outcome: "paid", token: "not-the-token" }),
    );
    expect(posted.status).toBe(404);
  });
});

describe("the sandbox's stock", () => {
  it("sells the last item once: of three simultaneous orders one is made, two get the stock error", async () => {
    const testApp = createTestApp({ catalog: catalogWithLast(1) });
    const results = await Promise.all([order(testApp), order(testApp), order(testApp)]);
    const made = results.filter((result) => result.status === 201);
    const refused = results.filter((result) => result.status === 422);
    expect(made).toHaveLength(1);
    expect(refused).toHaveLength(2);
    for (const result of refused) {
      expect(problemSchema.parse(result.body).errors).toEqual({
        "items.0.quantity": "This product is sold out.",
      });
    }
    // The order that was made is never failed after payment: its serial was held for it.
    const created = createdOrderSchema.parse(made[0]?.body);
    expect((await pay(testApp, created.checkoutUrl)).status).toBe("completed");
    expect((await read(testApp, created.id, created.token)).deliveredItems).toHaveLength(1);
  });

  it("holds stock from order to payment and gives it back when the payment fails", async () => {
    const testApp = createTestApp({ catalog: catalogWithLast(3) });
    const first = createdOrderSchema.parse((await order(testApp, 2)).body);
    expect(await stock(testApp)).toBe(1);
    const tooMany = await order(testApp, 2);
    expect(tooMany.status).toBe(422);
    expect(problemSchema.parse(tooMany.body).errors?.["items.0.quantity"]).toBe("Only 1 is left.");
    expect((await pay(testApp, first.checkoutUrl, "failed")).status).toBe("failed");
    expect(await stock(testApp)).toBe(3);
    const second = createdOrderSchema.parse((await order(testApp, 3)).body);
    expect((await pay(testApp, second.checkoutUrl)).status).toBe("completed");
    expect(await stock(testApp)).toBe(0);
  });

  it("holds a variant's own stock the same way", async () => {
    const testApp = createTestApp();
    const founder = () =>
      testApp.app.request(
        "/api/orders",
        postJson(
          { items: [{ productId: "cloud-sync", variantId: "founder", quantity: 2 }], ...buyer },
          newKey(),
        ),
      );
    const [first, second] = await Promise.all([founder(), founder()]);
    expect([first?.status, second?.status].sort()).toEqual([201, 422]);
    const refused = first?.status === 422 ? first : second;
    expect(problemSchema.parse(await refused?.json()).errors?.["items.0.quantity"]).toBe(
      "Only 1 is left.",
    );
    const made = createdOrderSchema.parse(await (first?.status === 201 ? first : second)?.json());
    expect((await pay(testApp, made.checkoutUrl, "failed")).status).toBe("failed");
    expect((await founder()).status).toBe(201);
  });

  it("expires an unpaid order after its time, returns its stock, and will not take its payment", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const testApp = createTestApp({
      catalog: catalogWithLast(1),
      now: () => now,
      orderTtlMs: 60_000,
    });
    const created = createdOrderSchema.parse((await order(testApp)).body);
    expect(await stock(testApp)).toBe(0);
    now += 59_999;
    expect((await read(testApp, created.id, created.token)).status).toBe("awaiting_payment");
    now += 1;
    expect((await read(testApp, created.id, created.token)).status).toBe("expired");
    expect(await stock(testApp)).toBe(1);
    expect((await pay(testApp, created.checkoutUrl)).status).toBe("expired");
    const next = createdOrderSchema.parse((await order(testApp)).body);
    expect((await pay(testApp, next.checkoutUrl)).status).toBe("completed");
  });
});

describe("the sandbox's memory of orders", () => {
  it("forgets the oldest ended orders past its bound, never one still awaiting payment", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const testApp = createTestApp({ now: () => now, orderTtlMs: 60_000, endedOrdersKept: 2 });
    const made = [];
    for (let index = 0; index < 5; index++) {
      made.push(createdOrderSchema.parse((await order(testApp)).body));
    }
    const [first, second, third, fourth, fifth] = made;
    if (!first || !second || !third || !fourth || !fifth) throw new Error("five orders");
    expect((await pay(testApp, first.checkoutUrl)).status).toBe("completed");
    expect((await pay(testApp, second.checkoutUrl, "failed")).status).toBe("failed");
    expect((await pay(testApp, third.checkoutUrl)).status).toBe("completed");
    const status = async (created: typeof first) =>
      (
        await testApp.app.request(`/api/orders/${created.id}`, {
          headers: { authorization: `Bearer ${created.token}` },
        })
      ).status;
    // Three ended, two kept: the first to end is forgotten; the unpaid ones are all there.
    expect(await Promise.all(made.map(status))).toEqual([404, 200, 200, 200, 200]);
    now += 60_000;
    // The two left unpaid expire, and end after the others.
    expect(await Promise.all(made.map(status))).toEqual([404, 404, 404, 200, 200]);
    expect((await read(testApp, fifth.id, fifth.token)).status).toBe("expired");
  });
});

describe("POST /sandbox/pay/:id", () => {
  async function payUrl(testApp: TestApp) {
    const created = createdOrderSchema.parse((await order(testApp)).body);
    const url = new URL(created.checkoutUrl ?? "missing:");
    return { path: url.pathname, token: url.searchParams.get("token") ?? "" };
  }

  it.each([
    ["JSON null", 422, "application/json", "null"],
    ["a JSON array", 422, "application/json", "[1,2]"],
    ["a JSON string", 422, "application/json", '"paid"'],
    ["broken JSON", 400, "application/json", "{"],
    ["a number token", 422, "application/json", '{"outcome":"paid","token":5}'],
    ["an unknown outcome", 422, "application/json", '{"outcome":"free","token":"x"}'],
    ["an unknown field", 400, "application/json", '{"outcome":"paid","token":"x","extra":1}'],
    [
      "a form with an unknown field",
      400,
      "application/x-www-form-urlencoded",
      "outcome=paid&token=x&extra=1",
    ],
    ["a __proto__ key", 400, "application/json", '{"__proto__":{"outcome":"paid"}}'],
    ["a form without fields", 422, "application/x-www-form-urlencoded", ""],
    ["a form with a constructor key", 400, "application/x-www-form-urlencoded", "constructor=1"],
    ["multipart without a boundary", 400, "multipart/form-data", "--x\r\n"],
    ["multipart with a broken body", 400, "multipart/form-data; boundary=x", "--x\r\nnonsense"],
    ["plain text", 400, "text/plain", "outcome=paid"],
    ["no content type", 400, "", "outcome=paid"],
  ])("answers %s with %i problem+json", async (_name, status, type, body) => {
    const testApp = createTestApp();
    const { path } = await payUrl(testApp);
    const response = await testApp.app.request(path, {
      method: "POST",
      headers: type ? { "content-type": type } : {},
      body,
    });
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    problemSchema.parse(await response.json());
  });

  it("still takes a well-formed form and JSON", async () => {
    const testApp = createTestApp();
    const form = await payUrl(testApp);
    const paid = await testApp.app.request(form.path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: form.token, outcome: "paid" }).toString(),
    });
    // Back to the pay page's own address (post, redirect, get): it now says how it went, so a
    // reload or the address opened again shows that, and posts nothing again.
    expect(paid.status).toBe(303);
    const back = paid.headers.get("location") ?? "";
    expect(back).toBe(`${form.path.split("?")[0]}?token=${encodeURIComponent(form.token)}`);
    for (let visit = 0; visit < 2; visit++) {
      const shown = await (await testApp.app.request(back)).text();
      expect(shown).toContain("<h1>Payment received</h1>");
      expect(shown).not.toContain('name="outcome"');
    }
    const json = await payUrl(testApp);
    const failed = await testApp.app.request(
      json.path,
      postJson({ outcome: "failed", token: json.token }),
    );
    expect(await failed.json()).toMatchObject({ status: "failed" });
  });
});
