import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type FakeSellstein, startFakeSellstein } from "../platforms/sellstein/fake-server";
import {
  sellsteinBusinessId,
  sellsteinTestKey,
  sellsteinWebhookSecret,
} from "../platforms/sellstein/harness";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";
import { type KioskProcess, startKiosk } from "../support/kiosk-process";
import { useBrowserPerTest } from "./harness";

/*
 * A buyer in Chromium, the real widget and the real CLI, in front of a fake SellStein behind a
 * fault proxy: however the platform fails, one purchase makes one upstream order.
 */

const tests = useBrowserPerTest();

const createRoute = { method: "POST", path: /\/orders$/ };

/** A merchant's page on its own origin; its HTML is set once the proxy's origin is known. */
async function startMerchant() {
  let html = "";
  const server: Server = createServer((request, response) => {
    if (request.url !== "/") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  tests.keep({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    setHtml(text: string) {
      html = text;
    },
  };
}

async function start(options: { checkoutUrls: boolean }): Promise<{
  fake: FakeSellstein;
  proxy: FaultProxy;
  kiosk: KioskProcess;
  page: Page;
  upstreamOrders(): string[];
  /** `POST /api/orders` requests the page sent. */
  orderPosts(): number;
}> {
  const fake = await startFakeSellstein({
    secretKey: sellsteinTestKey,
    businessId: sellsteinBusinessId,
    checkoutUrls: options.checkoutUrls,
  });
  tests.keep(fake);
  const seeded = new Set(fake.orders.keys());
  const proxy = await startFaultProxy(fake.baseUrl);
  tests.keep(proxy);
  const merchant = await startMerchant();
  const kiosk = await startKiosk({
    KIOSK_PLATFORM: "sellstein",
    KIOSK_SECRET_KEY: sellsteinTestKey,
    KIOSK_STORE_ID: sellsteinBusinessId,
    KIOSK_API_BASE: proxy.url,
    KIOSK_WEBHOOK_SECRET: sellsteinWebhookSecret,
    KIOSK_ALLOWED_ORIGINS: merchant.origin,
    KIOSK_ORDER_POLL: "100ms",
  });
  tests.keep({ close: () => kiosk.stop() });
  merchant.setHtml(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A merchant</title>
<script src="${kiosk.url}/embed.js" defer></script></head>
<body><button id="buy" data-kiosk-buy="prod_xK9mZq2">Buy</button></body>
</html>`);
  const context = await tests.newContext();
  // SellStein's payment page, as far as the buyer's window gets in a test.
  await context.route("https://pay.sellstein.com/**", (route) =>
    route.fulfill({ contentType: "text/html", body: "<title>SellStein checkout</title>" }),
  );
  const page = await context.newPage();
  let posts = 0;
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/orders")
      posts += 1;
  });
  await page.goto(merchant.origin);
  // The page's load can come before embed.js has imported its chunks and bound the button.
  await page.evaluate(() =>
    (window as { Kiosk?: { ready?: Promise<unknown> } }).Kiosk?.ready?.then(() => true),
  );
  return {
    fake,
    proxy,
    kiosk,
    page,
    upstreamOrders: () => [...fake.orders.keys()].filter((id) => !seeded.has(id)),
    orderPosts: () => posts,
  };
}

async function openCheckout(page: Page) {
  await page.locator("#buy").click();
  const dialog = page.getByRole("dialog", { name: "Checkout" });
  await dialog.waitFor();
  await dialog.getByLabel(/Email for delivery/).fill("buyer@example.com");
  const pay = dialog.getByRole("button", { name: "Pay $29.99" });
  await pay.waitFor();
  return { dialog, pay };
}

/** Completes the order upstream (the fake delivers a key), as the platform would once paid. */
function completeUpstream(fake: FakeSellstein, orderId: string) {
  fake.setOrderStatus(orderId, "completed");
}

describe("one order per purchase in a real browser (SellStein through a fault proxy)", () => {
  it("without a payment link tells the buyer where to pay, follows the order and shows the goods", async () => {
    const { fake, proxy, page, upstreamOrders } = await start({ checkoutUrls: false });
    const { dialog, pay } = await openCheckout(page);
    await pay.click();
    await dialog.getByText(/emails its invoice to buyer@example\.com: pay there/).waitFor();
    expect(await dialog.getByRole("link", { name: "Open the payment page" }).count()).toBe(0);
    // The window opened on the click was closed again: there is nowhere to send it.
    await expect.poll(() => tests.context()?.pages().length).toBe(1);
    const [orderId, ...more] = upstreamOrders();
    expect(more).toEqual([]);

    completeUpstream(fake, orderId ?? "");
    await dialog.getByText("Thank you! Your order is complete.").waitFor();
    expect(await dialog.locator("code").allTextContents()).toEqual([
      expect.stringMatching(/^SS-\d+-/),
    ]);
    expect(upstreamOrders()).toEqual([orderId]);
    expect(proxy.seen(createRoute)).toBe(1);
  });

  it("after a connection dropped on create, does not resend by itself; the buyer's retry gets the one order", async () => {
    const { fake, proxy, kiosk, page, upstreamOrders, orderPosts } = await start({
      checkoutUrls: true,
    });
    proxy.inject({ ...createRoute, times: 1, action: { kind: "drop-after-upstream" } });
    const { dialog, pay } = await openCheckout(page);
    await pay.click();
    await dialog.getByRole("alert").filter({ hasText: /.+/ }).first().waitFor();
    const unknownOutcomes = kiosk
      .log()
      .split("\n")
      .filter((line) => line.includes('"order_outcome_unknown"'));
    expect(unknownOutcomes).toHaveLength(1);
    expect(orderPosts()).toBe(1);
    expect(upstreamOrders()).toHaveLength(1);
    expect(proxy.seen(createRoute)).toBe(1);

    // The buyer reads the message and pays again: the same key, so the proxy finds the order.
    const popup = tests.context()?.waitForEvent("page");
    await pay.click();
    await dialog.getByText(/Complete the payment in the new window/).waitFor();
    const payment = await popup;
    const [orderId, ...more] = upstreamOrders();
    expect(more).toEqual([]);
    await payment?.waitForURL(`https://pay.sellstein.com/${orderId}`);
    expect(proxy.seen(createRoute)).toBe(1);
    expect(orderPosts()).toBe(2);

    completeUpstream(fake, orderId ?? "");
    await dialog.getByText("Thank you! Your order is complete.").waitFor();
    expect(upstreamOrders()).toEqual([orderId]);
  });

  it("after a reload while the order was on its way, the buyer's next Pay gets the one order", async () => {
    const { fake, proxy, page, upstreamOrders, orderPosts } = await start({ checkoutUrls: true });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    proxy.inject({ ...createRoute, times: 1, action: { kind: "hold", until: held } });
    const first = await openCheckout(page);
    await first.pay.click();
    await first.dialog.getByText("Creating your order…").first().waitFor();
    await expect.poll(() => proxy.seen(createRoute)).toBe(1);
    // The window opened for the payment page waits, blank, for the order's answer.
    expect(tests.context()?.pages()).toHaveLength(2);
    // The buyer reloads while the order is on its way; the platform makes it meanwhile.
    await page.reload();
    await page.evaluate(() =>
      (window as { Kiosk?: { ready?: Promise<unknown> } }).Kiosk?.ready?.then(() => true),
    );
    release();
    await expect.poll(() => upstreamOrders().length).toBe(1);
    // The page that would have filled it is gone: no blank window is left open.
    await expect.poll(() => tests.context()?.pages().length).toBe(1);

    // The same purchase again: the key kept in the tab finds the order made before the reload.
    const popup = tests.context()?.waitForEvent("page");
    const again = await openCheckout(page);
    await again.pay.click();
    await again.dialog.getByText(/Complete the payment in the new window/).waitFor();
    const [orderId, ...more] = upstreamOrders();
    expect(more).toEqual([]);
    await (await popup)?.waitForURL(`https://pay.sellstein.com/${orderId}`);
    expect(proxy.seen(createRoute)).toBe(1);
    expect(orderPosts()).toBe(2);

    completeUpstream(fake, orderId ?? "");
    await again.dialog.getByText("Thank you! Your order is complete.").waitFor();
    expect(upstreamOrders()).toEqual([orderId]);
  });
});
