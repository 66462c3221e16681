import type { Page } from "playwright-core";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  checkoutOpen,
  currentContext,
  merchantPage,
  proxyOrigin,
  useMerchantPages,
} from "./merchant-page";

useMerchantPages({ sharePages: true });

describe("a link to /buy/… on a page with the embed", () => {
  const link = () =>
    `<a id="buy" href="${proxyOrigin()}/buy/pro-license?quantity=2&amp;email=me%40example.com">Buy two</a>`;

  // One page load for every case; each starts with no checkout open and no other tab.
  let page: Page;
  beforeAll(async () => {
    ({ page } = await merchantPage(link()));
  });
  beforeEach(async () => {
    await page.evaluate(() => (window as unknown as { Kiosk: { close(): void } }).Kiosk.close());
    for (const other of currentContext()?.pages() ?? []) if (other !== page) await other.close();
    await expect.poll(() => checkoutOpen(page)).toBe(false);
  });

  it("opens the checkout in place, prefilled from the link", async () => {
    const before = page.url();
    await page.click("#buy");
    const quantity = page.locator("[data-kiosk-checkout]").getByLabel("Quantity", { exact: true });
    await quantity.waitFor();
    expect(await quantity.inputValue()).toBe("2");
    expect(
      await page
        .locator("[data-kiosk-checkout]")
        .getByLabel(/Email for delivery/)
        .inputValue(),
    ).toBe("me@example.com");
    expect(page.url()).toBe(before);
  });

  const clicks: Array<[string, Parameters<Page["click"]>[1]]> = [
    ["a Ctrl-click", { modifiers: ["Control"] }],
    ["a middle click", { button: "middle" }],
  ];
  for (const [how, options] of clicks) {
    it(`leaves ${how} to the browser: the hosted page opens in a new tab`, async () => {
      const context = currentContext();
      if (!context) throw new Error("no browser context");
      const [tab] = await Promise.all([context.waitForEvent("page"), page.click("#buy", options)]);
      await tab.waitForURL(/\/buy\/pro-license\?quantity=2/);
      expect(await checkoutOpen(page)).toBe(false);
    });
  }

  // Last: the page leaves for the hosted one.
  it("leaves a link to a variant the product does not have to the hosted page, which names it", async () => {
    await page.evaluate((href) => {
      document.body.insertAdjacentHTML("beforeend", `<a id="edition" href="${href}">Buy it</a>`);
    }, `${proxyOrigin()}/buy/pro-license?variant=gold-edition`);
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().isNavigationRequest()),
      page.click("#edition"),
    ]);
    expect(answer.url()).toBe(`${proxyOrigin()}/buy/pro-license?variant=gold-edition`);
    expect(answer.status()).toBe(400);
    await page.getByText("“gold-edition” is not an option of this product.").waitFor();
  });
});

describe("the hosted buy page", () => {
  it("asks in its HTML for everything its checkout needs, and holds the price's place: only the first quote waits for the page code", async () => {
    const context = currentContext();
    if (!context) throw new Error("no browser context");
    const buy = await context.newPage();
    try {
      const unused: string[] = [];
      buy.on("console", (message) => {
        if (/preload/i.test(message.text())) unused.push(message.text());
      });
      // The page code takes 150 ms: what the page asks for before it arrives was asked for by the
      // page's HTML, not by the code.
      let codeArrived = false;
      const beforeCode: string[] = [];
      const asked: string[] = [];
      buy.on("request", (request) => {
        const { pathname, search } = new URL(request.url());
        asked.push(pathname + search);
        if (!codeArrived) beforeCode.push(pathname + search);
      });
      await buy.route(/\/chunks\/kiosk-[^/]+\.js$/, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        await route.continue();
        codeArrived = true;
      });
      // The price comes after the dialog is drawn: the dialog must not move when it does.
      await buy.route(/\/api\/quote$/, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        await route.continue();
      });
      await buy.goto(`${proxyOrigin()}/buy/team-seats?quantity=3`);
      await buy
        .locator("[data-kiosk-checkout] .primary")
        .filter({ hasText: /^Pay \$/ })
        .waitFor();
      for (const wanted of [
        /^\/chunks\/open-checkout-[\w-]+\.js$/,
        /^\/chunks\/theme-[\w-]+\.js$/,
        /^\/api\/products\?ids=team-seats$/,
        /^\/api\/store$/,
      ]) {
        expect(
          beforeCode.filter((path) => wanted.test(path)),
          String(wanted),
        ).toHaveLength(1);
        // Asked for once: the widget took the page's preload rather than asking again.
        expect(
          asked.filter((path) => wanted.test(path)),
          String(wanted),
        ).toHaveLength(1);
      }
      expect(unused).toEqual([]);
      const shifted = await buy.evaluate(
        () =>
          new Promise<number>((resolve) => {
            let total = 0;
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries() as unknown as { value: number }[]) {
                total += entry.value;
              }
            }).observe({ type: "layout-shift", buffered: true });
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
          }),
      );
      // Only the price's own text, replacing "Updating price…" in its row.
      expect(shifted).toBeLessThan(0.002);
    } finally {
      await buy.close();
    }
  });
});
