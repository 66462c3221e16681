import { describe, expect, it } from "vitest";
import { openSite, proxyOrigin, useMerchantPages } from "./merchant-page";

useMerchantPages();

describe("the checkout's layout", () => {
  it("keeps a Copy button's word on one line beside a long link, in Japanese on a phone", async () => {
    const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width">
      <script src="${proxyOrigin()}/embed.js" defer></script></head>
      <body><button data-kiosk-buy="tokyo-font">買う</button></body></html>`;
    const { page, origin } = await openSite(html);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(origin);
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
});
