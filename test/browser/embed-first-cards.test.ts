import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openSite, proxyOrigin, useMerchantPages } from "./merchant-page";

useMerchantPages();

/** Holds every product answer (a batch, a storefront page) until the returned call. */
async function holdProducts(page: Page): Promise<() => void> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/api\/products\?/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/**
 * What a merchant's page shows before any click, and when: cards drawn once, priced, in places
 * held for them, whatever the page's CSP allows.
 */
describe("embed.js's first cards", () => {
  it("draws priced cards on a page whose CSP refuses workers, making the first number format itself", async () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body><div data-kiosk-product="pro-license"></div></body></html>`;
    const { page, origin } = await openSite(html, {}, { workers: false });
    const refused: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(origin);
    await page.getByRole("heading", { name: /Forge Studio Pro/ }).waitFor();
    expect(await page.locator(".price").textContent()).toMatch(/^\$\d+\.\d\d$/);
    // The browser says once that it refused the worker; the README says what to allow.
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/worker/);
  });

  it("draws cards priced at once when the products answer a moment after the page code", async () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body><div data-kiosk-product="pro-license"></div><div data-kiosk-product="team-seats"></div></body></html>`;
    const { page, origin } = await openSite(html);
    // Every shadow root the page attaches is watched for a placeholder card ever drawn in it.
    await page.addInitScript(() => {
      const seen = window as { placeholders?: number };
      seen.placeholders = 0;
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) {
        const root = attach.call(this, init);
        new MutationObserver(() => {
          if (root.querySelector("[aria-busy=true]"))
            seen.placeholders = (seen.placeholders ?? 0) + 1;
        }).observe(root, { childList: true, subtree: true });
        return root;
      };
    });
    // The products answer waits until the page code has been answered, and 200 ms more.
    let codeServed: () => void = () => {};
    const served = new Promise<void>((resolve) => {
      codeServed = resolve;
    });
    await page.route(/\/chunks\/kiosk-[^/]+\.js$/, async (route) => {
      await route.continue();
      codeServed();
    });
    await page.route(/\/api\/products\?/, async (route) => {
      await served;
      await new Promise((resolve) => setTimeout(resolve, 200));
      await route.continue();
    });
    await page.goto(origin);
    await page.getByRole("heading", { name: /Team Seats/ }).waitFor();
    expect(await page.evaluate(() => (window as { placeholders?: number }).placeholders)).toBe(0);
  });

  it("keeps the page still while cards load", async () => {
    const html = `<!doctype html><html><head><meta charset="utf-8">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body style="margin:0"><div style="width:320px"><div data-kiosk-product="pro-license"></div></div>
      <p id="below">Below the card</p></body></html>`;
    const { page, origin } = await openSite(html);
    // Hold the product answer back so the placeholder can be measured.
    const release = await holdProducts(page);
    await page.goto(origin);
    await page.locator("article[aria-busy=true]").waitFor();
    const before = await page.locator("#below").boundingBox();
    release();
    await page.getByRole("heading", { name: /Forge Studio Pro/ }).waitFor();
    const after = await page.locator("#below").boundingBox();
    expect(before?.y).toBeGreaterThan(100);
    expect(after?.y).toBe(before?.y);
  });

  it("lays a storefront's text styles out unseen before its first cards, and then drops them", async () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body><div data-kiosk-storefront data-kiosk-limit="4"></div></body></html>`;
    const { page, origin } = await openSite(html);
    // Every style's space as it joins (its font, its place, its clip, its text), and every
    // card, in order.
    await page.addInitScript(() => {
      const seen: string[][] = [];
      (window as { seen?: typeof seen }).seen = seen;
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) {
        const root = attach.call(this, init);
        new MutationObserver((records) => {
          for (const record of records) {
            for (const node of record.addedNodes) {
              if (!(node instanceof HTMLElement)) continue;
              if (node.className.startsWith("sr ")) {
                const style = getComputedStyle(node);
                const { fontSize, fontWeight, position, clip } = style;
                seen.push([fontSize, fontWeight, position, clip, node.textContent ?? ""]);
              } else if (node.tagName === "ARTICLE" && node.hasAttribute("aria-labelledby")) {
                seen.push(["card"]);
              }
            }
          }
        }).observe(root, { childList: true, subtree: true });
        return root;
      };
    });
    await page.goto(origin);
    await expect.poll(() => page.getByRole("heading", { level: 2 }).count()).toBe(4);
    const seen = await page.evaluate(() => (window as { seen?: string[][] }).seen);
    // A space in each style, out of the flow and clipped to nothing: laid out, never seen or
    // read out; all five before the first card.
    const hidden = ["absolute", "rect(0px, 0px, 0px, 0px)", "\u00a0"];
    expect(seen?.slice(0, 5)).toEqual([
      ["17px", "600", ...hidden],
      ["15px", "700", ...hidden],
      ["14px", "400", ...hidden],
      ["11px", "400", ...hidden],
      ["15px", "600", ...hidden],
    ]);
    expect(seen?.slice(5)).toEqual(Array(4).fill(["card"]));
    // Dropped once laid out.
    expect(await page.locator(".storefront > div > span.sr").count()).toBe(0);
  });

  it("lays a page of cards' text styles out in the first card's place before the first card is drawn", async () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body>${'<div data-kiosk-product="pro-license"></div>'.repeat(3)}</body></html>`;
    const { page, origin } = await openSite(html);
    // What the first shadow root saw added, in order: a style's space (1) or a card (0), with
    // the cards drawn in it by then.
    await page.addInitScript(() => {
      const seen: Array<[number, number]> = [];
      (window as { seen?: typeof seen }).seen = seen;
      let watched = false;
      let cards = 0;
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) {
        const root = attach.call(this, init);
        if (!watched) {
          watched = true;
          new MutationObserver((records) => {
            for (const record of records) {
              for (const node of record.addedNodes) {
                if (!(node instanceof HTMLElement)) continue;
                if (node.className.startsWith("sr ")) seen.push([1, cards]);
                else if (node.tagName === "ARTICLE") seen.push([0, ++cards]);
              }
            }
          }).observe(root, { childList: true, subtree: true });
        }
        return root;
      };
    });
    await page.goto(origin);
    await page
      .getByRole("heading", { name: /Forge Studio Pro/ })
      .first()
      .waitFor();
    const seen = await page.evaluate(() => (window as { seen?: Array<[number, number]> }).seen);
    // Five styles, each before the first card; then the card, and the place with them gone.
    expect(seen?.filter(([style]) => style === 1)).toEqual(Array(5).fill([1, 0]));
    expect(seen?.at(-1)).toEqual([0, 1]);
    expect(await page.locator(".kiosk > div.card").count()).toBe(0);
  });

  it("fetches the pictures of cards far below the fold only as the buyer nears them", async () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body><div style="height:12000px">Above the shop</div>
      <div data-kiosk-storefront data-kiosk-limit="9"></div></body></html>`;
    const { page, origin } = await openSite(html);
    const pictures: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "image") pictures.push(request.url());
    });
    await page.goto(origin);
    const cards = page.locator("article[aria-labelledby]");
    // The demo catalog shows eight products, each with a picture.
    await expect.poll(() => cards.count()).toBe(8);
    await page.waitForLoadState("networkidle");
    expect(pictures).toEqual([]);
    await cards.first().scrollIntoViewIfNeeded();
    await expect.poll(() => pictures.length).toBeGreaterThan(0);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect.poll(() => new Set(pictures).size).toBe(8);
  });
});
