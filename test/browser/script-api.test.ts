import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkoutOpen,
  currentContext,
  listenOn,
  merchantPage,
  type Seen,
  seen,
  useMerchantPages,
} from "./merchant-page";

useMerchantPages();

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
    const popup = currentContext()?.waitForEvent("page");
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

  it("rejects Kiosk.open with a KioskError when the checkout's code cannot be had (offline at the page's first open), and opens once back online", async () => {
    const { page } = await merchantPage(`<div data-kiosk-product="pro-license"></div>`);
    await page.getByRole("heading", { name: /Forge Studio Pro/ }).waitFor();
    const open = () =>
      page.evaluate(() =>
        (window as unknown as { Kiosk: { open(id: string): Promise<void> } }).Kiosk.open(
          "pro-license",
        ).then(
          () => "opened",
          (error: { name?: unknown; kind?: unknown }) => `${error.name} ${error.kind}`,
        ),
      );
    await currentContext()?.setOffline(true);
    // As any checkout that cannot open: a KioskError of its kind, not the browser's own error.
    expect(await open()).toBe("KioskError network");
    expect(await checkoutOpen(page)).toBe(false);
    await currentContext()?.setOffline(false);
    expect(await open()).toBe("opened");
    await page.getByRole("dialog", { name: "Checkout" }).waitFor();
  });

  it("says kiosk:error from a merchant's own Buy button clicked offline, where the checkout's code cannot be had", async () => {
    const { page } = await merchantPage(`<button data-kiosk-buy="pro-license">Get it</button>`);
    const button = page.getByRole("button", { name: "Get it" });
    await page.waitForFunction(() => document.querySelector("[data-kiosk-buy]:not([disabled])"));
    await page.evaluate(() => {
      const heard: unknown[] = [];
      (window as unknown as { heard: unknown[] }).heard = heard;
      document.addEventListener("kiosk:error", (event) => {
        const { detail, target } = event as CustomEvent;
        heard.push({ ...detail, from: (target as HTMLElement).tagName });
      });
    });
    await currentContext()?.setOffline(true);
    await button.click();
    await page.waitForFunction(() => (window as unknown as { heard: unknown[] }).heard.length > 0);
    expect(await page.evaluate(() => (window as unknown as { heard: unknown[] }).heard)).toEqual([
      {
        productId: "pro-license",
        type: "network",
        message: "The shop could not be reached. Check your connection and try again.",
        from: "BUTTON",
      },
    ]);
    expect(await checkoutOpen(page)).toBe(false);
    await currentContext()?.setOffline(false);
    await button.click();
    await page.getByRole("dialog", { name: "Checkout" }).waitFor();
  });

  it("says kiosk:error once, and rejects with KioskError network, for an open offline where only the theme's code cannot be had (a tab with an order put aside loaded the checkout's)", async () => {
    const { page, requests } = await merchantPage(
      `<button data-kiosk-buy="pro-license">Get it</button>`,
    );
    // The tab keeps an order the buyer put aside: each load of the page fetches the checkout's
    // code to look at it, and not the theme's, which that order is not shown with.
    await page.evaluate(() =>
      sessionStorage.setItem(
        "kiosk:order",
        JSON.stringify({
          productId: "pro-license",
          order: {
            id: "ord_unknown",
            token: "a-token-the-proxy-never-gave",
            status: "awaiting_payment",
            total: { amount: 2999, currency: "USD" },
          },
          said: [],
          closed: true,
        }),
      ),
    );
    await page.reload();
    await page.evaluate(
      () => (window as unknown as { Kiosk: { ready: Promise<unknown> } }).Kiosk.ready,
    );
    const fetched = (chunk: RegExp) =>
      requests.some((request) => chunk.test(new URL(request.url()).pathname));
    await expect.poll(() => fetched(/\/api\/orders\/ord_unknown$/)).toBe(true);
    await page.waitForLoadState("networkidle");
    expect(fetched(/\/chunks\/open-checkout-/)).toBe(true);
    expect(fetched(/\/chunks\/theme-/)).toBe(false);
    await currentContext()?.setOffline(true);
    const opened = await page.evaluate(() =>
      (window as unknown as { Kiosk: { open(id: string): Promise<void> } }).Kiosk.open(
        "pro-license",
      ).then(
        () => "opened",
        (error: { name?: unknown; kind?: unknown }) => `${error.name} ${error.kind}`,
      ),
    );
    expect(opened).toBe("KioskError network");
    const errors = (await seen(page)).filter((event) => event.name === "kiosk:error");
    expect(errors.map((event) => event.detail)).toEqual([
      {
        productId: "pro-license",
        type: "network",
        message: "The shop could not be reached. Check your connection and try again.",
      },
    ]);
    expect(await checkoutOpen(page)).toBe(false);
  });

  it.each(["with", "without"])(
    "runs the README's Back example: Back closes the checkout and stays on the page, Escape leaves no entry (%s the Navigation API)",
    async (api) => {
      const readme = readFileSync(join(process.cwd(), "README.md"), "utf8");
      const snippet = /<!-- back-example -->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
      if (!snippet) throw new Error("README has no Back example");
      const { page } = await merchantPage(`<div data-kiosk-product="pro-license" id="card"></div>`);
      // A browser without it (Safari before 26.2) tells the history's entries apart by their count.
      if (api === "without") {
        await page.evaluate(() =>
          Object.defineProperty(window, "navigation", { value: undefined, configurable: true }),
        );
      }
      await page.evaluate(snippet);
      const start = page.url();
      const entries = () => page.evaluate(() => history.length);
      const before = await entries();
      const buy = page.locator("#card").getByRole("button", { name: "Buy" });
      const dialog = page.getByRole("dialog", { name: "Checkout" });
      // Back: the dialog closes, the page stays, and the entry is gone.
      await buy.click();
      await dialog.waitFor();
      expect(page.url()).toBe(`${start}#checkout`);
      await page.goBack();
      await dialog.waitFor({ state: "detached" });
      expect(page.url()).toBe(start);
      expect(await page.locator("#card").getByRole("button", { name: "Buy" }).count()).toBe(1);
      // Escape: closed, and its entry taken back, so the next Back is the page's own.
      await buy.click();
      await dialog.waitFor();
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
      await expect.poll(() => page.url()).toBe(start);
      // A third open shows the checkout still works after both.
      await buy.click();
      await dialog.waitFor();
      expect(await entries()).toBe(before + 1);
      // Another product's checkout opened over it (the page's own code) stays open, on one entry.
      await page.evaluate(() =>
        (window as unknown as { Kiosk: { open(id: string): Promise<void> } }).Kiosk.open(
          "team-seats",
        ),
      );
      await page.waitForTimeout(300);
      expect(await dialog.count()).toBe(1);
      await dialog
        .getByText(/Team Seats/)
        .first()
        .waitFor();
      expect(page.url()).toBe(`${start}#checkout`);
      await page.goBack();
      await dialog.waitFor({ state: "detached" });
      expect(page.url()).toBe(start);
    },
  );

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
    const popup = currentContext()?.waitForEvent("page");
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
