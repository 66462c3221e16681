import { describe, expect, it } from "vitest";
import { isDeliveredLink } from "../../src/core";
import * as astrosell from "../../src/server/platforms/astrosell/mapping";
import { astrosellOrderSchema } from "../../src/server/platforms/astrosell/schemas";
import type { SandboxCatalogProduct } from "../../src/server/platforms/sandbox/catalog";
import { deliveryOf } from "../../src/server/platforms/sandbox/delivery";
import * as sellsn from "../../src/server/platforms/sellsn/mapping";
import { sellsnOrderSchema } from "../../src/server/platforms/sellsn/schemas";
import * as sellstein from "../../src/server/platforms/sellstein/mapping";
import { sellsteinOrderSchema } from "../../src/server/platforms/sellstein/schemas";
import { seedOrders as sellsteinOrders } from "./sellstein/fake-data";

/*
 * A delivered value is a link or a key by one rule, whichever platform delivered it as a plain
 * string: the buyer sees the same value alike from every shop.
 */

/** A delivered value, and whether a buyer should be handed it as a link to follow. */
const values: readonly (readonly [string, boolean])[] = [
  ["PRLK-7F3A-99QX", false],
  ["https://cdn.example/dl/toolkit.zip", true],
  ["http://cdn.example/dl/toolkit.zip?token=a%20b", true],
  ["HTTPS://CDN.EXAMPLE/DL/TOOLKIT.ZIP", true],
  ["  https://cdn.example/dl/toolkit.zip  ", true],
  ["https://cdn.example/dl/tool kit.zip", false],
  ["https://cdn.example/a.zip and https://cdn.example/b.zip", false],
  ["https://", false],
  ["https://exa mple.com", false],
  ["http:cdn.example/toolkit.zip", false],
  ["ftp://cdn.example/toolkit.zip", false],
  ["javascript:alert(1)//https://x", false],
  ["user: admin / password: hunter2", false],
];

/** The kind each platform's mapping gives a delivered value. */
const kindOf: Record<string, (value: string) => string | undefined> = {
  sellstein: (value) => {
    const order = sellsteinOrderSchema.parse({
      ...sellsteinOrders()[0],
      delivered_items: [{ value }],
    });
    return sellstein.toPlatformOrder(order).deliveredItems?.[0]?.kind;
  },
  sellsn: (value) => {
    const order = sellsnOrderSchema.parse({
      id: "123e4567-e89b-12d3-a456-426614174099",
      status: "Completed",
      cost: 9.99,
      currency: "EUR",
      products: [{ product: { id: "p1", name: "Key" }, quantity: 1 }],
      deliveredItem: value,
    });
    return sellsn.toPlatformOrder(order, "completed", "EUR").deliveredItems?.[0]?.kind;
  },
  astrosell: (value) => {
    const order = astrosellOrderSchema.parse({
      invoiceId: "AS-7KD2P9",
      productTitle: "Key",
      total: 4.99,
      currency: "USD",
      status: "completed",
      customerEmail: "buyer@example.com",
      deliveredItems: [value],
    });
    return astrosell.toPlatformOrder(order, { productId: "66f0a1", quantity: 1 })
      .deliveredItems?.[0]?.kind;
  },
  "sandbox (serials)": (value) => {
    const product = { id: "p1", serials: [value] } as unknown as SandboxCatalogProduct;
    const lines = [{ productId: "p1", quantity: 1, serials: [value] }];
    return deliveryOf(new Map([["p1", product]]), { lines }).items[0]?.kind;
  },
  "sandbox (delivery)": (value) => {
    const product = { id: "p1", delivery: value } as unknown as SandboxCatalogProduct;
    const lines = [{ productId: "p1", quantity: 1, serials: [] }];
    const kind = deliveryOf(new Map([["p1", product]]), { lines }).items[0]?.kind;
    // A sandbox product's own delivery is text where another platform's value is a key.
    return kind === "text" ? "key" : kind;
  },
};

describe("a delivered value's kind", () => {
  it.each(values)("%j is a link: %s (the rule)", (value, link) => {
    expect(isDeliveredLink(value)).toBe(link);
  });

  describe.each(Object.keys(kindOf))("%s", (platform) => {
    it.each(values)("hands %j over as the rule says", (value, link) => {
      expect(kindOf[platform]?.(value)).toBe(link ? "link" : "key");
    });
  });
});
