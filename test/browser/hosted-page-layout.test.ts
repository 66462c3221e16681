import { describe, expect, it } from "vitest";
import { demoCatalog } from "./harness";
import { proxyOrigin, proxyPage, useMerchantPages } from "./merchant-page";

// What a seller may write: a name of 300 letters with no space (a product code, a German
// compound), a description with a table of 30 columns and a picture 5,000 px wide.
const catalog = demoCatalog();
const call = catalog.products.find((candidate) => candidate.id === "setup-call");
if (!call) throw new Error("the demo catalog has no setup-call");
const name = `Softwareentwicklungsumgebungslizenz${"X".repeat(265)}`;
const columns = Array.from({ length: 30 }, (_, index) => `Column ${index + 1}`);
catalog.products.push({
  ...call,
  id: "wide-product",
  name,
  description: [
    "What is in each edition:",
    "",
    `| ${columns.join(" | ")} |`,
    `|${columns.map(() => "---").join("|")}|`,
    `| ${columns.map((_, index) => `value-${index + 1}-of-the-edition`).join(" | ")} |`,
    "",
    "![The whole map](https://images.example/map.svg)",
  ].join("\n"),
});
useMerchantPages({ catalog });

const wideSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="2500"><rect width="5000" height="2500" fill="teal"/></svg>';

describe("the proxy's own pages on a phone, with a seller's widest words", () => {
  it("shows the hosted buy page's name whole and its description's table and picture within the page", async () => {
    const { page } = await proxyPage("/healthz");
    await page.route("https://images.example/**", (route) =>
      route.fulfill({ contentType: "image/svg+xml", body: wideSvg }),
    );
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`${proxyOrigin()}/buy/wide-product`);
    // The checkout opens by itself; the page behind it is what this is about.
    await page.getByRole("dialog").waitFor();
    await page.keyboard.press("Escape");
    await page.locator(".desc img").evaluate((image: HTMLImageElement) => image.decode());
    const shown = await page.evaluate(() => {
      const box = (selector: string) =>
        (document.querySelector(selector) as HTMLElement).getBoundingClientRect();
      const heading = document.querySelector("h1") as HTMLElement;
      const table = document.querySelector(".desc table") as HTMLElement;
      return {
        pageScrolls: document.documentElement.scrollWidth - innerWidth,
        // Each line of the name inside the card, none cut off at its edge.
        nameCut: heading.scrollWidth - heading.clientWidth,
        descRight: box(".desc").right,
        imageRight: box(".desc img").right,
        // The table's own box stays in the description; its columns scroll inside it.
        tableRight: box(".desc table").right,
        tableScrolls: table.scrollWidth > table.clientWidth,
      };
    });
    expect(shown.pageScrolls).toBe(0);
    expect(shown.nameCut).toBeLessThanOrEqual(0);
    expect(shown.imageRight).toBeLessThanOrEqual(shown.descRight + 0.5);
    expect(shown.tableRight).toBeLessThanOrEqual(shown.descRight + 0.5);
    expect(shown.tableScrolls).toBe(true);
  });

  it("keeps the sandbox's pay page for that product the phone's width", async () => {
    const answer = await fetch(`${proxyOrigin()}/api/orders`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": `wide-product-${Date.now()}`,
      },
      body: JSON.stringify({
        items: [{ productId: "wide-product", quantity: 1 }],
        email: "buyer@example.com",
      }),
    });
    const order = (await answer.json()) as { checkoutUrl: string };
    const pay = new URL(order.checkoutUrl);
    const { page } = await proxyPage(`${pay.pathname}${pay.search}`);
    await page.setViewportSize({ width: 320, height: 640 });
    await page.getByRole("button", { name: "Pay", exact: true }).waitFor();
    // The line "1 × Softwareentwicklung…" wraps in its panel instead of widening the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBe(0);
  });
});

describe("the demo shop on a phone, with a seller's widest words", () => {
  it("keeps its product page the phone's width, the name and table within it", async () => {
    // The demo's CSP keeps other sites' pictures out (img-src 'self'): the name and the table.
    const { page } = await proxyPage("/?product=wide-product");
    await page.setViewportSize({ width: 320, height: 640 });
    await page.getByRole("heading", { level: 1, name: /^Softwareentwicklung/ }).waitFor();
    await page.locator(".product-description table").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBe(0);
  });
});
