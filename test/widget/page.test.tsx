import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { drawBudgetMs } from "../../src/widget/mount";
import { type MountedPage, mountPage } from "../../src/widget/page";
import { catalogBelowMinimum } from "../factories/sandbox-app";
import { apiBase, createHarness, type Harness, requestsTo } from "./harness";

let page: MountedPage | undefined;
afterEach(() => {
  page?.stop();
  page = undefined;
  document.body.innerHTML = "";
});

/** Mounts the merchant's HTML as `embed.js` would, with the harness's proxy behind it. */
function mount(harness: Harness, html: string): MountedPage {
  document.body.innerHTML = html;
  const { kiosk } = harness;
  page = mountPage({ ...kiosk.options, apiBase, root: document.body });
  // The page builds its own runtime; route its requests through the same harness.
  return page;
}

const shadowOf = (selector: string) => {
  const root = document.querySelector(selector)?.shadowRoot;
  if (!root) throw new Error(`${selector} has no shadow root`);
  return within(root as unknown as HTMLElement);
};

describe("mountPage", () => {
  it("mounts cards in open shadow roots with their own styles, from one product request", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<div data-kiosk-product="pro-license" id="a"></div>
       <div data-kiosk-product="team-seats" id="b"></div>
       <button data-kiosk-buy="tokyo-font" id="c">Buy</button>`,
    );
    await shadowOf("#a").findByRole("heading", { name: /Forge Studio Pro/ });
    await shadowOf("#b").findByRole("heading", { name: /Team Seats/ });
    const sent = requestsTo(harness, "/products");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url.searchParams.get("ids")?.split(",").sort()).toEqual([
      "pro-license",
      "team-seats",
      "tokyo-font",
    ]);
    const root = document.querySelector("#a")?.shadowRoot;
    expect(root?.mode).toBe("open");
    expect(root?.adoptedStyleSheets.length).toBeGreaterThan(0);
    // The merchant's own button stays theirs: no shadow root, just behaviour.
    expect(document.querySelector("#c")?.shadowRoot).toBeNull();
  });

  it("styles a card once however often a single-page app mounts it again, where there are no constructable sheets", async () => {
    // A browser without constructable stylesheets (Safari before 16.4) gets <style> elements.
    let owner: object | null = CSSStyleSheet.prototype;
    while (owner && !Object.hasOwn(owner, "replaceSync")) owner = Object.getPrototypeOf(owner);
    if (!owner) throw new Error("no replaceSync to take away");
    const replaceSync = Object.getOwnPropertyDescriptor(owner, "replaceSync");
    delete (owner as { replaceSync?: unknown }).replaceSync;
    try {
      const harness = createHarness();
      mount(harness, `<div id="card" data-kiosk-product="pro-license"></div>`);
      const card = document.getElementById("card") as HTMLElement;
      await waitFor(() => expect(card.shadowRoot?.querySelectorAll("style").length).toBe(1));
      for (let quantity = 1; quantity <= 5; quantity++) {
        card.setAttribute("data-kiosk-quantity", String(quantity));
        page?.scan();
      }
      // Before, each mount prepended another copy of the styles (3 KB each).
      expect(card.shadowRoot?.querySelectorAll("style").length).toBe(1);
    } finally {
      if (replaceSync) Object.defineProperty(owner, "replaceSync", replaceSync);
    }
  });

  it("prefills the checkout from a buy button's quantity and coupon", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<button data-kiosk-buy="pro-license" data-kiosk-quantity="2" data-kiosk-coupon="WELCOME10">Buy</button>`,
    );
    const button = document.querySelector("button") as HTMLButtonElement;
    await waitFor(() => expect(requestsTo(harness, "/products")).toHaveLength(1));
    fireEvent.click(button);
    const checkout = await waitFor(() => shadowOf("[data-kiosk-checkout]"));
    const quantity = (await checkout.findByLabelText("Quantity")) as HTMLInputElement;
    expect(quantity.value).toBe("2");
    expect((checkout.getByLabelText("Coupon code") as HTMLInputElement).value).toBe("WELCOME10");
    // 2 × 29.99 = 59.98, less 10 % (6.00).
    await checkout.findByText("WELCOME10 applied");
    expect(checkout.getByText("$53.98", { selector: '[data-kiosk="total"]' })).toBeTruthy();
    expect(checkout.getByText("−$6.00")).toBeTruthy();
  });

  it("disables a buy button whose product is sold out", async () => {
    const harness = createHarness();
    mount(harness, `<button data-kiosk-buy="retro-pack">Buy</button>`);
    const button = document.querySelector("button") as HTMLButtonElement;
    await waitFor(() => expect(button.disabled).toBe(true));
    expect(button.getAttribute("aria-disabled")).toBe("true");
  });

  it("disables a buy button whose variant is sold out, where the product's others are not", async () => {
    // Cloud Sync's founder plan has fewer left than the least one may order.
    const harness = createHarness({ catalog: catalogBelowMinimum() });
    mount(
      harness,
      `<button data-kiosk-buy="cloud-sync" data-kiosk-variant="founder" id="founder">Buy</button>
       <button data-kiosk-buy="cloud-sync" data-kiosk-variant="monthly" id="monthly">Buy</button>`,
    );
    const button = (id: string) => document.getElementById(id) as HTMLButtonElement;
    await waitFor(() => expect(button("founder").disabled).toBe(true));
    expect(button("founder").getAttribute("aria-disabled")).toBe("true");
    expect(button("monthly").disabled).toBe(false);
  });

  it("undoes only the disabling it did itself when a product is back in stock", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<button data-kiosk-buy="retro-pack" id="ours">Buy</button>
       <button data-kiosk-buy="retro-pack" id="theirs" disabled>Soon</button>
       <button data-kiosk-buy="pro-license" id="held" disabled>Soon</button>`,
    );
    const button = (id: string) => document.getElementById(id) as HTMLButtonElement;
    await waitFor(() => expect(button("ours").disabled).toBe(true));
    const [retro] = await harness.kiosk.client.products(["retro-pack"]);
    if (!retro) throw new Error("no retro-pack");
    page?.kiosk.products.put({ ...retro, available: true, stock: 5 });
    await waitFor(() => expect(button("ours").disabled).toBe(false));
    // The merchant's own `disabled` stays, whether the product can be bought or not.
    expect(button("theirs").disabled).toBe(true);
    expect(button("held").disabled).toBe(true);
  });

  it("leaves no disabling of its own on a buy button given another product, or taken out", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<button data-kiosk-buy="retro-pack" id="switched">Buy</button>
       <button data-kiosk-buy="retro-pack" id="taken">Buy</button>`,
    );
    const switched = document.getElementById("switched") as HTMLButtonElement;
    const taken = document.getElementById("taken") as HTMLButtonElement;
    await waitFor(() => expect(switched.disabled && taken.disabled).toBe(true));
    // A single-page app shows another product with the same button: one that can be bought.
    switched.setAttribute("data-kiosk-buy", "pro-license");
    await waitFor(() => expect(switched.disabled).toBe(false));
    expect(switched.getAttribute("aria-disabled")).toBeNull();
    // Taken out of the page (to be put back later, perhaps for another product).
    taken.remove();
    await waitFor(() => expect(taken.disabled).toBe(false));
    expect(taken.getAttribute("aria-disabled")).toBeNull();
  });

  it("opens at once for data-kiosk-open, with the email filled in", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<button data-kiosk-buy="setup-call" data-kiosk-open data-kiosk-email="me@example.com">Buy</button>`,
    );
    const checkout = await waitFor(() => shadowOf("[data-kiosk-checkout]"));
    const email = (await checkout.findByLabelText(/Email for delivery/)) as HTMLInputElement;
    expect(email.value).toBe("me@example.com");
  });

  it("shows a product sold out on its card and every Buy button once an order takes the last ones", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<div data-kiosk-product="starter-account" id="card"></div>
       <button data-kiosk-buy="starter-account" data-kiosk-quantity="3" id="buy">Buy</button>`,
    );
    const card = shadowOf("#card");
    await card.findByText("3 left");
    const button = document.getElementById("buy") as HTMLButtonElement;
    fireEvent.click(button);
    const checkout = await waitFor(() => shadowOf("[data-kiosk-checkout]"));
    fireEvent.input(await checkout.findByLabelText(/Email for delivery/), {
      target: { value: "buyer@example.com" },
    });
    const pay = await checkout.findByRole("button", { name: "Pay $36.00" });
    fireEvent.click(pay);
    await checkout.findByText(/Complete the payment in the new window/);
    harness.settle(harness.windows[0]?.location.href ?? "", "paid");
    await checkout.findByText("Thank you! Your order is complete.");
    // The card and the merchant's button share the product: both say it is gone.
    await waitFor(() => expect(button.disabled).toBe(true));
    expect(card.getAllByText("Sold out").length).toBeGreaterThan(0);
  });

  it("opens for data-kiosk-open once: not again when the page changes the button's other options", async () => {
    const harness = createHarness();
    const mounted = mount(
      harness,
      `<button data-kiosk-buy="setup-call" data-kiosk-open>Buy</button>`,
    );
    const checkout = await waitFor(() => shadowOf("[data-kiosk-checkout]"));
    const email = (await checkout.findByLabelText(/Email for delivery/)) as HTMLInputElement;
    fireEvent.input(email, { target: { value: "typed@example.com" } });
    const asked: unknown[] = [];
    const { checkout: open } = mounted.kiosk;
    mounted.kiosk.checkout = (request) => {
      asked.push(request);
      return open(request);
    };
    // The app's data comes in after its first render and fills in another option.
    document.querySelector("button")?.setAttribute("data-kiosk-quantity", "2");
    mounted.scan();
    expect(asked).toEqual([]);
    expect(email.value).toBe("typed@example.com");
  });

  it("mounts a storefront grid for data-kiosk-storefront", async () => {
    const harness = createHarness();
    mount(harness, `<div data-kiosk-storefront data-kiosk-category="software"></div>`);
    const grid = shadowOf("[data-kiosk-storefront]");
    await waitFor(() => expect(grid.getAllByRole("heading").length).toBeGreaterThan(0));
    expect(requestsTo(harness, "/products")[0]?.url.searchParams.get("category")).toBe("software");
  });

  it("renders cards priced in their first render from a product answer read before they mount", async () => {
    const harness = createHarness();
    const ids = ["pro-license", "team-seats", "no-such-product"];
    const answer = harness.fetch(`${apiBase}/products?ids=${ids.join(",")}`);
    const body: unknown = await (await answer).clone().json();
    document.body.innerHTML = ids.map((id) => `<div data-kiosk-product="${id}"></div>`).join("");
    page = mountPage(
      { ...harness.kiosk.options, apiBase, root: document.body },
      { ids, answer, body },
    );
    const roots = [...document.querySelectorAll("[data-kiosk-product]")].map(
      (element) => element.shadowRoot as ShadowRoot,
    );
    // Cards render in turn, a few per task, but their first render already shows them: none is
    // ever drawn loading.
    let drawnLoading = 0;
    const observer = new MutationObserver(() => {
      drawnLoading += roots.filter((root) => root.querySelector('[aria-busy="true"]')).length;
    });
    for (const root of roots) observer.observe(root, { childList: true, subtree: true });
    const [a, b, c] = roots.map((root) => within(root as unknown as HTMLElement));
    await a?.findByRole("heading", { name: /Forge Studio Pro/ });
    await b?.findByRole("heading", { name: /Team Seats/ });
    observer.disconnect();
    expect(drawnLoading).toBe(0);
    // The id the answer lacks is settled from that same answer, with no request of its own.
    await c?.findByText("This product is not available.");
    expect(requestsTo(harness, "/products")).toHaveLength(1);
  });

  /**
   * Mounts 12 cards with a clock that moves `step` ms each time it is read, and returns what each
   * task left drawn (mutation records are delivered once per task).
   */
  async function drawSteps(step: number): Promise<number[]> {
    let clock = 0;
    const now = vi.spyOn(performance, "now").mockImplementation(() => {
      clock += step;
      return clock;
    });
    try {
      const harness = createHarness();
      const ids = ["pro-license", "team-seats", "tokyo-font", "cloud-sync"];
      const html = Array.from(
        { length: 12 },
        (_, index) => `<div data-kiosk-product="${ids[index % ids.length]}"></div>`,
      ).join("");
      mount(harness, html);
      const roots = [...document.querySelectorAll("[data-kiosk-product]")].map(
        (element) => element.shadowRoot as ShadowRoot,
      );
      const drawn = () => roots.filter((root) => root.querySelector("article")).length;
      // Until its turn, each card's place is held by a box of the card's size.
      expect(roots.every((root) => root.querySelector(".kiosk > .card"))).toBe(true);
      const steps: number[] = [];
      const observer = new MutationObserver(() => {
        if (drawn() !== steps.at(-1)) steps.push(drawn());
      });
      for (const root of roots) observer.observe(root, { childList: true, subtree: true });
      await waitFor(() => expect(drawn()).toBe(12));
      observer.disconnect();
      expect(roots.every((root) => root.querySelectorAll(".kiosk > *").length === 1)).toBe(true);
      expect(requestsTo(harness, "/products")).toHaveLength(1);
      return steps;
    } finally {
      now.mockRestore();
    }
  }

  it("draws a page's cards in one task when they draw fast, each in a place held for it", async () => {
    // A tenth of a millisecond per clock read: mounting and 12 cards fit in one budget.
    expect(await drawSteps(0.1)).toEqual([12]);
  });

  it("draws a page's cards a few per task when drawing spends the task's budget", async () => {
    // Each card read the clock once: a budget spent after n cards draws n per task. Before the
    // first card, the text styles are laid out as steps of the same budget (none drawn then);
    // the task that ends them draws what its budget has left, each task after a budget's worth.
    const perTask = Math.ceil(drawBudgetMs / 10);
    const steps = await drawSteps(10);
    expect(steps[0]).toBe(0);
    const drawn = steps.slice(1).map((count, index) => count - (steps[index] ?? 0));
    expect(drawn.length).toBeGreaterThan(2);
    expect(drawn.every((count) => count >= 1 && count <= perTask)).toBe(true);
    expect(drawn.slice(1, -1).every((count) => count === perTask)).toBe(true);
    expect(steps.at(-1)).toBe(12);
  });

  it("sends each kiosk:close where its kiosk:open went, when the page re-rendered the Buy button meanwhile", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<section id="shop"><ul id="list"><li><button data-kiosk-buy="pro-license">Buy</button></li></ul></section>`,
    );
    const heard: string[] = [];
    for (const name of ["kiosk:open", "kiosk:close"]) {
      document.getElementById("shop")?.addEventListener(name, () => heard.push(name));
    }
    const button = document.querySelector("button") as HTMLButtonElement;
    await waitFor(() => expect(requestsTo(harness, "/products")).toHaveLength(1));
    fireEvent.click(button);
    const checkout = await waitFor(() => shadowOf("[data-kiosk-checkout]"));
    await checkout.findByLabelText("Quantity");
    // The app renders its list again: a new Buy button, the section around it the same.
    (document.getElementById("list") as HTMLElement).innerHTML =
      `<li><button data-kiosk-buy="pro-license">Buy</button></li>`;
    fireEvent.keyDown(checkout.getByRole("dialog"), { key: "Escape" });
    expect(heard).toEqual(["kiosk:open", "kiosk:close"]);
  });

  it("asks for nothing for an element whose product id is not there yet, and loads it once it is", async () => {
    const harness = createHarness();
    // A single-page app's first render, before its data has come: the ids are empty.
    mount(
      harness,
      `<div data-kiosk-product="" id="card"></div><button data-kiosk-buy="" id="buy">Buy</button>`,
    );
    await waitFor(() => expect(shadowOf("#card").queryByText(/went wrong/)).toBeNull());
    document.getElementById("card")?.setAttribute("data-kiosk-product", "pro-license");
    document.getElementById("buy")?.setAttribute("data-kiosk-buy", "pro-license");
    await shadowOf("#card").findByRole("heading", { name: /Forge Studio Pro/ });
    // No `ids=` request (which the proxy refuses), and so no error shown meanwhile.
    expect(requestsTo(harness, "/products").map((sent) => sent.url.search)).toEqual([
      "?ids=pro-license",
    ]);
  });

  it("mounts cards added later, batched again, and never mounts one twice", async () => {
    const harness = createHarness();
    const mounted = mount(harness, `<div data-kiosk-product="pro-license" id="a"></div>`);
    await shadowOf("#a").findByRole("heading", { name: /Forge Studio Pro/ });
    const later = document.createElement("section");
    later.innerHTML = `<div data-kiosk-product="team-seats" id="b"></div><div data-kiosk-product="cloud-sync" id="c"></div>`;
    document.body.append(later);
    await (await waitFor(() => shadowOf("#b"))).findByRole("heading", { name: /Team Seats/ });
    await shadowOf("#c").findByRole("heading", { name: /Cloud Sync/ });
    expect(requestsTo(harness, "/products")).toHaveLength(2);
    mounted.scan();
    expect(document.querySelector("#a")?.shadowRoot?.querySelectorAll(".kiosk")).toHaveLength(1);
  });
});
