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

  it("lays a storefront's text styles out unseen while its first page is on its way, and then drops them", async () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body><div data-kiosk-storefront data-kiosk-limit="4"></div></body></html>`;
    const { page, origin } = await openSite(html);
    const release = await holdProducts(page);
    await page.goto(origin);
    const sample = page.locator(".sample");
    // Laid out (in a task after the placeholders' first frame), out of the flow, never seen or
    // read out.
    await expect
      .poll(() => sample.evaluate((element) => getComputedStyle(element).display))
      .toBe("block");
    expect(await sample.evaluate((element) => getComputedStyle(element).position)).toBe("absolute");
    expect(
      await sample.evaluate((element) => element.getBoundingClientRect().height),
    ).toBeGreaterThan(0);
    expect(await sample.isVisible()).toBe(false);
    expect(await page.locator("body").ariaSnapshot()).not.toMatch(/Sphinx/);
    release();
    await page.getByRole("heading", { level: 2 }).first().waitFor();
    expect(await sample.count()).toBe(0);
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
