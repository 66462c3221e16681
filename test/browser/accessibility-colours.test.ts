import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { contrastRatio, parseColor, type Rgb } from "../../src/core";
import { shop } from "./accessibility-checks";
import { merchantPage, useMerchantPages } from "./merchant-page";

/* What axe-core cannot see: focus rings in a merchant's colours, the search's label and text, and forced-colors mode. */

useMerchantPages();

const ratio = (foreground: string, background: string) =>
  contrastRatio(parseColor(foreground) as Rgb, parseColor(background) as Rgb);

/** The focused element's outline colour, and the background of the card around it. */
function focusRing(page: Page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element) throw new Error("nothing focused");
    // The card the button sits on draws the widget's background.
    const card = element.closest(".card") as HTMLElement;
    return {
      outline: getComputedStyle(element).outlineColor,
      background: getComputedStyle(card).backgroundColor,
      name: element.textContent?.trim(),
    };
  });
}

describe("colours a merchant or a buyer's settings choose", () => {
  it.each([
    ["a pale accent on a pale background", "light", "--kiosk-accent:#ffd400;--kiosk-bg:#fffbea"],
    ["a dark accent in the dark scheme", "dark", "--kiosk-accent:#1e3a8a"],
  ] as const)(
    "keep the focus ring 3:1 on the background with %s (WCAG 1.4.11)",
    async (_name, scheme, colours) => {
      const { page } = await merchantPage(
        `<style>:root{${colours}}</style><div data-kiosk-product="pro-license"></div>`,
      );
      await page.emulateMedia({ colorScheme: scheme });
      const buy = page.getByRole("button", { name: "Buy", exact: true });
      await buy.waitFor();
      // Themed by the page's colours (their code loads as the card draws), then focused by key.
      await expect
        .poll(() =>
          page.evaluate(
            () =>
              document
                .querySelector("[data-kiosk-product]")
                ?.shadowRoot?.querySelector<HTMLElement>(".kiosk")
                ?.style.getPropertyValue("--kiosk-accent") ?? "",
          ),
        )
        .not.toBe("");
      await buy.focus();
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      expect((await focusRing(page)).name).toBe("Buy");
      // The scheme's change reaches the widget as a media query event, at the page's next frame.
      await expect
        .poll(async () => {
          const ring = await focusRing(page);
          return ratio(ring.outline, ring.background);
        })
        .toBeGreaterThanOrEqual(3);
    },
  );

  it("write the storefront's search label, and what the buyer types in the field, 4.5:1 on their backgrounds", async () => {
    const { page } = await merchantPage(shop);
    const search = page.getByRole("searchbox");
    await search.waitFor();
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const { label, typed, around, field } = await search.evaluate((input) => ({
        label: getComputedStyle(input.closest("label") as Element).color,
        typed: getComputedStyle(input).color,
        around: getComputedStyle(input.closest(".storefront") as Element).backgroundColor,
        field: getComputedStyle(input).backgroundColor,
      }));
      expect(ratio(label, around), `${scheme} label`).toBeGreaterThanOrEqual(4.5);
      expect(ratio(typed, field), `${scheme} field`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("keep the Buy and Pay buttons' shape in forced-colors mode, where their background goes", async () => {
    const { page } = await merchantPage(shop);
    const buy = page.getByRole("button", { name: "Buy", exact: true }).first();
    await buy.waitFor();
    await page.emulateMedia({ forcedColors: "active" });
    const border = await buy.evaluate((button) => {
      const style = getComputedStyle(button);
      return {
        width: style.borderTopWidth,
        colour: style.borderTopColor,
        fill: style.backgroundColor,
      };
    });
    expect(border.width).toBe("2px");
    expect(border.colour).not.toBe(border.fill);
    expect(parseColor(border.colour)).toBeDefined();
  });
});
