import type { Page, Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoCatalog } from "./harness";
import { currentContext, openSite, proxyOrigin, useMerchantPages } from "./merchant-page";

// The demo catalog, with custom fields on the license key product so one checkout covers
// quantity, custom fields, a coupon and a delivered serial.
const catalog = demoCatalog();
const licenseKey = catalog.products.find((candidate) => candidate.id === "pro-license");
if (!licenseKey) throw new Error("the demo catalog has no pro-license product");
licenseKey.customFields = [
  { key: "machine", label: "Machine name", required: true, type: "text", maxLength: 40 },
  { key: "note", label: "Note", required: false, type: "textarea" },
];
// A merchant's delivery message with a long link in it, wider than a phone.
licenseKey.deliveryMessage = `Activate it at https://example.com/forge/activate?token=${"a1b2c3d4".repeat(12)}`;
useMerchantPages({ catalog });

/** Opens a merchant page (on its own origin) that embeds the proxy's `embed.js`. */
async function merchantPage(
  body: string,
  beforeLoad?: (page: Page) => Promise<void>,
): Promise<{ page: Page; requests: Request[] }> {
  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A merchant</title>
  <style>
    * { color: rgb(0, 128, 0); font-family: serif; }
    button { background: rgb(255, 0, 0) !important; }
    .card, .buy { display: none !important; }
  </style>
  <script src="${proxyOrigin()}/embed.js" defer></script>
</head>
<body>${body}</body>
</html>`;
  const { page, origin } = await openSite(html);
  const requests: Request[] = [];
  page.on("request", (request) => requests.push(request));
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(error.message));
  await beforeLoad?.(page);
  await page.goto(origin);
  // Checked after each test's own steps by the caller through the array.
  (page as Page & { violations?: string[] }).violations = violations;
  return { page, requests };
}

const violationsOf = (page: Page) => (page as Page & { violations?: string[] }).violations ?? [];

/**
 * Holds the answers to requests matching any of `patterns` until one of each has been sent, or
 * 5 s have passed: `outcome` says which came first. A request that waited for another's answer
 * would never be sent while that answer is held.
 */
async function holdTogether(page: Page, patterns: RegExp[]) {
  const sent = new Map<RegExp, Request>();
  let settle: (outcome: string) => void = () => {};
  const outcome = new Promise<string>((resolve) => {
    settle = resolve;
  });
  const timer = setTimeout(() => settle("released after 5 s"), 5_000);
  for (const pattern of patterns) {
    await page.route(pattern, async (route) => {
      if (!sent.has(pattern)) sent.set(pattern, route.request());
      if (sent.size === patterns.length) {
        clearTimeout(timer);
        settle("all sent before any answered");
      }
      await outcome;
      await route.continue();
    });
  }
  return { outcome, sent };
}

const productRequests = (requests: Request[]) =>
  requests.filter((request) => new URL(request.url()).pathname === "/api/products");

describe("embed.js on a merchant's page", () => {
  it("renders two cards and a buy button from exactly one product request, isolated from the page's CSS", async () => {
    // embed.js asks for the page code and the products at once: neither waits for the other.
    let held: { outcome: Promise<string> } | undefined;
    // ...and has a worker make the page's first number format while they are on their way (the
    // first one costs the browser 10-25 ms, and the locale list it builds is the process's): the
    // page code is held until the worker has said so, or for 5 s, and the page's own thread has
    // made no number format by then.
    let settle: (seen: { made: boolean; onPage: number }) => void = () => {};
    const formatBeforeCode = new Promise<{ made: boolean; onPage: number }>((resolve) => {
      settle = resolve;
    });
    const { page, requests } = await merchantPage(
      `<div data-kiosk-product="pro-license" id="card-a"></div>
      <div data-kiosk-product="team-seats" id="card-b"></div>
      <button id="buy" data-kiosk-buy="retro-pack">Buy the pack</button>
      <p class="error" id="merchant-error">The merchant's own message</p>`,
      async (page) => {
        held = await holdTogether(page, [/\/chunks\/kiosk-[^/]+\.js$/, /\/api\/products\?/]);
        await page.addInitScript(() => {
          const seen = window as { numberFormats?: number; workerSaid?: boolean };
          seen.numberFormats = 0;
          Intl.NumberFormat = new Proxy(Intl.NumberFormat, {
            apply(target, self, args: []) {
              seen.numberFormats = (seen.numberFormats ?? 0) + 1;
              return Reflect.apply(target, self, args);
            },
            construct(target, args: []) {
              seen.numberFormats = (seen.numberFormats ?? 0) + 1;
              return Reflect.construct(target, args);
            },
          });
          window.Worker = new Proxy(Worker, {
            construct(target, args: [string]) {
              const worker = Reflect.construct(target, args) as Worker;
              worker.addEventListener("message", () => {
                seen.workerSaid = true;
              });
              return worker;
            },
          });
        });
        await page.route(/\/chunks\/kiosk-[^/]+\.js$/, async (route) => {
          const made = await page
            .waitForFunction(() => (window as { workerSaid?: boolean }).workerSaid === true, null, {
              timeout: 5_000,
            })
            .then(
              () => true,
              () => false,
            );
          const onPage = await page.evaluate(
            () => (window as { numberFormats?: number }).numberFormats ?? -1,
          );
          settle({ made, onPage });
          await route.fallback();
        });
      },
    );
    expect(await formatBeforeCode).toEqual({ made: true, onPage: 0 });
    expect(await held?.outcome).toBe("all sent before any answered");
    await expect
      .poll(() => page.getByRole("heading", { name: /Forge Studio Pro/ }).count())
      .toBe(1);
    await page.getByRole("heading", { name: /Team Seats/ }).waitFor();
    await page.waitForLoadState("networkidle");

    const sent = productRequests(requests);
    expect(sent).toHaveLength(1);
    expect(new URL(sent[0]?.url() ?? "").searchParams.get("ids")?.split(",").sort()).toEqual([
      "pro-license",
      "retro-pack",
      "team-seats",
    ]);

    // The merchant's `button { background: red !important }` and `* { color: green }` stay out.
    const style = await page
      .locator("#card-a")
      .getByRole("button", { name: "Buy" })
      .evaluate((button) => {
        const computed = getComputedStyle(button);
        const name = button.getRootNode() instanceof ShadowRoot;
        return { background: computed.backgroundColor, color: computed.color, inShadow: name };
      });
    expect(style.inShadow).toBe(true);
    expect(style.background).not.toBe("rgb(255, 0, 0)");
    const heading = await page
      .getByRole("heading", { name: /Forge Studio Pro/ })
      .evaluate((element) => getComputedStyle(element).color);
    expect(heading).not.toBe("rgb(0, 128, 0)");
    // ...and our `.error` rule does not leak onto the page's own elements.
    expect(
      await page.locator("#merchant-error").evaluate((element) => getComputedStyle(element).color),
    ).toBe("rgb(0, 128, 0)");
    // The sold-out product's buy button is disabled.
    await expect.poll(() => page.locator("#buy").isDisabled()).toBe(true);
    expect(violationsOf(page)).toEqual([]);
  });

  it("takes a buyer from Buy to the delivered serial, paying on the sandbox page", async () => {
    const { page, requests } = await merchantPage(`
      <div data-kiosk-product="pro-license"></div>
      <div data-kiosk-product="team-seats"></div>
      <button id="buy" data-kiosk-buy="pro-license" data-kiosk-quantity="2">Buy keys</button>`);
    await page.getByRole("heading", { name: /Team Seats/ }).waitFor();
    expect(productRequests(requests)).toHaveLength(1);

    // The click asks for the checkout's code, the code that themes the dialog, the store's
    // settings and the first quote side by side, and the quote is CORS-simple (JSON as
    // text/plain): no preflight comes before it.
    const checkoutCode = /\/chunks\/open-checkout-[^/]+\.js$/;
    const themeCode = /\/chunks\/theme-[^/]+\.js$/;
    const firstQuote = /\/api\/quote$/;
    const click = await holdTogether(page, [checkoutCode, themeCode, /\/api\/store$/, firstQuote]);
    await page.locator("#buy").click();
    expect(await click.outcome).toBe("all sent before any answered");
    expect(click.sent.get(firstQuote)?.headers()["content-type"]).toMatch(/^text\/plain/);
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.waitFor();
    const quantity = dialog.getByRole("textbox", { name: "Quantity" });
    expect(await quantity.inputValue()).toBe("2");
    // Focus is inside the dialog and Tab keeps it there.
    for (let press = 0; press < 15; press += 1) {
      await page.keyboard.press("Tab");
      expect(
        await page.evaluate(() => document.activeElement?.hasAttribute("data-kiosk-checkout")),
      ).toBe(true);
    }

    await dialog.getByRole("button", { name: "Increase quantity" }).click();
    expect(await quantity.inputValue()).toBe("3");
    await dialog.getByLabel(/Machine name/).fill("studio-mac");
    await dialog.getByLabel(/Note/).fill("For the new hire");
    await dialog.getByLabel(/Email for delivery/).fill("buyer@example.com");
    await dialog.locator('[data-kiosk="total"]', { hasText: "$89.97" }).waitFor();
    await dialog.getByLabel("Coupon code").fill("WELCOME10");
    await dialog.getByRole("button", { name: "Apply" }).click();
    // 3 × 29.99 = 89.97, less 10 % (9.00): the server's total, shown before paying.
    await dialog.getByText("WELCOME10 applied").waitFor();
    expect(await dialog.locator('[data-kiosk="total"]').textContent()).toBe("$80.97");
    expect(await dialog.locator('[data-kiosk="discount"]').textContent()).toBe("−$9.00");

    const popup = currentContext()?.waitForEvent("page");
    await dialog.getByRole("button", { name: "Pay $80.97" }).click();
    const payment = await popup;
    if (!payment) throw new Error("no payment window");
    await payment.waitForURL(/\/sandbox\/pay\/[^?]+\?token=/);
    await payment.getByRole("button", { name: "Pay" }).click();
    await payment.getByText(/Payment received/).waitFor();

    await dialog.getByText("Thank you! Your order is complete.").waitFor();
    const keys = await dialog.locator("code").allTextContents();
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key).toMatch(/^FORGE-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(await dialog.getByRole("button", { name: "Copy" }).count()).toBe(3);
    // On a phone's width nothing runs past the dialog's edge, the delivery message's link neither.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await dialog.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);

    // The order was followed over its event stream, and created with an idempotency key.
    expect(
      requests.some((request) => /\/api\/orders\/[^/]+\/events\?token=/.test(request.url())),
    ).toBe(true);
    const created = requests.filter(
      (request) => request.method() === "POST" && request.url().endsWith("/api/orders"),
    );
    expect(created).toHaveLength(1);
    expect((await created[0]?.allHeaders())?.["idempotency-key"]).toMatch(/^[0-9a-f]{32}$/);
    // The server priced the order itself: three keys, less the coupon.
    const answer = await created[0]?.response();
    expect(answer?.status()).toBe(201);
    expect((await answer?.json())?.total).toEqual({ amount: 8097, currency: "USD" });

    // Escape closes the dialog and focus returns to the merchant's Buy button.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("buy");
    expect(violationsOf(page)).toEqual([]);
  });
  it("takes a Pay click made straight from a field whose value is wrong", async () => {
    const { page, requests } = await merchantPage(`<div data-kiosk-product="pro-license"></div>`);
    await page.getByRole("button", { name: "Buy" }).click();
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.getByLabel(/Machine name/).fill("studio-mac");
    const email = dialog.getByLabel(/Email for delivery/);
    await email.fill("bad@");
    // One click, focus still in the field: leaving it must not move Pay from under the pointer.
    await dialog.getByRole("button", { name: /^Pay/ }).click();
    await dialog.getByText("Please check the highlighted fields.").waitFor({ timeout: 5000 });
    expect(await email.evaluate((input) => input.matches(":focus"))).toBe(true);
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    expect(requests.filter((request) => /\/api\/orders$/.test(request.url()))).toHaveLength(0);
  });

  it("opens the checkout for a merchant's Buy pressed while the page code was on its way; a link goes where it points", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { page } = await merchantPage(
      `<button id="buy" data-kiosk-buy="pro-license" data-kiosk-quantity="2">Buy keys</button>
      <a id="elsewhere" data-kiosk-buy="retro-pack" href="#hosted-checkout">Buy the pack</a>`,
      async (page) => {
        await page.route(/\/chunks\/kiosk-[^/]+\.js$/, async (route) => {
          await held;
          await route.fallback();
        });
      },
    );
    // embed.js has run (its product request is out), the page code not yet.
    await page.waitForFunction(() => !!(window as { Kiosk?: { ready?: unknown } }).Kiosk?.ready);
    await page.locator("#elsewhere").click();
    expect(new URL(page.url()).hash).toBe("#hosted-checkout");
    await page.locator("#buy").click();
    await page.locator("#buy").click();
    release();
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.waitFor();
    expect(await dialog.getByRole("textbox", { name: "Quantity" }).inputValue()).toBe("2");
    expect(await page.getByRole("dialog").count()).toBe(1);
    // Once the page is mounted, a press is the widget's own: the dialog closes and opens again.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await page.locator("#buy").click();
    await dialog.waitFor();
    expect(violationsOf(page)).toEqual([]);
  });
});
