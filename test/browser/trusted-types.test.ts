import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openSite, proxyOrigin, useMerchantPages } from "./merchant-page";

useMerchantPages();

/**
 * A merchant's page that enforces Trusted Types (`trusted-types` naming `policies`): a card, a
 * custom element filling the page's own template, and a Buy button.
 */
async function trustedTypesPage(policies: string) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
    <script src="${proxyOrigin()}/embed.js" defer></script></head>
    <body><div data-kiosk-product="pro-license"></div>
    <kiosk-product product="pro-license"><template><div class="mine">
      <h4 data-kiosk-text="name"></h4><div data-kiosk-html="description"></div>
    </div></template></kiosk-product>
    <button data-kiosk-buy="pro-license">Buy the licence</button></body></html>`;
  const { page, origin } = await openSite(html, {}, { trustedTypes: policies });
  const said: string[] = [];
  page.on("console", (message) => said.push(message.text()));
  page.on("pageerror", (error) => said.push(`uncaught: ${error.message}`));
  await page.goto(origin);
  return { page, said };
}

/** The card's and the template's description, as HTML, once the card is drawn priced. */
async function descriptions(page: Page) {
  const card = page.locator("div[data-kiosk-product] article.card");
  await card.locator(".price", { hasText: "$" }).waitFor();
  await page.locator(".mine h4", { hasText: "Forge Studio Pro" }).waitFor();
  return {
    card: await card.locator(".desc").innerHTML(),
    template: await page.locator('.mine [data-kiosk-html="description"]').innerHTML(),
  };
}

describe("a page that enforces Trusted Types", () => {
  it("that allows the kiosk policy shows the product's description and checks out", async () => {
    const { page, said } = await trustedTypesPage("kiosk");
    const shown = await descriptions(page);
    // The description's markdown, written as HTML in both places.
    expect(shown.card).toContain("<strong>Forge Studio Pro</strong>");
    expect(shown.template).toContain("<strong>Forge Studio Pro</strong>");
    await page.getByRole("button", { name: "Buy the licence" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /^Pay \$/ })
      .waitFor();
    // The one thing refused: embed.js's worker (a script URL), whose number format the page code
    // then makes itself. Nothing else met the policy, and nothing threw.
    const refused = said.filter((line) => /Trusted|uncaught/i.test(line));
    expect(refused.every((line) => /TrustedScriptURL/.test(line))).toBe(true);
    expect(refused.length).toBeLessThanOrEqual(1);
  });

  it("that allows no kiosk policy still draws the cards, without their description", async () => {
    const { page, said } = await trustedTypesPage("someone-else");
    const shown = await descriptions(page);
    expect(shown).toEqual({ card: "", template: "" });
    expect(said.filter((line) => /uncaught/.test(line))).toEqual([]);
    // Drawn again (another variant, the stock moved): the refused policy is not asked again.
    await page.getByRole("button", { name: "Buy the licence" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /^Pay \$/ })
      .waitFor();
    // The policy refused once, as the worker is: not again with each card and each drawing.
    expect(said.filter((line) => /policy.*kiosk|kiosk.*policy/i.test(line))).toHaveLength(1);
  });
});
