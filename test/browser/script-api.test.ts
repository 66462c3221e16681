import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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

beforeAll(async () => {
  [browser, proxy] = await Promise.all([launchChromium(), startProxy()]);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  await Promise.all(sites.splice(0).map((site) => site.stop()));
});

afterAll(async () => {
  await browser?.close();
  await proxy?.stop();
});

const eventNames = [
  "kiosk:ready",
  "kiosk:open",
  "kiosk:close",
  "kiosk:quote",
  "kiosk:order",
  "kiosk:paid",
  "kiosk:complete",
  "kiosk:error",
];

interface Seen {
  name: string;
  detail: Record<string, unknown>;
  target: string;
  via: "dom" | "on";
}

/**
 * A merchant page embedding `embed.js` (`scripts` times), with an existing `window.Kiosk` and
 * every `kiosk:*` DOM event recorded from the document (with the target it arrived from).
 */
async function merchantPage(
  body: string,
  scripts = 1,
): Promise<{ page: Page; requests: Request[] }> {
  const tags = `<script src="${proxy.origin}/embed.js" defer></script>`.repeat(scripts);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
    ${tags}</head><body>${body}</body></html>`;
  const site = await startMerchant(html, proxy.origin);
  sites.push(site);
  context = await browser.newContext();
  await context.addInitScript((names: string[]) => {
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
  const page = await context.newPage();
  const requests: Request[] = [];
  page.on("request", (request) => requests.push(request));
  await page.goto(site.origin);
  await page.evaluate(
    () => (window as unknown as { Kiosk: { ready: Promise<unknown> } }).Kiosk.ready,
  );
  return { page, requests };
}

const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: Seen[] }).seen);

/** Also records every event through `Kiosk.on`. */
const listenOn = (page: Page) =>
  page.evaluate((names) => {
    const page = window as unknown as {
      seen: unknown[];
      Kiosk: { on(name: string, handler: (detail: unknown) => void): void };
    };
    for (const name of names) {
      page.Kiosk.on(name, (detail) => page.seen.push({ name, detail, target: "", via: "on" }));
    }
  }, eventNames);

const checkoutOpen = (page: Page) =>
  page.evaluate(() => document.querySelector("[data-kiosk-checkout]") !== null);

describe("the script API", () => {
  it("merges into window.Kiosk and mounts once when embed.js is loaded twice", async () => {
    const { page, requests } = await merchantPage(
      `<div data-kiosk-product="pro-license" id="card"></div>`,
      2,
    );
    await page.getByRole("heading", { name: /Forge Studio Pro/ }).waitFor();
    await page.waitForLoadState("networkidle");
    const api = await page.evaluate(() => {
      const kiosk = (window as unknown as { Kiosk: Record<string, unknown> }).Kiosk;
      return Object.fromEntries(Object.entries(kiosk).map(([key, value]) => [key, typeof value]));
    });
    expect(api).toMatchObject({
      merchant: "string",
      ready: "object",
      open: "function",
      close: "function",
      mount: "function",
      refresh: "function",
      destroy: "function",
      on: "function",
      off: "function",
    });
    expect(await page.locator("#card article").count()).toBe(1);
    const products = requests.filter((r) => new URL(r.url()).pathname === "/api/products");
    expect(products).toHaveLength(1);
    expect((await seen(page)).filter((event) => event.name === "kiosk:ready")).toHaveLength(1);
  });

  it("sends every event, in order, with ids and totals but never a token or a good", async () => {
    const { page, requests } = await merchantPage(
      `<div data-kiosk-product="pro-license" id="card"></div>`,
    );
    await listenOn(page);
    // A cancelled kiosk:open keeps the dialog closed.
    await page.evaluate(async () => {
      const kiosk = (window as unknown as { Kiosk: { open(id: string): Promise<void> } }).Kiosk;
      const cancel = (event: Event) => event.preventDefault();
      document.addEventListener("kiosk:open", cancel, { once: true });
      await kiosk.open("pro-license");
    });
    expect(await checkoutOpen(page)).toBe(false);

    // The card's Buy button starts the events from the card.
    await page.locator("#card").getByRole("button", { name: "Buy" }).click();
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.locator('[data-kiosk="total"]', { hasText: "$29.99" }).waitFor();
    await page.evaluate(() => (window as unknown as { Kiosk: { close(): void } }).Kiosk.close());
    await dialog.waitFor({ state: "detached" });

    // Opened from code with prefills, paid on the sandbox page.
    await page.evaluate(() =>
      (
        window as unknown as { Kiosk: { open(id: string, options: unknown): Promise<void> } }
      ).Kiosk.open("pro-license", { quantity: 2, email: "buyer@example.com" }),
    );
    expect(await dialog.getByRole("textbox", { name: "Quantity" }).inputValue()).toBe("2");
    await dialog.locator('[data-kiosk="total"]', { hasText: "$59.98" }).waitFor();
    const popup = context?.waitForEvent("page");
    await dialog.getByRole("button", { name: "Pay $59.98" }).click();
    const payment = await popup;
    if (!payment) throw new Error("no payment window");
    await payment.waitForURL(/\/sandbox\/pay\/[^?]+\?token=/);
    await payment.getByRole("button", { name: "Pay" }).click();
    await dialog.getByText("Thank you! Your order is complete.").waitFor();
    const goods = await dialog.locator("code").allTextContents();
    expect(goods).toHaveLength(2);

    const created = requests.find((r) => r.method() === "POST" && r.url().endsWith("/api/orders"));
    const order = (await (await created?.response())?.json()) as { id: string; token: string };
    const total = { amount: 5998, currency: "USD" };

    const events = await seen(page);
    const dom = events.filter((event) => event.via === "dom");
    const on = events.filter((event) => event.via === "on");
    // Quotes may repeat while the buyer types: one in a row is counted.
    const names = (list: Seen[]) =>
      list
        .map((event) => event.name)
        .filter((name, index, all) => name !== "kiosk:quote" || name !== all[index - 1]);
    expect(names(dom)).toEqual([
      "kiosk:ready",
      "kiosk:open",
      "kiosk:open",
      "kiosk:quote",
      "kiosk:close",
      "kiosk:open",
      "kiosk:quote",
      "kiosk:order",
      "kiosk:paid",
      "kiosk:complete",
    ]);
    // `on` saw the same, from the moment it was added.
    expect(on.map((event) => [event.name, event.detail])).toEqual(
      dom.slice(1).map((event) => [event.name, event.detail]),
    );
    // The card's events come from the card; the API's from the document.
    expect(dom.filter((event) => event.name === "kiosk:open").map((event) => event.target)).toEqual(
      ["document", "card", "document"],
    );
    expect(dom.find((event) => event.name === "kiosk:close")).toMatchObject({
      target: "card",
      detail: { productId: "pro-license" },
    });
    expect(dom.at(-4)?.detail).toEqual({ productId: "pro-license", total });
    for (const name of ["kiosk:order", "kiosk:paid", "kiosk:complete"]) {
      expect(dom.find((event) => event.name === name)?.detail).toEqual({
        productId: "pro-license",
        orderId: order.id,
        total,
      });
    }
    const text = JSON.stringify(events);
    expect(order.token.length).toBeGreaterThan(8);
    expect(text).not.toContain(order.token);
    for (const good of goods) expect(text).not.toContain(good.trim());
  });

  it("reports a failed order request as kiosk:error with its problem type", async () => {
    const { page } = await merchantPage(`<div data-kiosk-product="pro-license"></div>`);
    await page.route(/\/api\/orders$/, (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/problem+json",
        body: JSON.stringify({ type: "upstream_unavailable", title: "Down", status: 503 }),
      }),
    );
    await page.evaluate(() =>
      (
        window as unknown as { Kiosk: { open(id: string, options: unknown): Promise<void> } }
      ).Kiosk.open("pro-license", { email: "buyer@example.com" }),
    );
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.getByRole("button", { name: "Pay $29.99" }).click();
    await dialog.getByRole("alert").waitFor();
    const errors = (await seen(page)).filter((event) => event.name === "kiosk:error");
    expect(errors).toEqual([
      {
        name: "kiosk:error",
        via: "dom",
        target: "document",
        detail: {
          productId: "pro-license",
          type: "upstream_unavailable",
          message: await dialog.getByRole("alert").textContent(),
        },
      },
    ]);
  });

  it("runs the README's analytics example from kiosk:complete", async () => {
    const readme = readFileSync(join(process.cwd(), "README.md"), "utf8");
    const snippet = /<!-- analytics-example -->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
    if (!snippet) throw new Error("README has no analytics example");
    expect(snippet.trim().split("\n")).toHaveLength(3);
    const { page } = await merchantPage(`<div data-kiosk-product="starter-account"></div>`);
    await page.evaluate(() => {
      const page = window as unknown as { sent: unknown[]; gtag: (...args: unknown[]) => void };
      page.sent = [];
      page.gtag = (...args) => page.sent.push(args);
    });
    await page.evaluate(snippet);
    await page.evaluate(() =>
      (
        window as unknown as { Kiosk: { open(id: string, options: unknown): Promise<void> } }
      ).Kiosk.open("starter-account", { email: "buyer@example.com" }),
    );
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    const popup = context?.waitForEvent("page");
    await dialog.getByRole("button", { name: "Pay $12.00" }).click();
    const payment = await popup;
    await payment?.getByRole("button", { name: "Pay" }).click();
    await dialog.getByText("Thank you! Your order is complete.").waitFor();
    const sent = await page.evaluate(() => (window as unknown as { sent: unknown[] }).sent);
    expect(sent).toEqual([
      ["event", "purchase", { transaction_id: expect.any(String), value: 12, currency: "USD" }],
    ]);
  });
});

describe("mount, refresh and destroy", () => {
  it("mounts an element from code, and destroy takes every widget down and stops watching", async () => {
    const { page } = await merchantPage(`<div id="slot"></div><div id="later"></div>`);
    type Api = {
      Kiosk: {
        mount(element: Element, options: unknown): () => void;
        refresh(): void;
        destroy(): void;
      };
    };
    await page.evaluate(() => {
      const { Kiosk } = window as unknown as Api;
      Kiosk.mount(document.getElementById("slot") as Element, { product: "team-seats" });
    });
    await page
      .locator("#slot")
      .getByRole("heading", { name: /Team Seats/ })
      .waitFor();
    expect(await page.locator("#slot").getAttribute("data-kiosk-product")).toBe("team-seats");

    // refresh() picks up an element changed without the page's observer (it already did too).
    await page.evaluate(() => {
      const { Kiosk } = window as unknown as Api;
      document.getElementById("later")?.setAttribute("data-kiosk-product", "pro-license");
      Kiosk.refresh();
    });
    await page
      .locator("#later")
      .getByRole("heading", { name: /Forge Studio Pro/ })
      .waitFor();

    await page.evaluate(() => (window as unknown as Api).Kiosk.destroy());
    expect(await page.locator("#slot article").count()).toBe(0);
    expect(await page.locator("#later article").count()).toBe(0);
    // No longer watching: an element added now stays as the merchant wrote it.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML(
        "beforeend",
        `<div id="new" data-kiosk-product="pro-license"></div>`,
      );
    });
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(await page.evaluate(() => document.getElementById("new")?.shadowRoot ?? null)).toBe(
      null,
    );
  });
});

describe("a single-page app", () => {
  it("mounts added elements, re-renders changed ones and tears down removed ones", async () => {
    const { page } = await merchantPage(`<main id="app"></main>`);
    await page.evaluate(() => {
      document.getElementById("app")?.insertAdjacentHTML(
        "beforeend",
        `<div id="card" data-kiosk-product="pro-license"></div>
         <div id="grid" data-kiosk-storefront data-kiosk-limit="2"></div>`,
      );
    });
    await page
      .getByRole("heading", { name: /Forge Studio Pro/ })
      .first()
      .waitFor();
    await expect.poll(() => page.locator("#grid article").count()).toBe(2);

    // A changed product id shows the new product.
    await page.evaluate(() => {
      document.getElementById("card")?.setAttribute("data-kiosk-product", "team-seats");
    });
    await page
      .locator("#card")
      .getByRole("heading", { name: /Team Seats/ })
      .waitFor();
    expect(await page.locator("#card article").count()).toBe(1);

    // A removed storefront is unmounted and asks for nothing more.
    const grid = await page.evaluateHandle(() => {
      const element = document.getElementById("grid") as HTMLElement;
      element.remove();
      return element;
    });
    await expect
      .poll(() => grid.evaluate((element) => element.shadowRoot?.querySelector("article")))
      .toBe(null);
    // A removed buy button no longer opens the checkout.
    await page.evaluate(() => {
      document
        .getElementById("app")
        ?.insertAdjacentHTML(
          "beforeend",
          `<button id="buy" data-kiosk-buy="pro-license">Buy</button>`,
        );
    });
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await page.locator("#buy").click();
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    const button = await page.evaluateHandle(() => document.getElementById("buy") as HTMLElement);
    await button.evaluate((element) => element.remove());
    await expect.poll(() => button.evaluate((element) => element.isConnected)).toBe(false);
    // Let the observer's microtask run, then click the detached button and open from code.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    await button.evaluate((element) => element.click());
    await page.evaluate(() =>
      (window as unknown as { Kiosk: { open(id: string): Promise<void> } }).Kiosk.open(
        "team-seats",
      ),
    );
    await dialog
      .getByText(/Team Seats/)
      .first()
      .waitFor();
    const opens = (await seen(page)).filter((event) => event.name === "kiosk:open");
    expect(opens.map((event) => [event.target, event.detail.productId])).toEqual([
      ["buy", "pro-license"],
      ["document", "team-seats"],
    ]);
  });
});

describe("the purchase is never lost", () => {
  it("follows an order after the dialog closed, shows it on the next Buy, and again after a reload", async () => {
    const { page } = await merchantPage(`<div data-kiosk-product="pro-license" id="card"></div>`);
    const buy = page.locator("#card").getByRole("button", { name: "Buy" });
    await buy.click();
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.getByLabel(/Email for delivery/).fill("buyer@example.com");
    const popup = context?.waitForEvent("page");
    await dialog.getByRole("button", { name: "Pay $29.99" }).click();
    const payment = await popup;
    if (!payment) throw new Error("no payment window");
    await payment.waitForURL(/\/sandbox\/pay\/[^?]+\?token=/);
    // The buyer closes the checkout while the payment window is open, then pays.
    await dialog.getByText(/Complete the payment/).waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await payment.getByRole("button", { name: "Pay" }).click();
    await expect
      .poll(async () => (await seen(page)).some((event) => event.name === "kiosk:complete"))
      .toBe(true);

    // Buy on the same product shows the paid order's goods, not a new form.
    await buy.click();
    await dialog.getByText("Thank you! Your order is complete.").waitFor();
    const goods = await dialog.locator("code").allTextContents();
    expect(goods).toHaveLength(1);

    // A reload brings the goods back, from sessionStorage: no cookie, nothing in the URL.
    const url = page.url();
    await page.reload();
    await page.evaluate(
      () => (window as unknown as { Kiosk: { ready: Promise<unknown> } }).Kiosk.ready,
    );
    await dialog.getByText("Thank you! Your order is complete.").waitFor();
    expect(await dialog.locator("code").allTextContents()).toEqual(goods);
    expect(page.url()).toBe(url);
    expect(await context?.cookies()).toEqual([]);
    // ...without announcing the purchase a second time.
    expect((await seen(page)).map((event) => event.name)).not.toContain("kiosk:complete");

    // Closed at its end, it is forgotten: the next reload shows no dialog.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await page.reload();
    await page.evaluate(
      () => (window as unknown as { Kiosk: { ready: Promise<unknown> } }).Kiosk.ready,
    );
    await page.getByRole("heading", { name: /Forge Studio Pro/ }).waitFor();
    expect(await checkoutOpen(page)).toBe(false);
  });
});
