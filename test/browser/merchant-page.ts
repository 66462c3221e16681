// A merchant page with embed.js in real Chromium, every kiosk:* event recorded: shared by the script API tests.
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Page,
  Request,
} from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import {
  launchChromium,
  type MerchantSite,
  type RunningProxy,
  startMerchant,
  startProxy,
} from "./harness";

let browser: Browser;
let proxy: RunningProxy;
let context: BrowserContext | undefined;
const sites: MerchantSite[] = [];

/** The proxy's origin, for links to its pages. */
export const proxyOrigin = () => proxy.origin;

/** The browser context of the page `merchantPage` opened last, for popups and cookies. */
export const currentContext = () => context;

/**
 * Starts Chromium and the proxy (on `catalog` when given) for one test file, and closes each
 * test's pages and sites; with `sharePages`, at the file's end instead, for cases that share one
 * page load (each case then puts the page back as it found it).
 */
export function useMerchantPages(options: { sharePages?: boolean; catalog?: unknown } = {}): void {
  const closePages = async () => {
    await closePage();
    await Promise.all(sites.splice(0).map((site) => site.stop()));
  };
  beforeAll(async () => {
    [browser, proxy] = await Promise.all([launchChromium(), startProxy(options.catalog)]);
  });
  if (!options.sharePages) afterEach(closePages);
  afterAll(async () => {
    if (options.sharePages) await closePages();
    await browser?.close();
    await proxy?.stop();
  });
}

/**
 * Serves `html` as a merchant's page on an origin of its own and opens a tab for it in a fresh
 * browser context, not yet navigated (so a test can route or listen first): `page.goto(origin)`.
 * `site.workers: false` serves it with a CSP that refuses workers.
 */
export async function openSite(
  html: string,
  options: BrowserContextOptions = {},
  site: { workers?: boolean; csp?: boolean; trustedTypes?: string } = {},
): Promise<{ page: Page; origin: string }> {
  const merchant = await startMerchant(html, proxy.origin, {}, site);
  sites.push(merchant);
  context = await browser.newContext(options);
  return { page: await context.newPage(), origin: merchant.origin };
}

/** Closes the browser context of the page opened last, within a test that opens another. */
export async function closePage(): Promise<void> {
  await context?.close();
  context = undefined;
}

export const eventNames = [
  "kiosk:ready",
  "kiosk:open",
  "kiosk:close",
  "kiosk:quote",
  "kiosk:order",
  "kiosk:paid",
  "kiosk:complete",
  "kiosk:error",
];

export interface Seen {
  name: string;
  detail: Record<string, unknown>;
  target: string;
  via: "dom" | "on";
}

/**
 * A merchant page embedding `embed.js` (`scripts` times), with an existing `window.Kiosk` and
 * every `kiosk:*` DOM event recorded from the document (with the target it arrived from).
 */
export async function merchantPage(
  body: string,
  scripts = 1,
): Promise<{ page: Page; requests: Request[] }> {
  const tags = `<script src="${proxy.origin}/embed.js" defer></script>`.repeat(scripts);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
    ${tags}</head><body>${body}</body></html>`;
  const { page, origin } = await openSite(html);
  // On the context, as before the tab opened: the tab's own reloads keep recording.
  await context?.addInitScript((names: string[]) => {
    const page = window as unknown as { seen: unknown[]; Kiosk: unknown };
    page.seen = [];
    page.Kiosk = { merchant: "kept" };
    for (const name of names) {
      document.addEventListener(name, (event) => {
        const target = event.target as Element | Document;
        page.seen.push({
          name,
          detail: (event as CustomEvent).detail,
          target: target instanceof Element ? target.id || target.tagName : "document",
          via: "dom",
        });
      });
    }
  }, eventNames);
  const requests: Request[] = [];
  page.on("request", (request) => requests.push(request));
  await page.goto(origin);
  await page.evaluate(
    () => (window as unknown as { Kiosk: { ready: Promise<unknown> } }).Kiosk.ready,
  );
  return { page, requests };
}

/**
 * A page of the proxy itself (the demo shop at `/`, a hosted page) in a fresh context, with its
 * requests and console lines recorded from the start.
 */
export async function proxyPage(
  path: string,
  options: { colorScheme?: "light" | "dark" } = {},
): Promise<{ page: Page; requests: Request[]; console: string[] }> {
  context = await browser.newContext(options);
  const page = await context.newPage();
  const requests: Request[] = [];
  const console: string[] = [];
  page.on("request", (request) => requests.push(request));
  page.on("console", (message) => console.push(message.text()));
  page.on("pageerror", (error) => console.push(error.message));
  await page.goto(`${proxy.origin}${path}`);
  return { page, requests, console };
}

export const seen = (page: Page) =>
  page.evaluate(() => (window as unknown as { seen: Seen[] }).seen);

/** Also records every event through `Kiosk.on`. */
export const listenOn = (page: Page) =>
  page.evaluate((names) => {
    const page = window as unknown as {
      seen: unknown[];
      Kiosk: { on(name: string, handler: (detail: unknown) => void): void };
    };
    for (const name of names) {
      page.Kiosk.on(name, (detail) => page.seen.push({ name, detail, target: "", via: "on" }));
    }
  }, eventNames);

export const checkoutOpen = (page: Page) =>
  page.evaluate(() => document.querySelector("[data-kiosk-checkout]") !== null);
