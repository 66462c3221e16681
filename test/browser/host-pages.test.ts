import type { BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { contrastRatio, minimumContrast, parseColor, type Rgb } from "../../src/core";
import { closePage, openSite, proxyOrigin, useMerchantPages } from "./merchant-page";

/*
 * What a merchant's page cannot do to the widget: shrink or grow it through the root font size,
 * push text around while it loads, keep its theme from the dialog, or make its text illegible.
 */

useMerchantPages();

/** A merchant page with `embed.js` deferred in its head, the way the README embeds it. */
async function merchantPage(
  body: string,
  options: BrowserContextOptions = {},
  scriptAttributes = "crossorigin",
): Promise<Page> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
    <script src="${proxyOrigin()}/embed.js" ${scriptAttributes} defer></script></head>
    <body>${body}</body></html>`;
  const { page, origin } = await openSite(html, options);
  await page.goto(origin);
  return page;
}

/** Every layout shift the page has had so far, summed as cumulative layout shift counts them. */
function layoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as {
            value: number;
            hadRecentInput: boolean;
          }[]) {
            if (!entry.hadRecentInput) total += entry.value;
          }
        }).observe({ type: "layout-shift", buffered: true });
        // The buffered entries arrive in a task of their own; two frames later they are in.
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
      }),
  );
}

interface Box {
  readonly of: string;
  readonly width: number;
  readonly height: number;
}

/** Whether the page has loaded a file whose address contains `part`. */
const loaded = (page: Page, part: string) =>
  page.evaluate(
    (part) => performance.getEntriesByType("resource").some((entry) => entry.name.includes(part)),
    part,
  );

/** A box's size. */
async function size(page: Page, selector: string): Promise<Box> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  return { of: selector, width: box.width, height: box.height };
}

const fontSize = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => getComputedStyle(element).fontSize);

/** The size hint the README gives merchants for their own CSS. */
const sizeHint = "[data-kiosk-product]{display:block;min-height:432px}";

/** An ordinary page: a heading, a card, a paragraph below it and a Buy button. */
const shop = (style: string) => `<style>${sizeHint}.slot{width:300px}${style}</style>
  <h1>Forge tools</h1>
  <div class="slot" id="card" data-kiosk-product="pro-license"></div>
  <p>Text below the cards, which must not move while they load.</p>
  <p><button data-kiosk-buy="pro-license">Buy now</button></p>`;

/** Root font sizes pages set, with the resets that come with them. */
const roots: Record<string, string> = {
  "10px": `html{font-size:62.5% !important;line-height:2.5 !important;letter-spacing:.1em}
    div,dialog,button{font-size:1.6rem !important;line-height:1 !important;word-spacing:.4em !important}`,
  "16px": "",
  "20px": `html{font-size:20px !important}body{font-size:1.2rem;line-height:1.8;letter-spacing:.05em}`,
};

describe("host pages", () => {
  it("cards and the dialog measure the same at root font sizes of 10, 16 and 20 px, and nothing shifts while they load", async () => {
    const measured = new Map<string, { shift: number; boxes: Box[]; fonts: string[] }>();
    for (const [root, style] of Object.entries(roots)) {
      const page = await merchantPage(shop(style));
      await page.locator("#card .name").waitFor();
      const shift = await layoutShift(page);
      // Nothing themes these cards, so they load none of the theme's code.
      expect(await loaded(page, "/chunks/theme-"), root).toBe(false);
      const card = [await size(page, "#card .card"), await size(page, "#card .buy")];
      const cardFonts = [await fontSize(page, "#card .name"), await fontSize(page, "#card .price")];
      await page.locator("#card .buy").click();
      const pay = page.locator("[data-kiosk-checkout] .primary");
      await pay.filter({ hasText: /^Pay \$/ }).waitFor();
      const boxes = [
        ...card,
        await size(page, "[data-kiosk-checkout] dialog"),
        await size(page, "[data-kiosk-checkout] .primary"),
      ];
      const fonts = [
        ...cardFonts,
        await fontSize(page, "[data-kiosk-checkout] .field label"),
        await fontSize(page, "[data-kiosk-checkout] h2"),
      ];
      measured.set(root, { shift, boxes, fonts });
      await closePage();
    }
    const plain = measured.get("16px");
    for (const [root, { shift, boxes, fonts }] of measured) {
      expect(shift, `layout shift at ${root}`).toBe(0);
      expect(fonts, `font sizes at ${root}`).toEqual(plain?.fonts);
      boxes.forEach((box, index) => {
        const expected = plain?.boxes[index];
        expect(
          Math.abs(box.width - (expected?.width ?? 0)),
          `${box.of} at ${root}`,
        ).toBeLessThanOrEqual(1);
        expect(
          Math.abs(box.height - (expected?.height ?? 0)),
          `${box.of} at ${root}`,
        ).toBeLessThanOrEqual(1);
      });
    }
    // The plain page's boxes are the designed ones: a 432 px card, a 512 px dialog.
    expect(plain?.boxes[0]?.height).toBe(432);
    expect(plain?.boxes[2]?.width).toBe(512);
  });

  it("themes reach the dialog from its opener; data-theme forces a scheme; merchant colours stay legible", async () => {
    const page = await merchantPage(
      `<style>.slot{width:300px;display:inline-block;vertical-align:top}
        .brand{--kiosk-accent:#0b6e4f;--kiosk-accent-text:#fff;--kiosk-bg:#fdf6e3;--kiosk-text:#3b2f1e;--kiosk-radius:3px}
        .paper{--kiosk-bg:#fff}
        .yellow{--kiosk-accent:#ffd60a;--kiosk-accent-text:#fff}</style>
      <div data-theme="dark"><div class="slot" id="dark" data-kiosk-product="pro-license"></div></div>
      <div data-theme="light"><div class="slot" id="light" data-kiosk-product="pro-license"></div></div>
      <div data-theme="auto"><div class="slot" id="auto" data-kiosk-product="pro-license"></div></div>
      <div class="slot paper" id="paper" data-kiosk-product="pro-license"></div>
      <div class="slot yellow" id="yellow" data-kiosk-product="pro-license"></div>
      <section class="brand"><button id="brand-buy" data-kiosk-buy="pro-license">Buy</button></section>`,
      { colorScheme: "light" },
    );
    await page.locator("#yellow .name").waitFor();
    const background = (selector: string) => style(page, selector, "backgroundColor");
    // data-theme forces a scheme.
    await expect.poll(() => background("#dark .card")).toBe("rgb(29, 29, 34)");
    await expect.poll(() => background("#light .card")).toBe("rgb(255, 255, 255)");
    // "auto" follows the buyer's scheme, also when it changes.
    expect(await background("#auto .card")).toBe("rgb(255, 255, 255)");
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(() => background("#auto .card")).toBe("rgb(29, 29, 34)");
    expect(await background("#light .card")).toBe("rgb(255, 255, 255)");

    // Only a light background, on a dark page: the text takes its light-scheme counterpart.
    for (const text of ["#paper .name", "#paper .stock", "#paper .desc"]) {
      await expect
        .poll(() => legibility(page, text, "#paper .card"), { message: text })
        .toBeGreaterThanOrEqual(minimumContrast);
    }
    // A yellow accent with white text on it: the text turns dark.
    await expect
      .poll(() => legibility(page, "#yellow .buy", "#yellow .buy"))
      .toBeGreaterThanOrEqual(minimumContrast);

    // A Buy inside .brand opens a .brand dialog, although the dialog is attached to <body>.
    await page.locator("#brand-buy").click();
    const pay = page.locator("[data-kiosk-checkout] .primary").filter({ hasText: /^Pay \$/ });
    await pay.waitFor();
    // At once: the theme's code is in before the dialog mounts.
    expect(await background("[data-kiosk-checkout] dialog")).toBe("rgb(253, 246, 227)");
    expect(await style(page, "[data-kiosk-checkout] dialog", "color")).toBe("rgb(59, 47, 30)");
    expect(await background("[data-kiosk-checkout] .primary")).toBe("rgb(11, 110, 79)");
    expect(await style(page, "[data-kiosk-checkout] dialog", "borderTopLeftRadius")).toBe("3px");
    await page.keyboard.press("Escape");
    // A card's Buy inside data-theme="light" opens a light dialog on a dark page.
    await page.locator("#light .buy").click();
    await pay.waitFor();
    expect(await background("[data-kiosk-checkout] dialog")).toBe("rgb(255, 255, 255)");
  });

  it("draws a card under data-theme in its scheme from its first frame: embed.js asks for the theme's code beside the page code", async () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
      <script src="${proxyOrigin()}/embed.js" crossorigin defer></script></head>
      <body><div data-theme="dark"><div class="slot" id="dark" data-kiosk-product="pro-license"></div></div></body></html>`;
    const { page, origin } = await openSite(html, { colorScheme: "light" });
    // The card's background at each frame from the first one it is drawn in.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as { backgrounds?: string[] }).backgrounds = seen;
      const frame = () => {
        const name = document.getElementById("dark")?.shadowRoot?.querySelector(".name");
        const card = name?.closest(".card");
        if (card) seen.push(getComputedStyle(card).backgroundColor);
        if (seen.length < 5) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    // Every chunk takes 150 ms: a chunk asked for only once the page code runs comes a round
    // trip after it.
    await page.route(/\/chunks\//, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await route.continue();
    });
    await page.goto(origin);
    await expect
      .poll(() => page.evaluate(() => (window as { backgrounds?: string[] }).backgrounds?.length))
      .toBe(5);
    const backgrounds = await page.evaluate(
      () => (window as { backgrounds?: string[] }).backgrounds,
    );
    expect(backgrounds).toEqual(Array(5).fill("rgb(29, 29, 34)"));
    expect(await page.locator('link[rel="modulepreload"][href*="/chunks/theme-"]').count()).toBe(1);
  });

  it("at 200 % zoom the dialog fits a 1280 px window and every control is reachable; reduced motion moves nothing", async () => {
    // 200 % zoom of a 1280 × 800 window: a 640 × 400 CSS-pixel viewport at twice the density.
    const page = await merchantPage(
      `${shop("")}<kiosk-buy-button id="element-buy" product="pro-license"></kiosk-buy-button>`,
      {
        viewport: { width: 640, height: 400 },
        deviceScaleFactor: 2,
        reducedMotion: "reduce",
      },
      'data-theme="dark"',
    );
    // The script's data-theme="dark" holds where no element sets one.
    await expect.poll(() => style(page, "#card .card", "backgroundColor")).toBe("rgb(29, 29, 34)");
    await expect
      .poll(() => style(page, "#element-buy .buy", "backgroundColor"))
      .toBe("rgb(139, 147, 255)");
    await page.locator("#card .buy").click();
    const dialog = page.locator("[data-kiosk-checkout] dialog");
    await dialog
      .locator(".primary")
      .filter({ hasText: /^Pay \$/ })
      .waitFor();
    const box = await dialog.boundingBox();
    expect(box?.x).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(640);
    expect(await dialog.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      640,
    );
    // Tabbing visits every control, each scrolled fully into the viewport.
    const controls = await dialog
      .locator("a[href],button:not([disabled]),input:not([disabled]),select,textarea")
      .count();
    const reached = new Set<string>();
    for (let step = 0; step < controls; step++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        const rect = active?.getBoundingClientRect();
        const name = `${active?.tagName} ${active?.id} ${active?.textContent}`;
        return { name, left: rect?.left, right: rect?.right, top: rect?.top, bottom: rect?.bottom };
      });
      reached.add(focused.name);
      expect(focused.left, focused.name).toBeGreaterThanOrEqual(0);
      expect(focused.right, focused.name).toBeLessThanOrEqual(640);
      expect(focused.top, focused.name).toBeGreaterThanOrEqual(0);
      expect(focused.bottom, focused.name).toBeLessThanOrEqual(400);
    }
    expect(reached.size).toBe(controls);

    // Nothing in the card or the dialog transitions or animates.
    const moving = await page.evaluate(() => {
      const found: string[] = [];
      const visit = (root: Document | ShadowRoot) => {
        for (const element of root.querySelectorAll("*")) {
          const style = getComputedStyle(element);
          const durations = `${style.transitionDuration},${style.animationDuration}`;
          if (durations.split(",").some((time) => Number.parseFloat(time) > 0)) {
            found.push(`${element.tagName}.${element.className}: ${durations}`);
          }
          if (element.shadowRoot) visit(element.shadowRoot);
        }
      };
      visit(document);
      return [...found, ...document.getAnimations().map((animation) => String(animation.id))];
    });
    expect(moving).toEqual([]);
  });
});

async function style(
  page: Page,
  selector: string,
  name: "color" | "backgroundColor" | "borderTopLeftRadius",
) {
  return page
    .locator(selector)
    .first()
    .evaluate((element, key) => getComputedStyle(element)[key], name);
}

/** The contrast of an element's text on the background of `behind`. */
async function legibility(page: Page, text: string, behind: string): Promise<number> {
  const color = parseColor(await style(page, text, "color"));
  const background = parseColor(await style(page, behind, "backgroundColor"));
  return contrastRatio(color as Rgb, background as Rgb);
}
