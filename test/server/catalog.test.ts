import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CatalogError, parseCatalog } from "../../src/server/platforms/sandbox";
import { loadCatalog } from "../../src/server/runtime/catalog-file";
import { demoCatalog } from "../factories/sandbox-app";

function messageOf(data: unknown): string {
  try {
    parseCatalog(data, "shop.json");
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return (error as Error).message;
  }
  throw new Error("expected a CatalogError");
}

describe("the sandbox catalog file", () => {
  it("accepts the demo catalog, which covers every case the demo needs", () => {
    const catalog = demoCatalog();
    expect(catalog.products.length).toBeGreaterThanOrEqual(8);
    const has = (predicate: (product: (typeof catalog.products)[number]) => boolean) =>
      catalog.products.some(predicate);
    expect(has((p) => p.type === "license_key" && (p.serials?.length ?? 0) > 0)).toBe(true);
    expect(
      has((p) => p.serials === undefined && (p.stock ?? null) === null && p.type === "service"),
    ).toBe(true);
    expect(has((p) => p.serials?.length === 0)).toBe(true);
    expect(has((p) => p.quantity.min === 2 && p.quantity.max === 5)).toBe(true);
    expect(
      has((p) => p.customFields.some((f) => f.required) && p.customFields.some((f) => !f.required)),
    ).toBe(true);
    expect(has((p) => p.variants.length > 0)).toBe(true);
    expect(has((p) => p.currency === "JPY")).toBe(true);
    // A markdown link, but no image: a description's pictures would come from wherever they
    // point, and the demo loads nothing from outside the proxy.
    expect(has((p) => /\[.+\]\(https?:/.test(p.description))).toBe(true);
    expect(has((p) => /!\[/.test(p.description))).toBe(false);
    expect(catalog.coupons.map((coupon) => coupon.code).sort()).toEqual(
      ["BIGSPENDER", "EXPIRED", "FIVEOFF", "KEYSONLY", "USEDUP", "WELCOME10"].sort(),
    );
  });

  it("names the path and field of what is wrong", () => {
    const catalog = demoCatalog() as unknown as { products: Record<string, unknown>[] };
    const broken = structuredClone(catalog);
    if (broken.products[3]) broken.products[3].price = "12,50";
    expect(messageOf(broken)).toMatch(/^shop\.json: products\.3\.price: must be a decimal amount/);
    const twice = structuredClone(catalog);
    if (twice.products[1] && twice.products[0]) twice.products[1].id = twice.products[0].id;
    expect(messageOf(twice)).toMatch(/^shop\.json: products\.1\.id: is used twice/);
    // Finer than its currency: 0.125 USD, and 1199.5 JPY for tokyo-font's yen.
    const fine = structuredClone(catalog);
    if (fine.products[0]) fine.products[0].price = "0.125";
    expect(messageOf(fine)).toMatch(
      /^shop\.json: products\.0\.price: must be 0 or more, with no more decimal places than USD has/,
    );
    const yen = structuredClone(catalog);
    const font = yen.products.findIndex((product) => product.id === "tokyo-font");
    if (yen.products[font]) yen.products[font].price = 1199.5;
    expect(messageOf(yen)).toMatch(
      new RegExp(
        `^shop\\.json: products\\.${font}\\.price: must be 0 or more, with no more decimal places than JPY has`,
      ),
    );
    const below = structuredClone(catalog);
    if (below.products[2]) below.products[2].price = "-5.00";
    expect(messageOf(below)).toMatch(/^shop\.json: products\.2\.price: must be 0 or more/);
    const stray = structuredClone(catalog);
    if (stray.products[0]) stray.products[0].secretNote = "x";
    expect(messageOf(stray)).toMatch(/^shop\.json: products\.0/);
  });

  it("refuses a product no quantity of which can be ordered, naming its limit", () => {
    const withQuantity = (quantity: Record<string, unknown>) => {
      const catalog = demoCatalog() as unknown as { products: Record<string, unknown>[] };
      const seats = catalog.products.findIndex((product) => product.id === "team-seats");
      if (catalog.products[seats]) catalog.products[seats].quantity = quantity;
      return { catalog, seats };
    };
    // "At least 5, at most 3" (the two swapped): every quantity a buyer tried was refused.
    const swapped = withQuantity({ min: 5, max: 3 });
    expect(messageOf(swapped.catalog)).toBe(
      `shop.json: products.${swapped.seats}.quantity.max: must be at least quantity.min (5)`,
    );
    // More than one order line ever takes.
    const beyond = withQuantity({ min: 2_000_000 });
    expect(messageOf(beyond.catalog)).toBe(
      `shop.json: products.${beyond.seats}.quantity.min: must be at most 1000000, the most one order line takes`,
    );
    // Exactly one quantity, or exactly the most a line takes, can be ordered: both start.
    expect(() => parseCatalog(withQuantity({ min: 3, max: 3 }).catalog, "shop.json")).not.toThrow();
    expect(() => parseCatalog(withQuantity({ min: 1_000_000 }).catalog, "shop.json")).not.toThrow();
  });

  it("refuses two choices of one name in a product or the store, which would share one value", () => {
    const catalog = demoCatalog() as unknown as {
      store: { paymentMethods: { id: string }[] };
      products: {
        id: string;
        variants: { id: string }[];
        customFields: { key: string }[];
      }[];
    };
    const at = (id: string) => catalog.products.findIndex((product) => product.id === id);
    const variants = structuredClone(catalog);
    const withVariants = variants.products.findIndex((product) => product.variants.length > 1);
    const choices = variants.products[withVariants]?.variants ?? [];
    if (choices[1] && choices[0]) choices[1].id = choices[0].id;
    expect(messageOf(variants)).toBe(
      `shop.json: products.${withVariants}.variants.1.id: is used twice`,
    );
    const fields = structuredClone(catalog);
    const sprite = fields.products[at("custom-sprite")]?.customFields ?? [];
    if (sprite[1] && sprite[0]) sprite[1].key = sprite[0].key;
    expect(messageOf(fields)).toBe(
      `shop.json: products.${at("custom-sprite")}.customFields.1.key: is used twice`,
    );
    const methods = structuredClone(catalog);
    const [card, other] = methods.store.paymentMethods;
    if (card && other) other.id = card.id;
    expect(messageOf(methods)).toBe("shop.json: store.paymentMethods.1.id: is used twice");
  });

  it("takes the bench's catalog (the demo's products copied a hundred times, its codes with them)", async () => {
    // The bench's own module, plain JavaScript outside the compiled sources.
    const sites: { benchCatalog(): unknown } = await import(`${"../../scripts/bench/sites.js"}`);
    const catalog = parseCatalog(sites.benchCatalog(), "bench catalog");
    expect(catalog.products).toHaveLength(100);
    const keysOnly = catalog.coupons.find((coupon) => coupon.code === "KEYSONLY");
    expect(keysOnly?.productIds?.length).toBeGreaterThan(0);
  });

  it("refuses a code it could not quote and charge as written, naming it", () => {
    const withCoupons = (...coupons: Record<string, unknown>[]) => {
      const catalog = demoCatalog() as unknown as { coupons: Record<string, unknown>[] };
      return { ...catalog, coupons };
    };
    expect(messageOf(withCoupons({ code: "HALF", kind: "percent", percent: "150" }))).toBe(
      "shop.json: coupons.0.percent: must be more than 0 and at most 100",
    );
    expect(messageOf(withCoupons({ code: "NONE", kind: "percent", percent: "0" }))).toMatch(
      /^shop\.json: coupons\.0\.percent: /,
    );
    expect(
      messageOf(
        withCoupons(
          { code: "SAVE", kind: "percent", percent: "10" },
          { code: "save", kind: "fixed", amount: "5.00" },
        ),
      ),
    ).toBe("shop.json: coupons.1.code: is used twice");
    expect(messageOf(withCoupons({ code: "BIT", kind: "fixed", amount: "0.125" }))).toMatch(
      /^shop\.json: coupons\.0\.amount: /,
    );
    expect(
      messageOf(withCoupons({ code: "MIN", kind: "fixed", amount: "1", minOrder: "-5" })),
    ).toMatch(/^shop\.json: coupons\.0\.minOrder: /);
    expect(
      messageOf(
        withCoupons({ code: "KEYS", kind: "percent", percent: "5", productIds: ["pro-licence"] }),
      ),
    ).toBe('shop.json: coupons.0.productIds: names "pro-licence", no product');
  });
});

describe("loadCatalog", () => {
  it("refuses a picture that is neither an http(s) URL nor one of the demo's, naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kiosk-catalog-"));
    try {
      const withImage = (image: string) => {
        const catalog = demoCatalog();
        const [first] = catalog.products;
        if (!first) throw new Error("the demo catalog has no products");
        first.images = ["/demo/images/pro-license.svg", image];
        const file = join(dir, `${Math.random()}.json`);
        writeFileSync(file, JSON.stringify(catalog));
        return loadCatalog(file).then(
          () => "loaded",
          (error: Error) => error.message.replace(file, "shop.json"),
        );
      };
      expect(await withImage("https://cdn.example/a.png")).toBe("loaded");
      expect(await withImage("/demo/images/tokyo-font.svg")).toBe("loaded");
      for (const image of [
        "images/mine.svg",
        "/images/mine.svg",
        "/demo/images/mine.svg",
        "/demo/images/../../package.json",
      ]) {
        expect(await withImage(image)).toBe(
          `shop.json: products.0.images.1: "${image}" is neither an http(s) URL nor one of the demo's pictures (/demo/images/…)`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
