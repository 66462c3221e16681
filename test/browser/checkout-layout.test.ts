import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoCatalog } from "./harness";
import { openSite, proxyOrigin, useMerchantPages } from "./merchant-page";

// Totals a phone's dialog must hold: a thousand seats at 1,500 dinars (three places), and the
// most the proxy prices at all (2^53 minor units: 90,071,992,547.40 dollars a thousand times).
const catalog = demoCatalog();
const call = catalog.products.find((candidate) => candidate.id === "setup-call");
if (!call) throw new Error("the demo catalog has no setup-call");
catalog.products.push(
  { ...call, id: "dinar-seats", name: "Studio seats", currency: "KWD", price: "1500.000" },
  { ...call, id: "largest", name: "Largest order", price: "90071992547.40" },
);
useMerchantPages({ catalog });

/** Opens the page and waits for its widgets: a click before they are mounted opens nothing. */
async function openMounted(page: Page, origin: string) {
  await page.goto(origin);
  await page.evaluate(
    () => (window as unknown as { Kiosk: { ready: Promise<unknown> } }).Kiosk.ready,
  );
}

/**
 * The checkout of a page 320 px wide whose Buy button reads "Kaufen", once its total shows:
 * how far its widest part reaches past the dialog, and how many lines the total's label and its
 * amount take.
 */
async function phoneTotal(page: Page, origin: string, pay: RegExp) {
  await page.setViewportSize({ width: 320, height: 640 });
  await openMounted(page, origin);
  await page.getByRole("button", { name: "Kaufen" }).click();
  await page.getByRole("dialog").getByRole("button", { name: pay }).waitFor();
  return page.evaluate(() => {
    const dialog = document
      .querySelector("[data-kiosk-checkout]")
      ?.shadowRoot?.querySelector("dialog");
    if (!dialog) throw new Error("no dialog");
    const inner = dialog.getBoundingClientRect();
    const past = Math.max(
      ...[...dialog.querySelectorAll(".totals *")].map(
        (part) => part.getBoundingClientRect().right - (inner.right - 1),
      ),
    );
    const lines = (selector: string) => {
      const range = document.createRange();
      range.selectNodeContents(dialog.querySelector(selector) as Node);
      return range.getClientRects().length;
    };
    return {
      past,
      scrolls: dialog.scrollWidth - dialog.clientWidth,
      labelLines: lines(".total dt"),
      amountLines: lines(".total dd"),
    };
  });
}

describe("the checkout's layout", () => {
  it("keeps a Copy button's word on one line beside a long link, in Japanese on a phone", async () => {
    const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body><button data-kiosk-buy="tokyo-font">買う</button></body></html>`;
    const { page, origin } = await openSite(html);
    await page.setViewportSize({ width: 390, height: 844 });
    await openMounted(page, origin);
    await page.getByRole("button", { name: "買う" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: /メール/ }).fill("buyer@example.com");
    // This page's own popup: the context's next page may be another test's.
    const popup = page.waitForEvent("popup");
    await dialog.getByRole("button", { name: /支払う/ }).click();
    const payment = await popup;
    await payment.waitForURL(/\/sandbox\/pay\//);
    await payment
      .getByRole("button", { name: /^(Pay|支払う)/ })
      .first()
      .click();
    await page.bringToFront();
    const copy = dialog.getByRole("button", { name: "コピー" }).first();
    await copy.waitFor();
    // One line box for the word, however long the link beside it.
    const lines = await copy.evaluate((button) => {
      const range = document.createRange();
      range.selectNodeContents(button);
      return range.getClientRects().length;
    });
    expect(lines).toBe(1);
  });

  it("keeps a phone's large total inside the dialog, its label whole: the amount goes below it", async () => {
    const html = (product: string) => `<!doctype html><html lang="de"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body><button data-kiosk-buy="${product}" data-kiosk-quantity="1000">Kaufen</button></body></html>`;
    const seats = await openSite(html("dinar-seats"));
    const dinars = await phoneTotal(seats.page, seats.origin, /1\.500\.000,000 KWD/);
    // "Gesamt" was broken into "Ge", "sa", "mt" beside "1.500.000,000 KWD".
    expect(dinars).toEqual({ past: expect.any(Number), scrolls: 0, labelLines: 1, amountLines: 1 });
    expect(dinars.past).toBeLessThanOrEqual(0);
  });

  it("on a right-to-left page sets each amount at the line's end, its left, across from its name", async () => {
    const html = `<!doctype html><html lang="en" dir="rtl"><head><meta charset="utf-8">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body><button data-kiosk-buy="pro-license">Buy</button></body></html>`;
    const { page, origin } = await openSite(html);
    await openMounted(page, origin);
    await page.getByRole("button", { name: "Buy" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /^Pay \$/ })
      .waitFor();
    const rows = await page.evaluate(() => {
      const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
      return [...(root?.querySelectorAll(".totals .row") ?? [])].map((row) => {
        const box = row.getBoundingClientRect();
        const name = row.querySelector("dt")?.getBoundingClientRect();
        const amount = row.querySelector("dd")?.getBoundingClientRect();
        return {
          amountAtLeft: Math.abs((amount?.left ?? 0) - box.left) < 1,
          nameAtRight: Math.abs((name?.right ?? 0) - box.right) < 1,
        };
      });
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(rows.map(() => ({ amountAtLeft: true, nameAtRight: true })));
  });

  it.each([
    ["de", /90\.071\.992\.547\.400,00/],
    ["fr", /^Payer /],
    ["es", /^Pagar /],
    ["ja", /支払う$/],
  ])(
    "keeps the largest total inside a phone's dialog in %s, breaking it only where it cannot fit whole",
    async (lang, pay) => {
      const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body><button data-kiosk-buy="largest" data-kiosk-quantity="1000">Kaufen</button></body></html>`;
      const { page, origin } = await openSite(html);
      const most = await phoneTotal(page, origin, pay);
      expect(most).toEqual({
        past: expect.any(Number),
        scrolls: 0,
        labelLines: 1,
        amountLines: expect.any(Number),
      });
      expect(most.past).toBeLessThanOrEqual(0);
    },
  );
});
