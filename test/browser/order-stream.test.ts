import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type KioskProcess, startKiosk } from "../support/kiosk-process";
import { startTcpFaultProxy, type TcpFaultProxy } from "../support/tcp-fault-proxy";
import { startMerchant, useBrowserPerTest } from "./harness";

/*
 * A buyer in Chromium following an order while the network between the page and the proxy
 * fails in the ways a phone's or a laptop's does: the proxy reached through a TCP proxy that can
 * go silent (a NAT or Wi-Fi change that drops a connection without a word).
 */

const tests = useBrowserPerTest();

/** The sandbox proxy behind a TCP fault proxy, and a merchant's page that reaches it through it. */
async function start(): Promise<{ kiosk: KioskProcess; network: TcpFaultProxy; page: Page }> {
  const kiosk = await startKiosk({ KIOSK_PLATFORM: "sandbox", KIOSK_ORDER_POLL: "200ms" });
  tests.keep({ close: () => kiosk.stop() });
  const network = await startTcpFaultProxy(Number(new URL(kiosk.url).port));
  tests.keep(network);
  const proxy = `http://127.0.0.1:${network.port}`;
  const merchant = await startMerchant(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
    <script src="${proxy}/embed.js" defer></script></head>
    <body><button id="buy" data-kiosk-buy="pro-license">Buy</button></body></html>`,
    proxy,
  );
  tests.keep({ close: () => merchant.stop() });
  const context = await tests.newContext();
  const page = await context.newPage();
  // The page's timers are the test's to move on; time still passes by itself.
  await page.clock.install();
  await page.goto(merchant.origin);
  await page.evaluate(
    () => (window as unknown as { Kiosk: { ready: Promise<unknown> } }).Kiosk.ready,
  );
  return { kiosk, network, page };
}

/** Opens the checkout and pays: the order waits for payment, its payment window closed. */
async function order(page: Page): Promise<URL> {
  await page.locator("#buy").click();
  const dialog = page.getByRole("dialog", { name: "Checkout" });
  await dialog.getByLabel(/Email for delivery/).fill("buyer@example.com");
  const popup = tests.context()?.waitForEvent("page");
  await dialog.getByRole("button", { name: "Pay $29.99" }).click();
  const payment = await popup;
  if (!payment) throw new Error("no payment window");
  await payment.waitForURL(/\/sandbox\/pay\/[^?]+\?token=/);
  const link = new URL(payment.url());
  await payment.close();
  await dialog.getByText(/Complete the payment/).waitFor();
  return link;
}

/** Pays the sandbox order in the proxy itself, as the buyer's payment window would. */
async function payUpstream(kiosk: KioskProcess, link: URL): Promise<void> {
  const response = await fetch(`${kiosk.url}${link.pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ outcome: "paid", token: link.searchParams.get("token") }),
  });
  expect(response.status).toBe(200);
}

describe("following an order over a failing network", () => {
  it("shows the goods when the order's stream was lost without a word while the buyer paid", async () => {
    const { kiosk, network, page } = await start();
    const link = await order(page);
    // The stream's connection never carries anything again, and nothing tells the browser so
    // (no reset, no close): a NAT that forgot it while the buyer was in the payment window.
    expect(network.loseSilently("/events?")).toBe(1);
    await payUpstream(kiosk, link);
    // A minute on: the buyer is still looking at the dialog, waiting for it to update by itself.
    await page.clock.fastForward("01:00");
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.getByText("Thank you! Your order is complete.").waitFor({ timeout: 10_000 });
    expect(await dialog.locator("code").count()).toBe(1);
  });

  it("reads the order as soon as the buyer's connection is back, after a minute offline", async () => {
    const { kiosk, network, page } = await start();
    const link = await order(page);
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    // The buyer's connection goes, and the stream with it: the order is polled, in vain.
    await tests.context()?.setOffline(true);
    network.resetAll();
    for (let second = 0; second < 60; second += 5) {
      await page.clock.fastForward(5_000);
      await page.waitForTimeout(50);
    }
    await dialog.getByText("We lost track of your order. Reload to check its status.").waitFor();
    // The last read's own retries (0.3 and 0.6 s) are over: the next is 30 s away.
    await page.waitForTimeout(1_500);
    await payUpstream(kiosk, link);
    await tests.context()?.setOffline(false);
    // Back online, the dialog catches up by itself within moments (the page's clock runs on by
    // itself from here), not after the up to 30 s the failures offline had put between polls.
    await dialog.getByText("Thank you! Your order is complete.").waitFor({ timeout: 5_000 });
    expect(await dialog.getByRole("alert").count()).toBe(0);
  });
});
