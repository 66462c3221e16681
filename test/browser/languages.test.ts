import type { Page, Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { closePage, openSite, proxyOrigin, useMerchantPages } from "./merchant-page";

useMerchantPages();

/** A merchant page in `lang` embedding the proxy's `embed.js` with `scriptAttributes`. */
async function merchantPage(
  lang: string,
  body: string,
  scriptAttributes = "",
): Promise<{ page: Page; requests: Request[]; errors: string[] }> {
  const html = `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <title>A merchant</title>
  <script src="${proxyOrigin()}/embed.js" ${scriptAttributes} defer></script>
</head>
<body>${body}</body>
</html>`;
  // The browser's own language says English, so only the page can make it another.
  const { page, origin } = await openSite(html, { locale: "en-US" });
  // Every Buy button's wording the widget ever draws, from before the page's own scripts run.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as { buyWords?: string[] }).buyWords = seen;
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function attachShadow(init) {
      const root = attach.call(this, init);
      new MutationObserver(() => {
        for (const button of root.querySelectorAll("button.buy")) {
          const words = button.textContent?.trim() ?? "";
          if (words && !seen.includes(words)) seen.push(words);
        }
      }).observe(root, { childList: true, subtree: true, characterData: true });
      return root;
    };
  });
  const requests: Request[] = [];
  const errors: string[] = [];
  page.on("request", (request) => requests.push(request));
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(origin);
  return { page, requests, errors };
}

/** The locale chunks the page asked for, by language. */
const localeChunks = (requests: Request[]) =>
  requests
    .map((request) => /\/chunks\/(de|fr|es|ja|en)-[\w-]+\.js$/.exec(request.url())?.[1])
    .filter((locale) => locale !== undefined);

/** Whether the page asked for the code that lays a merchant's own wording over the catalogue. */
const askedForOverrides = (requests: Request[]) =>
  requests.some((request) => /\/chunks\/overrides-[\w-]+\.js$/.test(request.url()));

describe("languages in Chromium", () => {
  it('a lang="de" page loads the German chunk only, and shows German words and prices, never English first', async () => {
    const { page, requests, errors } = await merchantPage(
      "de",
      `<div data-kiosk-product="pro-license" id="card"></div>`,
    );
    const card = page.locator("#card");
    await card.getByRole("button", { name: "Kaufen" }).waitFor();
    expect(await page.evaluate(() => (window as { buyWords?: string[] }).buyWords)).toEqual([
      "Kaufen",
    ]);
    // Asked for by embed.js beside the page code, not by the page code once it runs.
    expect(await page.locator('link[rel="modulepreload"][href*="/chunks/de-"]').count()).toBe(1);
    expect(await card.locator(".price").textContent()).toBe("29,99\u00a0$");
    // On a phone, the checkout's amounts keep to one line each: "29,99 $", never "29,99" over "$".
    await page.setViewportSize({ width: 360, height: 740 });
    await card.getByRole("button", { name: "Kaufen" }).click();
    const dialog = page.getByRole("dialog", { name: "Kasse" });
    await dialog.locator('[data-kiosk="total"]').waitFor();
    const lines = await dialog.locator(".totals dd").evaluateAll((amounts) =>
      amounts.map((amount) => {
        const range = document.createRange();
        range.selectNodeContents(amount);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      }),
    );
    expect(lines).toEqual([1, 1]);
    await page.waitForLoadState("networkidle");
    expect(localeChunks(requests)).toEqual(["de"]);
    expect(errors).toEqual([]);
  });

  it("an English page loads no locale chunk and no overrides' code; the script's data-locale and a JSON block win", async () => {
    const english = await merchantPage(
      "en",
      `<div data-kiosk-product="pro-license" id="card"></div>`,
    );
    await english.page.locator("#card").getByRole("button", { name: "Buy" }).waitFor();
    await english.page.waitForLoadState("networkidle");
    expect(localeChunks(english.requests)).toEqual([]);
    expect(askedForOverrides(english.requests)).toBe(false);
    expect(await english.page.locator('link[rel="modulepreload"]').count()).toBe(0);
    await closePage();

    const french = await merchantPage(
      "de",
      `<script type="application/json" data-kiosk-messages>{"buy": "Je le veux", "apply": "Appliquer le code"}</script>
       <div data-kiosk-product="pro-license" id="card"></div>`,
      'data-locale="fr-CA"',
    );
    const card = french.page.locator("#card");
    await card.getByRole("button", { name: "Je le veux" }).waitFor();
    expect(await card.locator(".price").textContent()).toMatch(/^29,99\s\$\s?US$/);
    await french.page.waitForLoadState("networkidle");
    expect(localeChunks(french.requests)).toEqual(["fr"]);
    expect(askedForOverrides(french.requests)).toBe(true);
    // The cards wait for the merchant's wording: embed.js asks for its code beside the page
    // code, not the page code once it runs.
    expect(
      await french.page.locator('link[rel="modulepreload"][href*="/chunks/overrides-"]').count(),
    ).toBe(1);
    expect(await french.page.evaluate(() => (window as { buyWords?: string[] }).buyWords)).toEqual([
      "Je le veux",
    ]);
    // A button beside a field keeps its words on one line (a merchant's longer wording, or
    // Japanese, which may break between any two characters): the field gives way.
    await card.getByRole("button", { name: "Je le veux" }).click();
    const apply = french.page.getByRole("button", { name: "Appliquer le code" });
    expect(
      await apply.evaluate((button) => {
        const range = document.createRange();
        range.selectNodeContents(button);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      }),
    ).toBe(1);
    expect(french.errors).toEqual([]);
  });
});
