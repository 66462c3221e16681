import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

/*
 * What the accessibility files share: axe-core over the page as it is, in light and in dark (axe
 * walks open shadow roots, so one run over the document covers the widgets too), where focus is,
 * and a shop page with a card, a Buy button and a storefront.
 */

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
export async function violations(page: Page, scheme: "light" | "dark"): Promise<string[]> {
  await page.emulateMedia({ colorScheme: scheme });
  // Evaluated rather than added as a <script>: the merchant page's CSP allows no inline script.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: { resultTypes: string[] }): Promise<unknown> };
      }
    ).axe;
    // Every rule still runs on every node; only the violations' nodes are described in full
    // (building a selector for each passing node is most of axe's time otherwise).
    const result = (await axe.run(document, { resultTypes: ["violations"] })) as {
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
export async function expectNoViolations(page: Page, state: string) {
  const found = [...(await violations(page, "light")), ...(await violations(page, "dark"))];
  expect(found, `axe on ${state}`).toEqual([]);
}

/** The text of each polite live region in the open checkout: one announcer for every step. */
export async function politeRegions(page: Page): Promise<string[]> {
  return page
    .locator('[data-kiosk-checkout] [role="status"], [data-kiosk-checkout] [aria-live="polite"]')
    .allTextContents();
}

/** Whether every image the locator finds has arrived and decoded. */
export const loaded = (images: Locator) =>
  images.evaluateAll((all) =>
    all.every(
      (image) =>
        (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0,
    ),
  );
export interface Focused {
  tag: string;
  type: string;
  /** Its label, `aria-label` or text. */
  name: string;
  inDialog: boolean;
  /** Where it is: the ids and tags from the document down, through shadow roots. */
  path: string;
}

/** The element that has focus, looked for through open shadow roots. */
export function focused(page: Page): Promise<Focused> {
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
export async function tabTo(page: Page, wanted: (element: Focused) => boolean): Promise<Focused> {
  for (let press = 0; press < 30; press++) {
    await page.keyboard.press("Tab");
    const element = await focused(page);
    if (wanted(element)) return element;
  }
  throw new Error(`Tab never reached it; focus is on ${JSON.stringify(await focused(page))}`);
}

export const shop = `<header><p>A shop</p><nav><a href="#top">Home</a></nav></header>
  <main>
    <h1>Forge tools</h1>
    <h2>Featured</h2>
    <div data-kiosk-product="pro-license"></div>
    <p><button id="buy" data-kiosk-buy="team-seats">Buy seats</button></p>
    <h2>Everything</h2>
    <div data-kiosk-storefront data-kiosk-limit="2"></div>
  </main>`;
