// A platform's names and labels with Unicode's directional formatting characters: an override
// left open (U+202E RLO) at the end of a name reverses the price or quantity a page writes after
// it ("Founder <U+202E> – $19.99" shows "99.91$"). The proxy sends names and labels without the
// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), whichever adapter read them,
// and keeps right-to-left letters, the marks U+200E/U+200F, ids and the goods themselves as they
// are.
import { describe, expect, it } from "vitest";
import {
  createdOrderSchema,
  orderSchema,
  productBatchSchema,
  productListSchema,
  productSchema,
  quoteSchema,
  storeSchema,
  withoutBidiControls,
} from "../../src/core";
import { createApp } from "../../src/server/app";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import {
  createTestApp,
  demoCatalog,
  newKey,
  payOnSandboxPage,
  postJson,
} from "../factories/sandbox-app";

const LRE = "\u202A";
const RLE = "\u202B";
const PDF = "\u202C";
const LRO = "\u202D";
const RLO = "\u202E";
const LRI = "\u2066";
const RLI = "\u2067";
const FSI = "\u2068";
const PDI = "\u2069";
const controls = [LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI];
const anyControl = /[\u202A-\u202E\u2066-\u2069]/;
/** Right-to-left letters and the two marks: text, not formatting, and kept. */
const hebrew = "\u05E9\u05DC\u05D5\u05DD";
const arabic = "\u0645\u0631\u062D\u0628\u0627";
const marks = "\u200E\u200F";

/** `text` with every control in it, one at its end left open as the reviewer's was. */
const hostile = (text: string) => `${LRI}${text}${PDI} ${LRE}${RLE}${PDF}${LRO}${RLI}${FSI}${RLO}`;

describe("withoutBidiControls", () => {
  it("takes out each embedding, override and isolate, and nothing else", () => {
    for (const control of controls) {
      expect(withoutBidiControls(`Founder ${control}`)).toBe("Founder ");
    }
    expect(withoutBidiControls(hostile("Founder"))).toBe("Founder ");
    const natural = `${hebrew} ${marks}${arabic} – Founder (U+202F\u202F, U+2065\u2065, U+206A\u206A)`;
    expect(withoutBidiControls(natural)).toBe(natural);
  });
});

