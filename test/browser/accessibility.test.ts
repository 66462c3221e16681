import { describe, expect, it } from "vitest";
import { expectNoViolations, focused, loaded, shop } from "./accessibility-checks";
import { merchantPage, proxyOrigin, proxyPage, useMerchantPages } from "./merchant-page";

/* axe-core over cards, a Buy button, the storefront (searched and paged) and the demo shop, light and dark. */

useMerchantPages();

describe("accessibility (axe-core, light and dark)", () => {
  it("a card, a Buy button and the storefront, searched and paged, have no violations", async () => {
    const { page } = await merchantPage(shop);
    await page
      .getByRole("heading", { name: /Forge Studio Pro/ })
      .first()
      .waitFor();
    await page.getByRole("button", { name: "Next" }).waitFor();
    // The catalog's image path is the proxy's file, not one on this page's origin.
    const image = page.locator('[data-kiosk-product="pro-license"] img');
    expect(await image.getAttribute("src")).toBe(`${proxyOrigin()}/demo/images/pro-license.svg`);
    await expect.poll(() => loaded(image)).toBe(true);
    await expectNoViolations(page, "the cards, the button and the storefront");
    // The storefront's own rules come with its chunk, into its shadow root and nowhere else.
    expect(
      await page
        .locator("[data-kiosk-storefront] .grid")
        .evaluate((grid) => getComputedStyle(grid).display),
    ).toBe("grid");
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
    // One constructed sheet of the widget's rules serves every shadow root: none parses its own
    // <style>, which would cost each card a parse and the page a style sheet per card.
    const sheets = await page.evaluate(() => {
      const roots = [...document.querySelectorAll("[data-kiosk-product],[data-kiosk-storefront]")]
        .map((element) => element.shadowRoot)
        .filter((root) => root !== null);
      return {
        roots: roots.length,
        styles: roots.reduce((count, root) => count + root.querySelectorAll("style").length, 0),
        shared: roots.every(
          (root) =>
            root.adoptedStyleSheets[0] &&
            root.adoptedStyleSheets[0] === roots[0]?.adoptedStyleSheets[0],
        ),
      };
    });
    expect(sheets.roots).toBeGreaterThan(1);
    expect(sheets).toEqual({ roots: sheets.roots, styles: 0, shared: true });

    // By keyboard: the focus stays on the pager as a page loads, and at its first page.
    await page.getByRole("button", { name: "Next" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Page 2 of").waitFor();
    await page.locator("[aria-busy=true]").waitFor({ state: "detached" });
    expect(await focused(page)).toMatchObject({ tag: "BUTTON", name: "Next" });
    await expectNoViolations(page, "the storefront's second page");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await page.getByText("Page 1 of").waitFor();
    await page.locator("[aria-busy=true]").waitFor({ state: "detached" });
    expect(await focused(page)).toMatchObject({ tag: "BUTTON", name: "Previous" });

    await page.getByRole("searchbox").fill("font");
    await page.getByRole("heading", { name: /Tokyo Pixel Font/ }).waitFor();
    await expectNoViolations(page, "a searched storefront");
  });

  it("names in cards take the level the merchant sets, else one under the page's last heading", async () => {
    const { page } = await merchantPage(`<main>
      <h1>Forge tools</h1>
      <div data-kiosk-product="pro-license"></div>
      <h2>Packs</h2>
      <h3>Palettes</h3>
      <section data-kiosk-heading-level="3"><div data-kiosk-product="retro-pack"></div></section>
    </main>`);
    await page.getByRole("heading", { name: /Retro Palette Pack/ }).waitFor();
    expect(await page.getByRole("heading", { level: 2, name: /Forge Studio Pro/ }).count()).toBe(1);
    expect(await page.getByRole("heading", { level: 3, name: /Retro Palette Pack/ }).count()).toBe(
      1,
    );
    await expectNoViolations(page, "cards under a page's first heading");
  });
});

describe("the demo shop (npm start)", () => {
  it("loads only from the proxy, keeps its CSP, shows its images and passes axe, shop and product page", async () => {
    const { page, requests, console } = await proxyPage("/");
    await page.getByRole("button", { name: "Next" }).waitFor();
    await page
      .getByRole("heading", { name: /One-to-one Setup Call/ })
      .first()
      .waitFor();
    const images = page.locator("[data-kiosk-product] img, [data-kiosk-storefront] img");
    // Pictures load as the buyer nears them (lazy, and a storefront's cards far below skip
    // rendering until then): scroll through the shop as a buyer would, then see every one in.
    await page.evaluate(async () => {
      for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await new Promise((next) => requestAnimationFrame(() => requestAnimationFrame(next)));
      }
    });
    await expect.poll(() => loaded(images)).toBe(true);
    expect(await images.count()).toBeGreaterThanOrEqual(10);
    await expectNoViolations(page, "the demo shop");
    // On a phone: its code samples are read whole, with no box to scroll that a keyboard cannot.
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoViolations(page, "the demo shop, 320 px wide");
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.getByRole("link", { name: "More about Cloud Sync" }).click();
    await page.getByRole("heading", { level: 1, name: "Forge Cloud Sync" }).waitFor();
    await expect.poll(() => loaded(page.locator("img.product-image"))).toBe(true);
    expect(await page.locator('[data-demo-snippet="product"]').textContent()).toContain(
      'data-kiosk-buy="cloud-sync"',
    );
    await expectNoViolations(page, "a product page");
    await page.getByRole("button", { name: "Buy now" }).click();
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.getByRole("button", { name: /^Pay / }).waitFor();

    // A data: URL (embed.js's worker) is the page's own text, fetched from nowhere.
    const outside = requests
      .map((request) => request.url())
      .filter((url) => !url.startsWith("data:") && new URL(url).hostname !== "127.0.0.1");
    expect(outside).toEqual([]);
    expect(console.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
  });
});
