import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canBuy,
  checkLine,
  defaultVariant,
  effectiveMax,
  inStock,
  isAvailable,
  stockFor,
} from "../../src/core";
import { ProblemError } from "../../src/server/http/problem-error";
import { priceOrder } from "../../src/server/orders/pricing";
import type { CatalogProduct, SellerPlatform } from "../../src/server/platforms/platform";
import { toProductView } from "../../src/server/views/product-view";
import { createCheckoutForm } from "../../src/widget/checkout/checkout-form";
import type { KioskClient } from "../../src/widget/client";

const stock = fc.option(fc.nat({ max: 5 }), { nil: null });
const product = fc.record({
  available: fc.boolean(),
  stock,
  variants: fc.uniqueArray(fc.record({ id: fc.constantFrom("a", "b", "c"), stock }), {
    selector: (variant) => variant.id,
    maxLength: 3,
  }),
  quantity: fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }))
    .map(([min, extra]) => ({ min, max: extra === null ? null : min + extra })),
});

/** What a buyer can pick: a variant when the product has them, else the product itself. */
const choices = (p: { variants: readonly { id: string }[] }) =>
  p.variants.length > 0 ? p.variants.map((variant) => variant.id) : [undefined];

/** An adapter's product with these stock figures. */
function catalogProduct(p: ProductFigures): CatalogProduct {
  return {
    ...p,
    id: "p",
    name: "P",
    type: "digital",
    description: "",
    images: [],
    price: { amount: 100, currency: "USD" },
    variants: p.variants.map((variant) => ({
      ...variant,
      name: variant.id,
      price: { amount: 100, currency: "USD" },
    })),
    customFields: [],
    visible: true,
  };
}

type ProductFigures = typeof product extends fc.Arbitrary<infer T> ? T : never;

describe("availability", () => {
  it("is there exactly when the seller offers it and some choice has stock left", () => {
    fc.assert(
      fc.property(product, (p) => {
        const someChoiceInStock = choices(p).some((choice) => inStock(stockFor(p, choice)));
        expect(isAvailable(p)).toBe(p.available && someChoiceInStock);
        for (const choice of choices(p)) {
          expect(canBuy(p, choice)).toBe(isAvailable(p) && inStock(stockFor(p, choice)));
        }
      }),
    );
  });

  it("does not change once worked out: the proxy's view of an adapter's product agrees", () => {
    fc.assert(
      fc.property(product, (p) => {
        const catalog = { ...catalogProduct(p), available: isAvailable(p) };
        const view = toProductView(catalog, () => "");
        expect(view.available).toBe(toProductView(catalogProduct(p), () => "").available);
        expect(isAvailable(view)).toBe(view.available);
      }),
    );
  });

  it("is published as a buyer can buy it: fewer left than the minimum is none left", () => {
    fc.assert(
      fc.property(product, (p) => {
        const view = toProductView(catalogProduct(p), () => "");
        const enough = (choice: string | undefined) => {
          const left = stockFor(p, choice);
          return left === null || left >= p.quantity.min;
        };
        const buyable = (choice: string | undefined) => p.available && enough(choice);
        for (const choice of choices(p)) {
          expect(canBuy(view, choice)).toBe(buyable(choice));
          expect(stockFor(view, choice)).toBe(enough(choice) ? stockFor(p, choice) : 0);
        }
        expect(view.available).toBe(choices(p).some(buyable));
      }),
    );
  });

  it("counts a variant's stock as the lower of its own and the product's", () => {
    fc.assert(
      fc.property(product, (p) => {
        for (const variant of p.variants) {
          const left = stockFor(p, variant.id);
          for (const count of [p.stock, variant.stock]) {
            if (count !== null) expect(left).not.toBeNull();
            if (count !== null && left !== null) expect(left).toBeLessThanOrEqual(count);
          }
          expect([p.stock, variant.stock]).toContain(left);
        }
        expect(stockFor(p, undefined)).toBe(p.stock);
        expect(stockFor(p, "no-such-variant")).toBe(p.stock);
      }),
    );
  });

  it("starts on the asked-for variant, else one in stock, else the first", () => {
    fc.assert(
      fc.property(product, fc.constantFrom("a", "b", "z", undefined), (p, asked) => {
        const chosen = defaultVariant(p.variants, asked);
        const askedFor = p.variants.find((variant) => variant.id === asked);
        const anyInStock = p.variants.some((variant) => inStock(variant.stock));
        if (p.variants.length === 0) expect(chosen).toBeUndefined();
        else if (askedFor) expect(chosen).toBe(askedFor);
        else if (anyInStock) expect(chosen && inStock(chosen.stock)).toBe(true);
        else expect(chosen).toBe(p.variants[0]);
      }),
    );
  });

  it("lets a line through exactly when it can be bought in a quantity within the limits", () => {
    fc.assert(
      fc.property(product, fc.integer({ min: -1, max: 12 }), (p, quantity) => {
        for (const choice of choices(p)) {
          const max = effectiveMax(p.quantity, stockFor(p, choice));
          const allowed =
            canBuy(p, choice) &&
            quantity >= 1 &&
            quantity >= p.quantity.min &&
            (max === null || quantity <= max);
          expect(checkLine(p, choice, quantity) === undefined).toBe(allowed);
        }
      }),
    );
  });

  it("refuses a line in the widget exactly when the proxy refuses it, in the same words", async () => {
    await fc.assert(
      fc.asyncProperty(
        product,
        fc.constantFrom("a", "b", "c", undefined),
        fc.integer({ min: 1, max: 8 }),
        async (p, asked, quantity) => {
          const catalog = catalogProduct(p);
          const form = createCheckoutForm({
            client: {} as KioskClient,
            product: toProductView(catalog, () => ""),
            variantId: asked,
            quantity,
          });
          const platform = {
            capabilities: { coupons: false, webhooks: false },
            getProducts: async () => [catalog],
          } as unknown as SellerPlatform;
          let proxy: string | undefined;
          try {
            await priceOrder(platform, form.items(), undefined, new Date());
          } catch (error) {
            if (!(error instanceof ProblemError)) throw error;
            const errors = error.toProblem().errors ?? {};
            proxy = errors["items.0.quantity"] ?? errors["items.0.productId"];
          }
          expect(proxy).toBe(form.localErrors.value.quantity);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("says why a line cannot be had", () => {
    const base = { available: true, stock: 3, variants: [], quantity: { min: 1, max: null } };
    expect(checkLine(base, undefined, 4)).toEqual({ code: "above_stock", limit: 3 });
    expect(checkLine({ ...base, stock: 0 }, undefined, 1)).toEqual({ code: "sold_out" });
    expect(checkLine({ ...base, available: false }, undefined, 1)).toEqual({
      code: "unavailable",
    });
    expect(checkLine({ ...base, available: false, stock: 0 }, undefined, 0)).toEqual({
      code: "sold_out",
    });
  });
});
