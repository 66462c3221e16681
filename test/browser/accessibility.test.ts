import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  currentContext,
  merchantPage,
  proxyOrigin,
  proxyPage,
  useMerchantPages,
} from "./merchant-page";

/*
 * axe-core over every widget state a buyer meets, in light and in dark: a card, a Buy button, the
 * storefront (searched and paged) and the checkout dialog at each step. axe walks open shadow
 * roots, so one run over the document covers the widgets too.
 */

useMerchantPages();

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

interface Finding {
  id: string;
  impact: string | null;
  targets: string[];
}

/** Every axe violation (of any impact) in the page as it is, under one colour scheme. */
async function violations(page: Page, scheme: "light" | "dark"): Promise<string[]> {
  await page.emulateMedia({ colorScheme: scheme });
  // Evaluated rather than added as a <script>: the merchant page's CSP allows no inline script.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<unknown> } }).axe;
    const result = (await axe.run(document)) as {
      violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
    };
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
  });
  return (found as Finding[]).map(
    (finding) => `${scheme} ${finding.id} (${finding.impact}): ${finding.targets.join(" ")}`,
  );
}

/** Both schemes; the message lists each violation's id and targets. */
async function expectNoViolations(page: Page, state: string) {
  const found = [...(await violations(page, "light")), ...(await violations(page, "dark"))];
  expect(found, `axe on ${state}`).toEqual([]);
}

/** The text of each polite live region in the open checkout: one announcer for every step. */
async function politeRegions(page: Page): Promise<string[]> {
  return page
    .locator('[data-kiosk-checkout] [role="status"], [data-kiosk-checkout] [aria-live="polite"]')
    .allTextContents();
}

