import { describe, expect, it } from "vitest";
import { problemSchema, quoteSchema } from "../../src/core";
import { createTestApp, demoCatalog, postJson } from "../factories/sandbox-app";

async function quote(body: unknown) {
  const { app } = createTestApp();
  const response = await app.request("/api/quote", postJson(body));
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: (await response.json()) as unknown,
  };
}

describe("POST /api/quote", () => {
  it("prices from the catalog and applies WELCOME10", async () => {
    const result = await quote({
      items: [{ productId: "pro-license", quantity: 2 }],
      coupon: "WELCOME10",
    });
    expect(result.status).toBe(200);
    const body = quoteSchema.parse(result.body);
    expect(body.subtotal).toEqual({ amount: 5998, currency: "USD" });
    expect(body.discount).toEqual({ amount: 600, currency: "USD" });
    expect(body.total).toEqual({ amount: 5398, currency: "USD" });
    expect(body.coupon).toEqual({ code: "WELCOME10", valid: true });
  });

  it.each([
    ["EXPIRED", "expired"],
    ["USEDUP", "used_up"],
    ["BIGSPENDER", "min_order"],
    ["NOPE", "not_found"],
    // Look-alikes of WELCOME10's and KEYSONLY's letters: a Cyrillic E, a long s.
    ["W\u0415LCOME10", "not_found"],
    ["KEY\u017fONLY", "not_found"],
  ])("says why %s does not apply (%s)", async (code, reason) => {
    const result = await quote({
      items: [{ productId: "pro-license", quantity: 1 }],
      coupon: code,
    });
    const body = quoteSchema.parse(result.body);
    expect(body.coupon).toEqual({
      code,
      valid: false,
      reason,
      // The subtotal the code needs, so the buyer knows how much to add.
      ...(reason === "min_order" ? { minimum: { amount: 5000, currency: "USD" } } : {}),
    });
    expect(body.total).toEqual(body.subtotal);
  });

  it("applies BIGSPENDER from 50.00 up, FIVEOFF as 5.00 off, KEYSONLY to its product only", async () => {
    const big = quoteSchema.parse(
      (await quote({ items: [{ productId: "pro-license", quantity: 2 }], coupon: "BIGSPENDER" }))
        .body,
    );
    expect(big.discount.amount).toBe(900);
    const five = quoteSchema.parse(
      (await quote({ items: [{ productId: "setup-call", quantity: 1 }], coupon: "FIVEOFF" })).body,
    );
    expect(five.total.amount).toBe(4400);
    const keysOther = quoteSchema.parse(
      (await quote({ items: [{ productId: "setup-call", quantity: 1 }], coupon: "KEYSONLY" })).body,
    );
    expect(keysOther.coupon).toEqual({ code: "KEYSONLY", valid: false, reason: "not_applicable" });
    const keysMixed = quoteSchema.parse(
      (
        await quote({
          items: [
            { productId: "pro-license", quantity: 1 },
            { productId: "setup-call", quantity: 1 },
          ],
          coupon: "KEYSONLY",
        })
      ).body,
    );
    expect(keysMixed.discount.amount).toBe(750);
  });

  it("does not apply a USD coupon to a JPY order", async () => {
    const body = quoteSchema.parse(
      (await quote({ items: [{ productId: "tokyo-font", quantity: 1 }], coupon: "FIVEOFF" })).body,
    );
    expect(body.total).toEqual({ amount: 1200, currency: "JPY" });
    expect(body.coupon?.reason).toBe("not_applicable");
  });

  it.each([
    [0, { code: "below_min", params: { limit: 1 } }, "The minimum is 1."],
    [-1, { code: "below_min", params: { limit: 1 } }, "The minimum is 1."],
    [1.5, { code: "not_integer" }, "Enter a whole number."],
    ["2", { code: "not_integer" }, "Enter a whole number."],
    [1e21, { code: "above_max", params: { limit: 1_000_000 } }, "The maximum is 1000000."],
    [1_000_001, { code: "above_max", params: { limit: 1_000_000 } }, "The maximum is 1000000."],
  ])(
    "rejects quantity %s with a 422 naming the field, with the code a client words",
    async (quantity, code, sentence) => {
      const result = await quote({ items: [{ productId: "pro-license", quantity }] });
      expect(result.status).toBe(422);
      expect(result.type).toContain("application/problem+json");
      const problem = problemSchema.parse(result.body);
      expect(problem.errors?.["items.0.quantity"]).toBe(sentence);
      expect(problem.codes?.["items.0.quantity"]).toEqual(code);
    },
  );

  it("rejects a quantity of null, naming the field", async () => {
    const result = await quote({ items: [{ productId: "pro-license", quantity: null }] });
    expect(result.status).toBe(422);
    expect(problemSchema.parse(result.body).errors?.["items.0.quantity"]).toBeDefined();
  });

  it.each(["price", "total", "amount", "currency"])(
    "refuses a %s field from the browser with 400",
    async (field) => {
      const atTop = await quote({ items: [{ productId: "pro-license", quantity: 1 }], [field]: 1 });
      expect(atTop.status).toBe(400);
      expect(problemSchema.parse(atTop.body).errors?.[field]).toBeDefined();
      const inLine = await quote({
        items: [{ productId: "pro-license", quantity: 1, [field]: 1 }],
      });
      expect(inLine.status).toBe(400);
      expect(problemSchema.parse(inLine.body).errors?.[`items.0.${field}`]).toBeDefined();
    },
  );

  it("holds a quantity to the product's limits and stock instead of clamping it", async () => {
    const refusal = async (productId: string, quantity: number) => {
      const result = await quote({ items: [{ productId, quantity }] });
      expect(result.status).toBe(422);
      const problem = problemSchema.parse(result.body);
      return {
        message: problem.errors?.["items.0.quantity"],
        code: problem.codes?.["items.0.quantity"],
      };
    };
    expect(await refusal("team-seats", 1)).toEqual({
      message: "The minimum is 2.",
      code: { code: "below_min", params: { limit: 2 } },
    });
    expect(await refusal("team-seats", 6)).toEqual({
      message: "The maximum is 5.",
      code: { code: "above_max", params: { limit: 5 } },
    });
    expect(await refusal("starter-account", 4)).toEqual({
      message: "Only 3 are left.",
      code: { code: "above_stock", params: { limit: 3 } },
    });
    expect(await refusal("retro-pack", 1)).toEqual({
      message: "This product is sold out.",
      code: { code: "sold_out" },
    });
    const ok = await quote({ items: [{ productId: "team-seats", quantity: 5 }] });
    expect(ok.status).toBe(200);
  });

  it("prices variants from the variant and requires a choice", async () => {
    const yearly = quoteSchema.parse(
      (await quote({ items: [{ productId: "cloud-sync", variantId: "yearly", quantity: 1 }] }))
        .body,
    );
    expect(yearly.total.amount).toBe(3999);
    const none = await quote({ items: [{ productId: "cloud-sync", quantity: 1 }] });
    expect(problemSchema.parse(none.body).errors?.["items.0.variantId"]).toBeDefined();
    const founder = await quote({
      items: [{ productId: "cloud-sync", variantId: "founder", quantity: 4 }],
    });
    expect(problemSchema.parse(founder.body).errors?.["items.0.quantity"]).toBe("Only 3 are left.");
  });

  it("holds the product's maximum and its own stock to the whole order, not each variant's line", async () => {
    const catalog = demoCatalog();
    const sync = catalog.products.find((product) => product.id === "cloud-sync");
    if (!sync) throw new Error("the demo catalog has no cloud-sync");
    const { app } = createTestApp({
      catalog: {
        ...catalog,
        products: [
          ...catalog.products.filter((product) => product !== sync),
          { ...sync, id: "one-per-buyer", quantity: { min: 1, max: 1 } },
          { ...sync, id: "two-left", stock: 2 },
        ],
      },
    });
    const ask = async (productId: string, quantities: number[]) => {
      const variants = ["monthly", "yearly", "founder"];
      const response = await app.request(
        "/api/quote",
        postJson({
          items: quantities.map((quantity, index) => ({
            productId,
            variantId: variants[index],
            quantity,
          })),
        }),
      );
      return { status: response.status, body: (await response.json()) as unknown };
    };
    // One of each of three plans is three of a one-per-buyer product.
    const split = await ask("one-per-buyer", [1, 1, 1]);
    expect(split.status).toBe(422);
    expect(problemSchema.parse(split.body).errors).toEqual({
      "items.1.quantity": "The maximum is 1.",
      "items.2.quantity": "The maximum is 1.",
    });
    expect((await ask("one-per-buyer", [1])).status).toBe(200);
    // Two left of the product, whichever plans: two lines of one fit, a third does not.
    expect((await ask("two-left", [1, 1])).status).toBe(200);
    const over = await ask("two-left", [1, 1, 1]);
    expect(over.status).toBe(422);
    expect(problemSchema.parse(over.body).errors).toEqual({
      "items.2.quantity": "Only 2 are left.",
    });
  });

  it("names unknown and hidden products, and refuses mixed currencies", async () => {
    const hidden = await quote({ items: [{ productId: "internal-beta", quantity: 1 }] });
    expect(problemSchema.parse(hidden.body).errors?.["items.0.productId"]).toBeDefined();
    const mixed = await quote({
      items: [
        { productId: "pro-license", quantity: 1 },
        { productId: "tokyo-font", quantity: 1 },
      ],
    });
    expect(problemSchema.parse(mixed.body).errors?.["items.1.productId"]).toMatch(/JPY/);
    expect(problemSchema.parse(mixed.body).codes?.["items.1.productId"]).toEqual({
      code: "other_currency",
      params: { currency: "JPY" },
    });
  });

  it("reads JSON sent as text/plain, which a browser sends without a preflight; orders do not", async () => {
    const { app } = createTestApp();
    const items = [{ productId: "pro-license", quantity: 1 }];
    const plain = { "content-type": "text/plain;charset=UTF-8" };
    const quoted = await app.request("/api/quote", {
      method: "POST",
      headers: plain,
      body: JSON.stringify({ items }),
    });
    expect(quoted.status).toBe(200);
    expect(quoteSchema.parse(await quoted.json()).total).toEqual({ amount: 2999, currency: "USD" });
    const ordered = await app.request("/api/orders", {
      method: "POST",
      headers: { ...plain, "idempotency-key": "plain-text-order" },
      body: JSON.stringify({ items, email: "a@example.com" }),
    });
    expect(ordered.status).toBe(400);
    // Only the media type says JSON: a type a page may send cross-site without a preflight, whose
    // parameters name JSON, or a JSON-like type, is not it.
    for (const type of [
      "text/plain; x=application/json",
      "application/x-www-form-urlencoded; charset=application/json",
      "multipart/form-data; boundary=application/json",
      "application/json-patch+json",
    ]) {
      const disguised = await app.request("/api/orders", {
        method: "POST",
        headers: { "content-type": type, "idempotency-key": `disguised-${type.length}` },
        body: JSON.stringify({ items, email: "a@example.com" }),
      });
      expect([type, disguised.status]).toEqual([type, 400]);
      expect(problemSchema.parse(await disguised.json()).detail).toMatch(/application\/json/);
    }
    const json = await app.request("/api/orders", {
      method: "POST",
      headers: {
        "content-type": " Application/JSON ; charset=utf-8",
        "idempotency-key": "json-order",
      },
      body: JSON.stringify({ items, email: "a@example.com" }),
    });
    expect(json.status).toBe(201);
  });

  it("refuses, as over its maximum, more of a line than a total can count exactly", async () => {
    // Nine billion dollars a unit: a million of them is past 2^53 cents.
    const catalog = demoCatalog();
    const base = catalog.products.find((product) => product.id === "tokyo-font");
    if (!base) throw new Error("the demo catalog has no tokyo-font");
    catalog.products.push(
      { ...base, id: "vault", slug: "vault", price: "9000000000.00", currency: "USD", stock: null },
      {
        ...base,
        id: "vault-2",
        slug: "vault-2",
        price: "9000000000.00",
        currency: "USD",
        stock: null,
      },
    );
    const { app } = createTestApp({ catalog });
    const most = Math.floor(Number.MAX_SAFE_INTEGER / 900_000_000_000);
    const asked = async (items: unknown) => {
      const response = await app.request("/api/quote", postJson({ items }));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const over = await asked([{ productId: "vault", quantity: 1_000_000 }]);
    expect(over.status).toBe(422);
    expect(over.body.codes).toEqual({
      "items.0.quantity": { code: "above_max", params: { limit: most } },
    });
    expect((await asked([{ productId: "vault", quantity: most }])).status).toBe(200);
    // Two lines that each fit, but not together: the second is over what is left.
    const both = await asked([
      { productId: "vault", quantity: most },
      { productId: "vault-2", quantity: 1 },
    ]);
    expect(both.status).toBe(422);
    expect(Object.keys(both.body.codes as object)).toEqual(["items.1.quantity"]);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const { app } = createTestApp();
    const response = await app.request("/api/quote", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(response.status).toBe(400);
    expect(problemSchema.parse(await response.json()).type).toBe("invalid_request");
  });
});
