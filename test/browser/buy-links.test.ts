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
});
