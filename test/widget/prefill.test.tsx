import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { createCheckoutModel } from "../../src/widget/checkout/checkout-model";
import { defineElements } from "../../src/widget/define-elements";
import { type MountedPage, mountPage } from "../../src/widget/page";
import { scriptApi } from "../../src/widget/script-api";
import { catalogWithEmailField, demoCatalog } from "../factories/sandbox-app";
import { apiBase, createHarness, type Harness, requestsTo } from "./harness";

let page: MountedPage | undefined;
afterEach(() => {
  page?.stop();
  page = undefined;
  document.body.innerHTML = "";
  sessionStorage.clear();
});

function mount(harness: Harness, html: string): void {
  document.body.innerHTML = html;
  page = mountPage({ ...harness.kiosk.options, apiBase, root: document.body });
}

const checkout = () =>
  waitFor(() => {
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    if (!root) throw new Error("no checkout mounted");
    return within(root as unknown as HTMLElement);
  });

const input = async (view: Awaited<ReturnType<typeof checkout>>, label: RegExp | string) =>
  (await view.findByLabelText(label)) as HTMLInputElement;

describe("prefill and lock", () => {
  it("fills in a buy button's attributes and shows the locked ones read-only, still sent", async () => {
    const harness = createHarness({ catalog: catalogWithEmailField() });
    mount(
      harness,
      `<button data-kiosk-buy="custom-sprite" data-kiosk-quantity="2"
        data-kiosk-email="me@example.com" data-kiosk-field-discord="pixel#1"
        data-kiosk-field-notes="blue hair" data-kiosk-lock="email quantity fields.discord">Buy</button>`,
    );
    await waitFor(() => expect(requestsTo(harness, "/products")).toHaveLength(1));
    fireEvent.click(document.querySelector("button") as HTMLButtonElement);
    const view = await checkout();
    const email = await input(view, /Email for delivery/);
    const quantity = await input(view, "Quantity");
    const discord = await input(view, /Discord username/);
    const notes = await input(view, /Notes for the artist/);
    expect([email.value, quantity.value, discord.value, notes.value]).toEqual([
      "me@example.com",
      "2",
      "pixel#1",
      "blue hair",
    ]);
    // Read-only, not disabled: announced, focusable and part of the order.
    for (const locked of [email, quantity, discord]) {
      expect(locked.readOnly).toBe(true);
      expect(locked.disabled).toBe(false);
    }
    expect(notes.readOnly).toBe(false);
    expect(view.queryByRole("button", { name: "Increase quantity" })).toBeNull();

    fireEvent.input(await input(view, /Delivery email/), {
      target: { value: "art@example.com" },
    });
    const pay = await view.findByRole("button", { name: "Pay $70.00" });
    fireEvent.click(pay);
    await waitFor(() => expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1));
    const sent = JSON.parse(requestsTo(harness, "/orders", "POST")[0]?.body ?? "{}");
    expect(sent).toMatchObject({
      email: "me@example.com",
      items: [{ productId: "custom-sprite", quantity: 2 }],
      fields: { discord: "pixel#1", contact: "art@example.com", notes: "blue hair" },
    });
  });

  it("locks a variant and a coupon from open(…), and leaves an empty locked field editable", async () => {
    const harness = createHarness();
    await harness.kiosk.checkout({
      productId: "cloud-sync",
      variantId: "yearly",
      coupon: "WELCOME10",
      locked: ["variant", "coupon", "email"],
    });
    const view = await checkout();
    const variant = await input(view, "Option");
    expect(variant.readOnly).toBe(true);
    // The name ends with a left-to-right mark, so one written right to left keeps its price after it.
    expect(variant.value).toBe("12 months\u200e – $39.99");
    const coupon = await input(view, "Coupon code");
    expect(coupon.readOnly).toBe(true);
    expect(coupon.value).toBe("WELCOME10");
    expect(view.queryByRole("button", { name: /Apply|Remove/ })).toBeNull();
    // The proxy still decides what the locked coupon is worth.
    await view.findByText("WELCOME10 applied");
    expect((await input(view, /Email for delivery/)).readOnly).toBe(false);
  });

  it("prefills and locks from a product card's attributes", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<div data-kiosk-product="pro-license" data-kiosk-email="me@example.com" data-kiosk-lock="email"></div>`,
    );
    const card = within(document.querySelector("[data-kiosk-product]")?.shadowRoot as never);
    fireEvent.click(await card.findByRole("button", { name: /Buy/ }));
    const email = await input(await checkout(), /Email for delivery/);
    expect(email.value).toBe("me@example.com");
    expect(email.readOnly).toBe(true);
  });
});

describe("a custom field's key as an attribute names it", () => {
  it("in lowercase, as HTML writes every attribute's name", async () => {
    const catalog = demoCatalog();
    const sprite = catalog.products.find((product) => product.id === "custom-sprite");
    const discord = sprite?.customFields.find((field) => field.key === "discord");
    if (!discord) throw new Error("the demo catalog has no discord field");
    discord.key = "discordName";
    const harness = createHarness({ catalog });
    mount(
      harness,
      `<button data-kiosk-buy="custom-sprite" data-kiosk-field-discordName="pixel#1"
        data-kiosk-email="me@example.com" data-kiosk-lock="fields.discordname">Buy</button>`,
    );
    await waitFor(() => expect(requestsTo(harness, "/products")).toHaveLength(1));
    fireEvent.click(document.querySelector("button") as HTMLButtonElement);
    const view = await checkout();
    const field = await input(view, /Discord username/);
    expect(field.value).toBe("pixel#1");
    expect(field.readOnly).toBe(true);
    fireEvent.click(await view.findByRole("button", { name: "Pay $35.00" }));
    await waitFor(() => expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1));
    const sent = JSON.parse(requestsTo(harness, "/orders", "POST")[0]?.body ?? "{}");
    expect(sent.fields).toEqual({ discordName: "pixel#1" });
  });

  it("with a hyphen for a space, which no attribute's name can hold", async () => {
    const harness = createHarness();
    const [sprite] = await harness.kiosk.client.products(["custom-sprite"]);
    if (!sprite) throw new Error("no custom-sprite");
    const model = createCheckoutModel({
      client: harness.kiosk.client,
      product: {
        ...sprite,
        customFields: [{ key: "Discord Username", label: "Discord", required: true, type: "text" }],
      },
      fields: { "discord-username": "pixel#1" },
      locked: ["fields.discord-username"],
    });
    expect(model.fields.value).toEqual({ "Discord Username": "pixel#1" });
    expect(model.isLocked("fields.Discord Username")).toBe(true);
    model.dispose();
  });
});

describe("buy links on a page with the widget", () => {
  /** Clicks like a buyer; returns whether the browser would still have followed the link. */
  function click(link: Element, init: MouseEventInit = {}): boolean {
    let followed = true;
    // Runs after the widget's listener; keeps the test page where it is.
    const after = (event: Event) => {
      followed = !event.defaultPrevented;
      event.preventDefault();
    };
    window.addEventListener("click", after, { once: true });
    fireEvent.click(link, init);
    return followed;
  }

  it("opens the checkout in place, prefilled from the link", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<p><a href="http://shop.test/buy/pro-license?quantity=2&amp;coupon=WELCOME10&amp;email=me%40example.com"><b>Buy</b></a></p>`,
    );
    expect(click(document.querySelector("b") as Element)).toBe(false);
    const view = await checkout();
    expect((await input(view, "Quantity")).value).toBe("2");
    expect((await input(view, /Email for delivery/)).value).toBe("me@example.com");
    await view.findByText("WELCOME10 applied");
  });

  it("leaves a link whose quantity is none to the hosted page, which names it", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<a id="abc" href="http://shop.test/buy/pro-license?quantity=abc">Buy</a>
       <a id="zero" href="http://shop.test/buy/pro-license?quantity=0">Buy</a>
       <a id="blank" href="http://shop.test/buy/pro-license?quantity=">Buy</a>`,
    );
    expect(click(document.querySelector("#abc") as Element)).toBe(true);
    expect(click(document.querySelector("#zero") as Element)).toBe(true);
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
    // An empty value is the same as none, as on the hosted page.
    expect(click(document.querySelector("#blank") as Element)).toBe(false);
    expect((await input(await checkout(), "Quantity")).value).toBe("1");
  });

  it("leaves modified clicks, targeted links and other paths to the browser", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<a id="buy" href="http://shop.test/buy/pro-license">Buy</a>
       <a id="tab" href="http://shop.test/buy/pro-license" target="_blank">Buy</a>
       <a id="api" href="http://shop.test/api/products/pro-license">Data</a>
       <a id="other" href="http://elsewhere.test/buy/pro-license">Elsewhere</a>`,
    );
    const buy = document.querySelector("#buy") as Element;
    expect(click(buy, { ctrlKey: true })).toBe(true);
    expect(click(buy, { metaKey: true })).toBe(true);
    expect(click(buy, { shiftKey: true })).toBe(true);
    expect(click(buy, { button: 1 })).toBe(true);
    for (const id of ["#tab", "#api", "#other"]) {
      expect(click(document.querySelector(id) as Element)).toBe(true);
    }
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
  });
});

