import { describe, expect, it } from "vitest";
import { problemSchema, productSchema } from "../../src/core";
import { catalogBelowMinimum, createTestApp, newKey, postJson } from "../factories/sandbox-app";

describe("stock below a product's minimum quantity", () => {
  it("is published as none left, and a product with no choice left is not available", async () => {
    const { app } = createTestApp({ catalog: catalogBelowMinimum() });
    const response = await app.request("/api/products?ids=team-seats,cloud-sync,few-plans");
    const body = (await response.json()) as { data: unknown[] };
    const [seats, sync, few] = body.data.map((item) => productSchema.parse(item));
    expect(seats).toMatchObject({ stock: 0, available: false, quantity: { min: 2 } });
    expect(sync?.available).toBe(true);
    expect(sync?.variants.map((variant) => [variant.id, variant.stock])).toEqual([
      ["monthly", null],
      ["yearly", null],
      ["founder", 0],
    ]);
    expect(few?.available).toBe(false);
    expect(few?.variants.map((variant) => variant.stock)).toEqual([0, 0, 0]);
    // One product alone and a storefront page publish the same counts.
    const one = productSchema.parse(await (await app.request("/api/products/team-seats")).json());
    expect(one).toMatchObject({ stock: 0, available: false });
    const page = (await (await app.request("/api/products?search=seats")).json()) as {
      data: unknown[];
    };
    expect(page.data.map((item) => productSchema.parse(item).stock)).toEqual([0]);
  });

  it("leaves a count at the minimum as it is", async () => {
    const catalog = catalogBelowMinimum();
    const seats = catalog.products.find((product) => product.id === "team-seats");
    seats?.serials?.push("SEAT-0002-3DDE-3232");
    const { app } = createTestApp({ catalog });
    const one = productSchema.parse(await (await app.request("/api/products/team-seats")).json());
    expect(one).toMatchObject({ stock: 2, available: true });
  });

  it("is refused as sold out by a quote and an order, at any quantity", async () => {
    const { app } = createTestApp({ catalog: catalogBelowMinimum() });
    const lines = [
      { productId: "team-seats", quantity: 1 },
      { productId: "team-seats", quantity: 2 },
      { productId: "cloud-sync", variantId: "founder", quantity: 1 },
      { productId: "cloud-sync", variantId: "founder", quantity: 2 },
      { productId: "few-plans", variantId: "monthly", quantity: 2 },
    ];
    for (const line of lines) {
      for (const [path, init] of [
        ["/api/quote", postJson({ items: [line] })],
        ["/api/orders", postJson({ items: [line], email: "buyer@example.com" }, newKey())],
      ] as const) {
        const response = await app.request(path, init);
        expect(response.status, `${path} ${JSON.stringify(line)}`).toBe(422);
        const problem = problemSchema.parse(await response.json());
        expect(problem.codes, `${path} ${JSON.stringify(line)}`).toEqual({
          "items.0.quantity": { code: "sold_out" },
        });
      }
    }
  });
});
