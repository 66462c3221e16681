import type { Page, Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { closePage, openSite, proxyOrigin, useMerchantPages } from "./merchant-page";

/*
 * Merchant pages that are not friendly: scripts that change the page's built-ins, styles that
 * set the widget's own short custom properties. The widget keeps working, or fails quietly,
 * never by flooding the proxy.
 */

useMerchantPages();

async function open(
  head: string,
  body: string,
  init?: string,
  viewport?: { width: number; height: number },
) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
    <meta name="viewport" content="width=device-width,initial-scale=1">${head}
    <script src="${proxyOrigin()}/embed.js" defer></script></head><body>${body}</body></html>`;
  const { page, origin } = await openSite(
    html,
    viewport ? { viewport, hasTouch: true, isMobile: viewport.width < 500 } : {},
  );
  const requests: Request[] = [];
  page.on("request", (request) => requests.push(request));
  if (init) await page.addInitScript(init);
  await page.goto(origin);
  await page.evaluate(
    () => (window as unknown as { Kiosk: { ready: Promise<unknown> } }).Kiosk.ready,
  );
  return { page, requests };
}

const dialog = (page: Page) => page.getByRole("dialog", { name: "Checkout" });

describe("a hostile merchant page", () => {
  it("whose arrays write themselves as strings (Prototype.js 1.6's toJSON) gets a refusal, not a flood of requests", async () => {
    // Every request body's items arrive as a string, which the proxy refuses (422): the refusal
    // re-reads the product, and the same product read again asks for no new quote.
    const init = `Array.prototype.toJSON = function () {
      return "[" + this.map(function (x) { return JSON.stringify(x); }).join(", ") + "]"; };`;
    const { page, requests } = await open(
      "",
      `<button id="buy" data-kiosk-buy="pro-license">Buy</button>`,
      init,
    );
    await page.locator("#buy:not([disabled])").waitFor();
    await page.click("#buy");
    await dialog(page).getByRole("alert").filter({ hasText: /.+/ }).first().waitFor();
    const asked = () =>
      requests.filter((request) => /\/api\/(quote|products)/.test(request.url())).length;
    // The refusal's own product read may go out a moment after the message shows (later on a
    // busy machine): counted once no request has gone out for half a second.
    let then = asked();
    for (let wait = 0; wait < 10; wait += 1) {
      await page.waitForTimeout(500);
      if (asked() === then) break;
      then = asked();
    }
    await page.waitForTimeout(2_000);
    // The dialog stays open and idle: nothing more is asked for.
    expect(asked() - then).toBe(0);
    expect(then).toBeLessThan(6);
  });

  it("zoomed by its own CSS keeps the dialog's Close and Pay on the screen", async () => {
    const cases = [
      { css: "html{zoom:1.25}", viewport: { width: 375, height: 667 } },
      { css: "body{zoom:2}", viewport: { width: 375, height: 667 } },
      { css: "html{zoom:1.25}", viewport: { width: 1280, height: 720 } },
    ];
    for (const { css, viewport } of cases) {
      const { page } = await open(
        `<style>${css}</style>`,
        `<button id="buy" data-kiosk-buy="pro-license">Buy</button>`,
        undefined,
        viewport,
      );
      await page.locator("#buy:not([disabled])").waitFor();
      await page.click("#buy");
      await dialog(page)
        .getByRole("button", { name: /^Pay \$/ })
        .waitFor();
      const boxes = await page.evaluate(() => {
        const shadow = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
        const shown = shadow?.querySelector("dialog");
        if (!shadow || !shown) return undefined;
        const close = shadow.querySelector(".close")?.getBoundingClientRect();
        // Scrolled to its end, as a buyer reaching Pay would.
        shown.scrollTop = 1e6;
        const pay = shadow.querySelector("button.primary")?.getBoundingClientRect();
        const box = shown.getBoundingClientRect();
        return { close, pay, box, width: innerWidth, height: innerHeight };
      });
      const where = `${css} at ${viewport.width}×${viewport.height}`;
      expect(boxes?.close?.top, where).toBeGreaterThanOrEqual(0);
      expect(boxes?.pay?.bottom, where).toBeLessThanOrEqual(boxes?.height ?? 0);
      expect(boxes?.box.left, where).toBeGreaterThanOrEqual(0);
      expect(boxes?.box.right, where).toBeLessThanOrEqual(boxes?.width ?? 0);
      await closePage();
    }
  });

  it("whose own --ln custom property does not reach the widget's focus ring", async () => {
    const rings: string[] = [];
    for (const css of ["", ":root{--ln:1.5}", ":root{--ln:rgb(250,250,250)}"]) {
      const { page } = await open(
        `<style>${css}</style>`,
        `<button id="buy" data-kiosk-buy="pro-license">Buy</button>`,
      );
      await page.locator("#buy:not([disabled])").waitFor();
      await page.click("#buy");
      await dialog(page)
        .getByRole("button", { name: /^Pay \$/ })
        .waitFor();
      rings.push(
        await page.evaluate(() => {
          const focused = document.querySelector("[data-kiosk-checkout]")?.shadowRoot
            ?.activeElement as HTMLElement | null | undefined;
          const style = focused ? getComputedStyle(focused) : undefined;
          return `${focused?.tagName} ${style?.outlineStyle} ${style?.outlineWidth} ${style?.outlineColor}`;
        }),
      );
      await closePage();
    }
    expect(rings[0]).toMatch(/^INPUT solid /);
    expect(rings[1]).toBe(rings[0]);
    expect(rings[2]).toBe(rings[0]);
  });
});