/** Whether every image the locator finds has arrived and decoded. */
const loaded = (images: Locator) =>
  images.evaluateAll((all) =>
    all.every(
      (image) =>
        (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0,
    ),
  );
interface Focused {
  tag: string;
  type: string;
  /** Its label, `aria-label` or text. */
  name: string;
  inDialog: boolean;
  /** Where it is: the ids and tags from the document down, through shadow roots. */
  path: string;
}

/** The element that has focus, looked for through open shadow roots. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const path: string[] = [];
    let active = document.activeElement;
    while (active) {
      path.push(active.id ? `#${active.id}` : active.tagName);
      const inner = active.shadowRoot?.activeElement;
      if (!inner) break;
      active = inner;
    }
    const element = active as HTMLInputElement | null;
    const label =
      element?.getAttribute("aria-label") ??
      element?.labels?.[0]?.textContent ??
      element?.textContent;
    return {
      tag: element?.tagName ?? "",
      type: element?.getAttribute("type") ?? "",
      name: (label ?? "").trim(),
      inDialog: element?.closest("dialog[open]") != null,
      path: path.join(" > "),
    };
  });
}

/** Presses Tab until the focused element is the one wanted; fails after 30 presses. */
async function tabTo(page: Page, wanted: (element: Focused) => boolean): Promise<Focused> {
  for (let press = 0; press < 30; press++) {
    await page.keyboard.press("Tab");
    const element = await focused(page);
    if (wanted(element)) return element;
  }
  throw new Error(`Tab never reached it; focus is on ${JSON.stringify(await focused(page))}`);
}

const shop = `<header><p>A shop</p><nav><a href="#top">Home</a></nav></header>
  <main>
    <h1>Forge tools</h1>
    <h2>Featured</h2>
    <div data-kiosk-product="pro-license"></div>
    <p><button id="buy" data-kiosk-buy="team-seats">Buy seats</button></p>
    <h2>Everything</h2>
    <div data-kiosk-storefront data-kiosk-limit="2"></div>
  </main>`;

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

    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText("Page 2 of").waitFor();
    await page.locator("[aria-busy=true]").waitFor({ state: "detached" });
    await expectNoViolations(page, "the storefront's second page");

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

  it("the checkout dialog has no violations on the form, with errors, while paying and delivered", async () => {
    const { page } = await merchantPage(shop);
    await page
      .getByRole("heading", { name: /Forge Studio Pro/ })
      .first()
      .waitFor();
    await page.getByRole("button", { name: "Buy", exact: true }).first().click();
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.getByRole("button", { name: /^Pay \$/ }).waitFor();
    await expectNoViolations(page, "the checkout form");
    const announcer = dialog.locator('[data-kiosk="announcer"]');
    await expect
      .poll(() => politeRegions(page))
      .toEqual([expect.stringMatching(/^The total is \$\d+\.\d\d\.$/)]);

    await dialog.getByLabel("Coupon code").fill("WELCOME10");
    await dialog.getByRole("button", { name: "Apply" }).click();
    await announcer.getByText(/^Code WELCOME10 accepted\. The total is \$/).waitFor();

    await dialog.getByRole("button", { name: /^Pay \$/ }).click();
    const email = dialog.getByLabel(/Email for delivery/);
    await dialog
      .getByRole("alert")
      .filter({ hasText: "Please check the highlighted fields." })
      .waitFor();
    // Each field's problem is read with the field.
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    const described = await email.evaluate((input) => {
      const ids = input.getAttribute("aria-describedby")?.split(" ") ?? [];
      const root = input.getRootNode() as ShadowRoot;
      return ids.map((id) => root.getElementById(id)?.textContent ?? "").join(" ");
    });
    expect(described).toMatch(/.+/);
    await expectNoViolations(page, "the form with its errors");

    await dialog.getByLabel(/Email for delivery/).fill("buyer@example.com");
    const popup = currentContext()?.waitForEvent("page");
    await dialog.getByRole("button", { name: /^Pay \$/ }).click();
    const payment = await popup;
    if (!payment) throw new Error("no payment window");
    await dialog.getByText(/Complete the payment in the new window/).waitFor();
    await expectNoViolations(page, "waiting for payment");
    await expect
      .poll(() => politeRegions(page))
      .toEqual([expect.stringMatching(/^(Waiting for your payment\.|Order update: .+\.)$/)]);

    await payment.waitForURL(/\/sandbox\/pay\/[^?]+\?token=/);
    await expectNoViolations(payment, "the sandbox pay page");
    await payment.getByRole("button", { name: "Pay" }).click();
    await dialog.getByText("Thank you! Your order is complete.").waitFor();
    await expectNoViolations(page, "the delivered order");
    expect(await politeRegions(page)).toEqual(["Your order is complete."]);

    // The proxy's hosted pages, in the payment window already open: the buy page (its checkout
    // opens by itself, over the page) and a link it refuses.
    await payment.goto(`${proxyOrigin()}/buy/team-seats?quantity=3`);
    await payment
      .getByRole("dialog", { name: "Checkout" })
      .getByRole("button", { name: /^Pay \$/ })
      .waitFor();
    await expectNoViolations(payment, "the hosted buy page with its checkout open");
    await payment.goto(`${proxyOrigin()}/buy/team-seats?quantity=abc`);
    await expectNoViolations(payment, "the hosted page refusing a link");
  });

  it("a keyboard-only buyer buys, pays, copies the key, and is back on the Buy button", async () => {
    const { page } = await merchantPage(`<main>
      <h1>Forge tools</h1>
      <p><a href="#top">Home</a></p>
      <div data-kiosk-product="pro-license"></div>
    </main>`);
    const context = currentContext();
    if (!context) throw new Error("no browser context");
    await context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: new URL(page.url()).origin,
    });
    await page.getByRole("heading", { name: /Forge Studio Pro/ }).waitFor();

    const opener = await tabTo(page, (element) => element.name === "Buy" && !element.inDialog);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.getByRole("button", { name: /^Pay \$/ }).waitFor();
    expect((await focused(page)).inDialog, "focus moves into the dialog").toBe(true);

    // Round the dialog both ways, past its last and first control: focus never leaves it.
    for (const key of ["Tab", "Shift+Tab"]) {
      const names: string[] = [];
      for (let step = 0; step < 16; step++) {
        await page.keyboard.press(key);
        const element = await focused(page);
        expect(element.inDialog, `${key} ${step + 1} stays in the dialog (${element.name})`).toBe(
          true,
        );
        names.push(element.name);
      }
      expect(names, `${key} comes round again`).toContain("Close");
      expect(new Set(names).size).toBeLessThan(names.length);
    }

    await tabTo(page, (element) => element.type === "email");
    await page.keyboard.type("buyer@example.com");
    const popup = context.waitForEvent("page");
    await tabTo(page, (element) => /^Pay \$/.test(element.name));
    await page.keyboard.press("Enter");
    const payment = await popup;
    await payment.waitForURL(/\/sandbox\/pay\/[^?]+\?token=/);
    await tabTo(payment, (element) => element.name === "Pay");
    await payment.keyboard.press("Enter");
    await payment.getByRole("heading", { name: "Payment received" }).waitFor();

    // Back in the shop's window: the key is there, and focus with it.
    await page.bringToFront();
    await dialog.getByText("Thank you! Your order is complete.").waitFor();
    // Focus moves once the new step is drawn, which the text above may beat by a turn.
    await expect
      .poll(async () => (await focused(page)).name, {
        message: "focus stays in the dialog as its steps change: on the Copy button",
      })
      .toBe("Copy");
    const key = (await dialog.locator(".items code").first().textContent()) ?? "";
    expect(key).toMatch(/\S{8,}/);
    await tabTo(page, (element) => element.name === "Copy");
    await page.keyboard.press("Enter");
    await dialog.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await focused(page), "focus is back on the Buy button").toEqual(opener);
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
    await expect.poll(() => loaded(images)).toBe(true);
    expect(await images.count()).toBeGreaterThanOrEqual(10);
    await expectNoViolations(page, "the demo shop");

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

    const outside = requests
      .map((request) => request.url())
      .filter((url) => new URL(url).hostname !== "127.0.0.1");
    expect(outside).toEqual([]);
    expect(console.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
  });
});
