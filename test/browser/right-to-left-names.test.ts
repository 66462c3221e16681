import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoCatalog } from "./harness";
import { openSite, proxyOrigin, useMerchantPages } from "./merchant-page";

// A plan named in Arabic on an English page: the platform's words are right-to-left, the price
// and the quantity written after them are not.
const catalog = demoCatalog();
const cloud = catalog.products.find((candidate) => candidate.id === "cloud-sync");
if (!cloud) throw new Error("the demo catalog has no cloud-sync");
catalog.products.push({
  ...cloud,
  id: "arabic-plan",
  name: "Cloud Sync",
  variants: [
    { id: "monthly", name: "خطة شهرية", price: "9.99", stock: null },
    { id: "yearly", name: "Yearly", price: "99.00", stock: null },
  ],
});
useMerchantPages({ catalog });

/**
 * Where each part of `text` is drawn when the browser lays it out as one line of `select`'s
 * option (same root, font and direction), left to right: the parts' left edges.
 */
function optionLayout(select: Locator, parts: readonly string[]): Promise<number[]> {
  return select.evaluate((element, parts) => {
    const text = (element as HTMLSelectElement).selectedOptions[0]?.textContent ?? "";
    const line = document.createElement("span");
    line.style.whiteSpace = "pre";
    line.style.direction = getComputedStyle(element).direction;
    line.textContent = text;
    element.parentNode?.appendChild(line);
    const node = line.firstChild as Text;
    const lefts = parts.map((part) => {
      const range = document.createRange();
      const start = text.indexOf(part);
      range.setStart(node, start);
      range.setEnd(node, start + part.length);
      return Math.min(...[...range.getClientRects()].map((rect) => rect.left));
    });
    line.remove();
    return lefts;
  }, parts);
}

/** The Arabic plan's option drawn as its name, then "$", then "9.99", left to right. */
async function expectNameThenPrice(select: Locator): Promise<void> {
  const [name = 0, dollar = 0, amount = 0] = await optionLayout(select, ["خطة شهرية", "$", "9.99"]);
  expect(dollar).toBeGreaterThan(name);
  expect(amount).toBeGreaterThan(dollar);
}

/** Where a totals line's name ends and its quantity starts, as drawn. */
function lineLayout(page: Page): Promise<{ nameRight: number; quantityLeft: number }> {
  return page.evaluate(() => {
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    const term = root?.querySelector(".totals dt");
    if (!term) throw new Error("no totals line");
    const texts = [...term.childNodes].filter((node): node is Text => node instanceof Text);
    const rects = (node: Text | undefined) => {
      const range = document.createRange();
      range.selectNodeContents(node as Text);
      return [...range.getClientRects()];
    };
    return {
      nameRight: Math.max(...rects(texts[0]).map((rect) => rect.right)),
      quantityLeft: Math.min(...rects(texts.at(-1)).map((rect) => rect.left)),
    };
  });
}

describe("a name written right to left, on an English page", () => {
  it("keeps the price after a variant's name, and the quantity after a line's, in the card and the checkout", async () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body><div style="width:320px" data-kiosk-product="arabic-plan"></div></body></html>`;
    const { page, origin } = await openSite(html);
    await page.goto(origin);
    const card = page.locator("[data-kiosk-product]");
    const choice = card.getByRole("combobox");
    await choice.waitFor();

    // "خطة شهرية – $9.99": the name, then its price as English writes it, "$" before "9.99".
    await expectNameThenPrice(choice);

    await card.getByRole("button", { name: /^Buy/ }).click();
    const dialog = page.getByRole("dialog");
    const variant = dialog.getByRole("combobox", { name: "Option" });
    await variant.waitFor();
    await expectNameThenPrice(variant);

    // "Cloud Sync – خطة شهرية × 1": the quantity last, not between the two names.
    await dialog.getByRole("button", { name: "Pay $9.99" }).waitFor();
    const line = await lineLayout(page);
    expect(line.quantityLeft).toBeGreaterThan(line.nameRight);
  });
});