describe("names and labels the proxy sends", () => {
  it("come from a product, the store and a quote without directional formatting", async () => {
    const catalog = demoCatalog();
    catalog.store.name = hostile("Pixel Forge");
    for (const method of catalog.store.paymentMethods) method.label = hostile(method.label);
    const sync = catalog.products.find((product) => product.id === "cloud-sync");
    const sprite = catalog.products.find((product) => product.id === "custom-sprite");
    if (!sync?.variants?.[0] || !sprite?.customFields[0])
      throw new Error("the demo catalog changed");
    const plan = sync.variants[0];
    sync.name = `${hebrew} Cloud Sync ${marks}${RLO}`;
    sync.category = hostile("software");
    sync.badges = [hostile("best_seller")];
    plan.name = hostile(plan.name);
    // A description's own text is the seller's, shown in a block of its own: left as written.
    sync.description = `Plans ${RLO}`;
    sprite.name = hostile(sprite.name);
    sprite.customFields[0].label = hostile(sprite.customFields[0].label);
    const { app } = createTestApp({ catalog });

    const one = await app.request("/api/products/cloud-sync");
    const product = productSchema.parse(await one.json());
    expect(product.name).toBe(`${hebrew} Cloud Sync ${marks}`);
    expect(product.category).toBe("software ");
    expect(product.badges).toEqual(["best_seller "]);
    expect(product.variants[0]).toMatchObject({
      id: plan.id,
      name: withoutBidiControls(plan.name),
    });
    expect(product.variants[0]?.name).not.toMatch(anyControl);
    expect(product.descriptionHtml).toContain(RLO);

    const batch = await app.request("/api/products?ids=custom-sprite,cloud-sync");
    const listed = productBatchSchema.parse(await batch.json()).data;
    expect(listed.map((item) => item.id)).toEqual(["custom-sprite", "cloud-sync"]);
    expect(listed[0]?.customFields[0]?.label).toBe("Discord username ");
    const page = productListSchema.parse(await (await app.request("/api/products?page=1")).json());
    expect(page.data.length).toBeGreaterThan(0);
    for (const item of [...listed, ...page.data]) {
      const { descriptionHtml: _kept, ...labels } = item;
      expect(JSON.stringify(labels)).not.toMatch(anyControl);
    }

    const store = storeSchema.parse(await (await app.request("/api/store")).json());
    expect(store.name).toBe("Pixel Forge ");
    expect(store.paymentMethods).toEqual([
      { id: "card", label: "Card " },
      { id: "crypto", label: "Crypto " },
    ]);

    const quoted = await app.request(
      "/api/quote",
      postJson({ items: [{ productId: "cloud-sync", variantId: plan.id, quantity: 1 }] }),
    );
    const quote = quoteSchema.parse(await quoted.json());
    expect(quote.lines[0]?.name).toBe(
      `${hebrew} Cloud Sync ${marks} – ${withoutBidiControls(plan.name)}`,
    );
    expect(quote.lines[0]?.name).not.toMatch(anyControl);

    // The proxy's own page for the product: its heading, its title and the store's name.
    const buy = await (await app.request("/buy/cloud-sync")).text();
    const outsideDescription = buy.replace(/<div class="desc">[\s\S]*?<\/div>/, "");
    expect(outsideDescription).not.toMatch(anyControl);
    expect(outsideDescription).toContain(`<h1>${hebrew} Cloud Sync ${marks}</h1>`);
  });

  it("come from an order without directional formatting, its delivered goods byte for byte", async () => {
    const sandbox = createSandboxPlatform(demoCatalog());
    const key = `FORGE-${RLO}0001${PDF}-${LRI}1EEF${PDI}-9919 ${RLO}`;
    const text = `Your code: ${RLE}${arabic}${PDF} ${RLO}`;
    // A platform whose order answer carries the controls in its names, message and goods.
    const platform = Object.assign(Object.create(sandbox) as typeof sandbox, {
      async getOrder(id: string) {
        const order = await sandbox.getOrder(id);
        return (
          order && {
            ...order,
            status: "completed" as const,
            items: order.items.map((item) => ({ ...item, name: `${item.name} ${RLO}` })),
            deliveredItems: [
              { productId: `pro-license${RLO}`, kind: "key" as const, value: key },
              { productId: "pro-license", kind: "text" as const, value: text },
            ],
            deliveryMessage: `${hebrew} Activate within 30 days ${marks}${RLO}`,
          }
        );
      },
    });
    const app = createApp({ platform, resilience: false });
    const created = await app.request(
      "/api/orders",
      postJson(
        { items: [{ productId: "pro-license", quantity: 1 }], email: "buyer@example.com" },
        newKey(),
      ),
    );
    const { id, token } = createdOrderSchema.parse(await created.json());
    const read = await app.request(`/api/orders/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const order = orderSchema.parse(await read.json());
    expect(order.status).toBe("completed");
    expect(order.items).toEqual([
      { productId: "pro-license", name: "Forge Studio Pro — License Key ", quantity: 1 },
    ]);
    expect(order.deliveryMessage).toBe(`${hebrew} Activate within 30 days ${marks}`);
    // The goods and the ids are the platform's, exactly: a key is typed or pasted as delivered.
    expect(order.deliveredItems).toEqual([
      { productId: `pro-license${RLO}`, kind: "key", value: key },
      { productId: "pro-license", kind: "text", value: text },
    ]);
  });

  it("come from the sandbox's pay page and order without directional formatting, its serials exact", async () => {
    const catalog = demoCatalog();
    catalog.store.name = hostile("Pixel Forge");
    const license = catalog.products.find((product) => product.id === "pro-license");
    if (!license?.serials) throw new Error("the demo catalog changed");
    license.name = hostile("Forge Studio Pro");
    license.serials = [`FORGE-${RLO}0001-1EEF-9919${RLO}`];
    license.deliveryMessage = hostile("Activate it");
    const { app } = createTestApp({ catalog });
    const created = createdOrderSchema.parse(
      await (
        await app.request(
          "/api/orders",
          postJson(
            { items: [{ productId: "pro-license", quantity: 1 }], email: "buyer@example.com" },
            newKey(),
          ),
        )
      ).json(),
    );
    const payUrl = new URL(created.checkoutUrl ?? "missing:");
    const payPage = await (await app.request(payUrl.pathname + payUrl.search)).text();
    expect(payPage).toContain("1 × Forge Studio Pro </li>");
    expect(payPage).not.toMatch(anyControl);
    const paid = await payOnSandboxPage(app, created.checkoutUrl);
    expect(paid.status).toBe(303);
    const read = await app.request(`/api/orders/${created.id}`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    const order = orderSchema.parse(await read.json());
    expect(order.status).toBe("completed");
    expect(order.items[0]?.name).toBe("Forge Studio Pro ");
    expect(order.deliveryMessage).toBe("Activate it ");
    expect(order.deliveredItems).toEqual([
      { productId: "pro-license", kind: "key", value: `FORGE-${RLO}0001-1EEF-9919${RLO}` },
    ]);
  });
});
