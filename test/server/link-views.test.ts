import { describe, expect, it } from "vitest";
import type { CatalogProduct, PlatformOrder } from "../../src/server/platforms/platform";
import { toOrderView } from "../../src/server/views/order-view";
import { toProductView } from "../../src/server/views/product-view";

const hostile = [
  "javascript:alert(document.cookie)",
  " JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
];

describe("only http(s) leaves the proxy as a link", () => {
  it("drops delivered links that are not http(s), keeping keys and text as they are", () => {
    const order: PlatformOrder = {
      id: "o1",
      status: "completed",
      total: { amount: 100, currency: "USD" },
      items: [],
      deliveredItems: [
        ...hostile.map((value) => ({ kind: "link" as const, value })),
        { kind: "link", value: "https://files.example/download?id=1" },
        { kind: "key", value: "javascript:is-just-a-key" },
      ],
    };
    expect(toOrderView(order).deliveredItems).toEqual([
      { kind: "link", value: "https://files.example/download?id=1" },
      { kind: "key", value: "javascript:is-just-a-key" },
    ]);
  });

  it("drops images that are not http(s) or relative paths", () => {
    const product: CatalogProduct = {
      id: "p1",
      name: "P",
      type: "license_key",
      description: "",
      visible: true,
      images: [...hostile, "https://img.example/a.png", "/images/b.png"],
      price: { amount: 100, currency: "USD" },
      variants: [],
      stock: null,
      available: true,
      quantity: { min: 1, max: null },
      customFields: [],
    };
    expect(toProductView(product, (text) => text).images).toEqual([
      "https://img.example/a.png",
      "/images/b.png",
    ]);
    // A path is the proxy's own file: absolute on the origin the request came to.
    const requestUrl = "https://shop.example/api/products?ids=p1";
    expect(toProductView(product, (text) => text, requestUrl).images).toEqual([
      "https://img.example/a.png",
      "https://shop.example/images/b.png",
    ]);
  });
});
