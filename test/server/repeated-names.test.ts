// A platform's product with two variants of one id, two custom fields of one key or one badge
// twice: a page would draw two choices sharing one value (picking the second shows its name and
// price, while the order is priced by the first). The proxy sends the first of each, the one it
// prices by.
import { describe, expect, it } from "vitest";
import { productSchema, quoteSchema } from "../../src/core";
import { createTestApp, demoCatalog, postJson } from "../factories/sandbox-app";

describe("names a platform repeats in one product", () => {
  it("are sent once, the first, which is the one quotes and orders are priced by", async () => {
    // The sandbox refuses such a catalog at start (see catalog.test.ts); another platform's
    // answer is not a file the merchant can fix, so one is made here past that check.
    const catalog = demoCatalog();
    const sync = catalog.products.find((product) => product.id === "cloud-sync");
    const sprite = catalog.products.find((product) => product.id === "custom-sprite");
    if (!sync?.variants[0] || !sprite?.customFields[0]) throw new Error("the demo catalog changed");
    sync.variants.push({ ...sync.variants[0], name: "1 month (again)", price: "1.00" });
    sync.badges = ["new", "sale", "new"];
    sprite.customFields.push({ ...sprite.customFields[0], label: "Again", required: false });
    const { app } = createTestApp({ catalog });

    const shown = productSchema.parse(await (await app.request("/api/products/cloud-sync")).json());
    expect(shown.variants.map((variant) => variant.id)).toEqual(["monthly", "yearly", "founder"]);
    expect(shown.variants[0]?.name).toBe("1 month");
    expect(shown.badges).toEqual(["new", "sale"]);
    const quoted = quoteSchema.parse(
      await (
        await app.request(
          "/api/quote",
          postJson({ items: [{ productId: "cloud-sync", variantId: "monthly", quantity: 1 }] }),
        )
      ).json(),
    );
    expect(quoted.total).toEqual(shown.variants[0]?.price);

    const fields = productSchema.parse(
      await (await app.request("/api/products/custom-sprite")).json(),
    ).customFields;
    expect(fields.map((field) => field.key)).toEqual(
      sprite.customFields.slice(0, -1).map((field) => field.key),
    );
    expect(fields[0]?.label).toBe(sprite.customFields[0]?.label);
  });

  it("says a product is available by the choices it sends, not by a repeat it leaves out", async () => {
    const catalog = demoCatalog();
    const sync = catalog.products.find((product) => product.id === "cloud-sync");
    const first = sync?.variants[0];
    if (!sync || !first) throw new Error("the demo catalog changed");
    // The one choice sent is sold out; its repeat, which no page shows and no order is priced
    // by, has some left.
    sync.variants = [
      { ...first, stock: 0 },
      { ...first, name: "1 month (again)", stock: 5 },
    ];
    const { app } = createTestApp({ catalog });
    const shown = productSchema.parse(await (await app.request("/api/products/cloud-sync")).json());
    expect(shown.variants).toMatchObject([{ id: first.id, stock: 0 }]);
    // Before, `available` was true: a product with nothing to buy said it could be bought.
    expect(shown.available).toBe(false);
    const quoted = await app.request(
      "/api/quote",
      postJson({ items: [{ productId: "cloud-sync", variantId: first.id, quantity: 1 }] }),
    );
    expect(quoted.status).toBe(422);
  });
});
