import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  checkoutOpen,
  currentContext,
  merchantPage,
  seen,
  useMerchantPages,
} from "./merchant-page";

useMerchantPages();

describe("mount, refresh and destroy", () => {
  it("mounts an element from code, destroy takes every widget down and stops watching, and refresh starts again", async () => {
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

    // Back on the shop's route: refresh() starts the page again, watching it too.
    await page.evaluate(() => (window as unknown as Api).Kiosk.refresh());
    await page
      .locator("#new")
      .getByRole("heading", { name: /Forge Studio Pro/ })
      .waitFor();
    await page.evaluate(() => {
      document.body.insertAdjacentHTML(
        "beforeend",
        `<div id="newer" data-kiosk-product="team-seats"></div>`,
      );
    });
    await page
      .locator("#newer")
      .getByRole("heading", { name: /Team Seats/ })
      .waitFor();
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
    // The page's very first checkout, left with the browser's Back while its code is on its way
    // (held here until then), does not show over the page the buyer went back to.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chunk = /\/open-checkout-[\w-]+\.js$/;
    await page.route(chunk, async (route) => {
      await held;
      await route.continue();
    });
    await page.evaluate(() => {
      history.pushState(null, "", "#pro-license");
      const api = (window as unknown as { Kiosk: { open(id: string): Promise<void> } }).Kiosk;
      (window as unknown as { first: Promise<boolean> }).first = api
        .open("pro-license")
        .then(() => document.querySelector("[data-kiosk-checkout]") !== null);
    });
    await page.goBack();
    release();
    expect(
      await page.evaluate(() => (window as unknown as { first: Promise<boolean> }).first),
    ).toBe(false);
    await page.unroute(chunk);
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

    // A fragment the page sets while the checkout is open (so that Back closes it) fires
    // popstate as Back does: the dialog stays, though it took the place of the entry Back left
    // (history.length the same). The browser's Back then closes it, once.
    await page.evaluate(async () => {
      const popped = new Promise((resolve) =>
        addEventListener("popstate", resolve, { once: true }),
      );
      location.hash = "checkout";
      await popped;
    });
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(await dialog.count()).toBe(1);
    await page.goBack();
    await dialog.waitFor({ state: "detached" });
    const closes = (await seen(page)).filter((event) => event.name === "kiosk:close");
    expect(closes.map((event) => event.detail.productId)).toEqual(["pro-license", "team-seats"]);
  });
});

/**
 * Opens the checkout with `buy`, orders a Pro License and puts the checkout aside (Escape) while
 * the order waits in its payment window: the dialog, and that window.
 */
async function orderThenPutAside(page: Page, buy: Locator) {
  await buy.click();
  const dialog = page.getByRole("dialog", { name: "Checkout" });
  await dialog.getByLabel(/Email for delivery/).fill("buyer@example.com");
  const popup = currentContext()?.waitForEvent("page");
  await dialog.getByRole("button", { name: "Pay $29.99" }).click();
  const payment = await popup;
  if (!payment) throw new Error("no payment window");
  await payment.waitForURL(/\/sandbox\/pay\/[^?]+\?token=/);
  await dialog.getByText(/Complete the payment/).waitFor();
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  return { dialog, payment };
}

describe("the purchase is never lost", () => {
  it("follows an order after the dialog closed, shows its goods by itself once paid, and again after a reload", async () => {
    const { page } = await merchantPage(`<div data-kiosk-product="pro-license" id="card"></div>`);
    // The buyer closes the checkout while the payment window is open, then pays.
    const { dialog, payment } = await orderThenPutAside(
      page,
      page.locator("#card").getByRole("button", { name: "Buy" }),
    );
    await payment.getByRole("button", { name: "Pay" }).click();
    await expect
      .poll(async () => (await seen(page)).some((event) => event.name === "kiosk:complete"))
      .toBe(true);

    // Paid, its checkout opens by itself with the goods: no Buy click needed.
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
    expect(await currentContext()?.cookies()).toEqual([]);
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

  it("leaves an order the buyer put aside closed on page loads that cannot read it (the shop unreachable), and shows it once they can and it is paid", async () => {
    const { page } = await merchantPage(
      `<button id="buy" data-kiosk-buy="pro-license">Buy</button>`,
    );
    // Put aside while it waits for payment: the buyer browses on.
    const { dialog, payment } = await orderThenPutAside(page, page.locator("#buy"));
    const reload = async () => {
      await page.reload();
      await page.evaluate(
        () => (window as unknown as { Kiosk: { ready: Promise<unknown> } }).Kiosk.ready,
      );
      await page.locator("#buy").waitFor();
    };
    // The next pages of the shop load while the order cannot be read (the connection drops for
    // it, the proxy is away): whether it is paid is not known, so it is not shown.
    const read = /\/api\/orders\/[^/?]+$/;
    let reads = 0;
    await page.route(read, (route) => {
      reads += 1;
      return route.abort("internetdisconnected");
    });
    await reload();
    await expect.poll(() => reads).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await checkoutOpen(page)).toBe(false);
    await page.unroute(read);
    // Paid, and readable again: the next page load shows the goods.
    await payment.getByRole("button", { name: "Pay" }).click();
    await reload();
    await dialog.getByText("Thank you! Your order is complete.").waitFor();
  });

  it.each(["closed", "left with Back"])(
    "keeps an order aside after a reload when its checkout was %s while the order was being created",
    async (how) => {
      const { page } = await merchantPage(
        `<button id="buy" data-kiosk-buy="pro-license">Buy</button>`,
      );
      await page.evaluate(() => {
        location.hash = "shop";
      });
      // The order's creation is held until the buyer has left the checkout.
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let created = false;
      await page.route("**/api/orders", async (route) => {
        if (route.request().method() !== "POST") return route.continue();
        await held;
        await route.continue();
        created = true;
      });
      await page.locator("#buy").click();
      const dialog = page.getByRole("dialog", { name: "Checkout" });
      await dialog.getByLabel(/Email for delivery/).fill("buyer@example.com");
      await dialog.getByRole("button", { name: "Pay $29.99" }).click();
      await dialog.getByText("Creating your order…").first().waitFor();
      if (how === "closed") await dialog.getByRole("button", { name: "Close" }).click();
      else await page.goBack();
      await dialog.waitFor({ state: "detached" });
      release();
      await expect.poll(() => created).toBe(true);
      // The order is saved once made; before, it was saved as not put aside, and the reload
      // opened its checkout unasked.
      await expect
        .poll(() => page.evaluate(() => sessionStorage.getItem("kiosk:order") !== null))
        .toBe(true);
      await page.reload();
      await page.evaluate(
        () => (window as unknown as { Kiosk: { ready: Promise<unknown> } }).Kiosk.ready,
      );
      await page.locator("#buy").waitFor();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await checkoutOpen(page)).toBe(false);
    },
  );
});
