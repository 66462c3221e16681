import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderStatuses } from "../../src/core";
import * as astrosell from "../../src/server/platforms/astrosell/mapping";
import {
  astrosellOrderStatuses,
  astrosellProductListSchema,
} from "../../src/server/platforms/astrosell/schemas";
import type { CatalogProduct } from "../../src/server/platforms/platform";
import * as sellsn from "../../src/server/platforms/sellsn/mapping";
import { sellsnProductSchema } from "../../src/server/platforms/sellsn/schemas";
import * as sellstein from "../../src/server/platforms/sellstein/mapping";
import {
  sellsteinOrderStatuses,
  sellsteinProductSchema,
} from "../../src/server/platforms/sellstein/schemas";
import * as sellvy from "../../src/server/platforms/sellvy/mapping";
import {
  sellvyOrderStatuses,
  sellvyPaymentStatuses,
  sellvyProductSchema,
} from "../../src/server/platforms/sellvy/schemas";
import * as sx from "../../src/server/platforms/sx/mapping";
import { sxOrderStatuses, sxProductSchema } from "../../src/server/platforms/sx/schemas";
import { seedProducts as astrosellSeeds } from "./astrosell/fake-data";
import { seedProducts as sellsnSeeds } from "./sellsn/fake-data";
import { seedProducts as sellsteinSeeds } from "./sellstein/fake-data";
import { seedProducts as sellvySeeds } from "./sellvy/fake-data";
import { seedProducts as sxSeeds } from "./sx/fake-data";

/*
 * Money, stock and status mapping of every adapter, over generated values. Each product starts
 * from the platform's own example (its fake's first seed) with price and stock replaced.
 */

const cents = fc.integer({ min: 0, max: 100_000_000 });
const decimal = (amount: number) => (amount / 100).toFixed(2);
/** A count of stock as platforms send it: 0 and up. */
const count = fc.integer({ min: 0, max: 1_000_000 });

/** Each adapter's product from its example, with a price in minor units and a stock count. */
const products: Record<string, (amount: number, stock: number) => CatalogProduct> = {
  sellstein: (amount, stock) => {
    const seed: object = sellsteinSeeds()[0] ?? {};
    // The document writes prices as JSON numbers such as 24.99.
    const parsed = sellsteinProductSchema.parse({
      ...seed,
      price: Number(decimal(amount)),
      stock,
      variants: [],
    });
    return sellstein.toCatalogProduct(parsed);
  },
  sellvy: (amount, stock) => {
    const seed = sellvySeeds()[0] as Record<string, unknown>;
    const parsed = sellvyProductSchema.parse({
      ...seed,
      price: decimal(amount),
      stock,
      variants: [],
    });
    return sellvy.toCatalogProduct(parsed);
  },
  sx: (amount, stock) => {
    const { pool: _pool, ...seed } = sxSeeds()[0] ?? {};
    return sx.toCatalogProduct(sxProductSchema.parse({ ...seed, price_cents: amount, stock }));
  },
  sellsn: (amount, stock) => {
    const { items: _items, ...seed } = sellsnSeeds()[0] ?? {};
    const parsed = sellsnProductSchema.parse({ ...seed, cost: Number(decimal(amount)) });
    return sellsn.toCatalogProduct(parsed, stock, "EUR");
  },
  astrosell: (amount, stock) => {
    const seed = astrosellSeeds().find((product) => product.type === "serials");
    const listed = { ...seed, price: Number(decimal(amount)), stock, unlimitedStock: false };
    const [parsed] = astrosellProductListSchema.parse([listed]).read;
    if (!parsed) throw new Error("no product");
    return astrosell.toCatalogProduct(parsed);
  },
};

describe.each(Object.keys(products))("%s: money and stock over generated values", (id) => {
  const toProduct = products[id] as (amount: number, stock: number) => CatalogProduct;

  it("prices in exact integer minor units", () => {
    fc.assert(
      fc.property(cents, (amount) => {
        const price = toProduct(amount, 1).price;
        expect(Number.isInteger(price.amount)).toBe(true);
        expect(price.amount).toBe(amount);
      }),
    );
  });

  it("passes a stock count on as it is, and sold out only at 0", () => {
    fc.assert(
      fc.property(count, (stock) => {
        const product = toProduct(100, stock);
        expect(product.stock).toBe(stock);
        expect(product.available).toBe(stock > 0);
      }),
    );
  });
});

describe("stock words for unlimited", () => {
  it("reads -1 (SellStein, Sellvy) and null (Sellvy) as unlimited, never as a count", () => {
    expect(sellstein.mapStock(-1)).toBeNull();
    expect(sellvy.mapStock(-1)).toBeNull();
    expect(sellvy.mapStock(null)).toBeNull();
    fc.assert(
      fc.property(count, (stock) => {
        expect(sellstein.mapStock(stock)).toBe(stock);
        expect(sellvy.mapStock(stock)).toBe(stock);
      }),
    );
  });
});

describe("order statuses", () => {
  const contract: readonly string[] = orderStatuses;

  it("maps every documented status word to a contract status", () => {
    for (const status of sellsteinOrderStatuses)
      expect(contract).toContain(sellstein.toOrderStatus(status));
    for (const status of sxOrderStatuses) expect(contract).toContain(sx.toOrderStatus(status));
    for (const status of astrosellOrderStatuses)
      expect(contract).toContain(astrosell.toOrderStatus(status));
    for (const status of sellvyOrderStatuses) {
      for (const payment of [undefined, ...sellvyPaymentStatuses]) {
        expect(contract).toContain(sellvy.toOrderStatus(status, payment));
      }
    }
  });

  it("leaves any other word unmapped rather than guessing", () => {
    const documented = new Set<string>([...sxOrderStatuses, ...astrosellOrderStatuses]);
    fc.assert(
      fc.property(
        fc.string().filter((word) => !documented.has(word) && !/^[a-z_ ]*$/i.test(word)),
        (word) => {
          expect(sx.toOrderStatus(word)).toBeUndefined();
          expect(astrosell.toOrderStatus(word)).toBeUndefined();
          expect(sellsn.toOrderStatus(word)).toBeUndefined();
        },
      ),
    );
  });
});