describe("Kiosk.mount(…)", () => {
  it("prefills and locks a buy button from its options", async () => {
    const harness = createHarness();
    mount(harness, `<button id="buy">Buy</button>`);
    const button = document.querySelector("#buy") as HTMLButtonElement;
    scriptApi(page as MountedPage).mount(button, {
      buy: "custom-sprite",
      email: "me@example.com",
      fields: { discord: "pixel#1" },
      locked: ["email", "fields.discord"],
    });
    await waitFor(() => expect(requestsTo(harness, "/products")).toHaveLength(1));
    fireEvent.click(button);
    const view = await checkout();
    const discord = await input(view, /Discord username/);
    expect(discord.value).toBe("pixel#1");
    expect(discord.readOnly).toBe(true);
    expect((await input(view, /Email for delivery/)).readOnly).toBe(true);
  });
  it("mounted again takes only the new options; unmounted, stays so when the page changes", async () => {
    const harness = createHarness();
    mount(harness, `<div id="slot" data-kiosk-heading-level="4"></div>`);
    const slot = document.querySelector("#slot") as HTMLElement;
    const api = scriptApi(page as MountedPage);
    const card = () => within(slot.shadowRoot as unknown as HTMLElement);
    api.mount(slot, { product: "pro-license", coupon: "WELCOME10", quantity: 2 });
    await card().findByRole("heading", { name: /Forge Studio Pro/ });
    // A single-page app mounts the same slot for another product: the last call's coupon and
    // quantity are not carried over to it.
    const unmount = api.mount(slot, { product: "team-seats" });
    // The merchant's own heading level is not an option of the last call's: it stays.
    await card().findByRole("heading", { name: /Team Seats/, level: 4 });
    expect(slot.getAttributeNames().sort()).toEqual([
      "data-kiosk-heading-level",
      "data-kiosk-product",
      "id",
    ]);
    unmount();
    expect(card().queryByRole("heading")).toBeNull();
    // The page changes and is scanned again: what the merchant unmounted is not mounted back.
    document.body.append(document.createElement("p"));
    api.refresh();
    expect(card().queryByRole("heading")).toBeNull();
    expect(slot.shadowRoot?.querySelector(".kiosk")).toBeNull();
  });

  it("after destroy(), mounts what mount(…) and refresh() ask for, and starts the page again", async () => {
    const harness = createHarness();
    const link = `<a id="link" href="http://shop.test/buy/setup-call">Book</a>`;
    mount(
      harness,
      `<div id="card" data-kiosk-product="pro-license"></div><div id="slot"></div>
       <kiosk-product id="custom" product="retro-pack"></kiosk-product>${link}`,
    );
    defineElements(page as MountedPage);
    const api = scriptApi(page as MountedPage);
    const view = (id: string) =>
      within(document.getElementById(id)?.shadowRoot as unknown as HTMLElement);
    const shown = (id: string, name: RegExp) =>
      waitFor(() => view(id).getByRole("heading", { name }));
    await shown("card", /Forge Studio Pro/);
    await shown("custom", /Retro/);
    // A single-page app leaves the shop's route, then comes back to it.
    api.destroy();
    expect(view("card").queryByRole("heading")).toBeNull();
    expect(view("custom").queryByRole("heading")).toBeNull();
    api.refresh();
    await shown("card", /Forge Studio Pro/);
    api.mount(document.getElementById("slot") as HTMLElement, { product: "team-seats" });
    await shown("slot", /Team Seats/);
    // As on the first load: its custom elements, the elements it adds, its buy links.
    await shown("custom", /Retro/);
    document.body.insertAdjacentHTML(
      "beforeend",
      `<div id="added" data-kiosk-product="tokyo-font"></div>`,
    );
    await shown("added", /Tokyo/);
    fireEvent.click(document.getElementById("link") as HTMLElement);
    expect((await checkout()).getAllByText(/Setup Call/).length).toBeGreaterThan(0);
    // And the browser's Back closes its checkout, as it did before the page stopped.
    window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
    await waitFor(() => expect(document.querySelector("[data-kiosk-checkout]")).toBeNull());
  });

  it("names a field whose key holds spaces and capitals, and locks it", async () => {
    const catalog = demoCatalog();
    const sprite = catalog.products.find((product) => product.id === "custom-sprite");
    const discord = sprite?.customFields.find((field) => field.key === "discord");
    if (!discord) throw new Error("the demo catalog has no discord field");
    discord.key = "Discord Username";
    const harness = createHarness({ catalog });
    mount(harness, `<button id="buy">Buy</button>`);
    const button = document.querySelector("#buy") as HTMLButtonElement;
    scriptApi(page as MountedPage).mount(button, {
      buy: "custom-sprite",
      email: "me@example.com",
      fields: { "Discord Username": "pixel#1" },
      locked: ["fields.Discord Username"],
    });
    expect(button.getAttribute("data-kiosk-field-discord-username")).toBe("pixel#1");
    await waitFor(() => expect(requestsTo(harness, "/products")).toHaveLength(1));
    fireEvent.click(button);
    const view = await checkout();
    const field = await input(view, /Discord username/);
    expect(field.value).toBe("pixel#1");
    expect(field.readOnly).toBe(true);
  });
});
