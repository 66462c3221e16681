import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { defineElements } from "../../src/widget/define-elements";
import { setLocale } from "../../src/widget/i18n/locale";
import { type MountedPage, mountPage } from "../../src/widget/page";
import { disarm } from "../../src/widget/template";
import { apiBase, createHarness, type Harness, requestsTo } from "./harness";

let page: MountedPage | undefined;
afterEach(async () => {
  page?.stop();
  page = undefined;
  document.body.innerHTML = "";
  await setLocale("en");
});

/** The merchant's HTML, mounted as `embed.js` does: the page's widgets, then the elements. */
function mount(harness: Harness, html: string): MountedPage {
  document.body.innerHTML = html;
  page = mountPage({ ...harness.kiosk.options, apiBase, root: document.body });
  defineElements(page);
  return page;
}

const element = <T extends Element = HTMLElement>(selector: string) => {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};
const shadowOf = (selector: string) =>
  within(element(selector).shadowRoot as unknown as HTMLElement);
/** The element's shadow root once it is drawn: the elements' own code loads as the first connects. */
const drawn = (selector: string) =>
  waitFor(() => {
    if (!element(selector).shadowRoot) throw new Error(`${selector} is not drawn yet`);
    return shadowOf(selector);
  });
type Options = Record<"product" | "quantity" | "category" | "limit", string | number | null>;

const card = `<template>
  <article class="merchant-card">
    <img data-kiosk-image>
    <h3 data-kiosk-text="name">Loading…</h3>
    <p><span data-kiosk-text="price"></span> · <span data-kiosk-text="stock"></span>
      · <span data-kiosk-text="category"></span> · <span data-kiosk-text="constructor">kept</span></p>
    <div data-kiosk-html="description"></div>
    <button data-kiosk-buy>Get it</button>
  </article>
</template>`;

describe("custom elements", () => {
  it("share the page's one product request with data-kiosk elements", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<kiosk-product id="card" product="pro-license"></kiosk-product>
       <kiosk-buy-button id="buy" product="team-seats" quantity="2">Two seats</kiosk-buy-button>
       <kiosk-product id="own" product="retro-pack">${card}</kiosk-product>
       <div data-kiosk-product="tokyo-font" id="old"></div>
       <button data-kiosk-buy="starter-account">Buy</button>`,
    );
    await (await drawn("#card")).findByRole("heading", { name: /Forge Studio Pro/ });
    await shadowOf("#old").findByRole("heading", { name: /Tokyo/ });
    await waitFor(() => expect(element("#own h3").textContent).toBe("Retro Palette Pack"));
    const sent = requestsTo(harness, "/products");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url.searchParams.get("ids")?.split(",").sort()).toEqual([
      "pro-license",
      "retro-pack",
      "starter-account",
      "team-seats",
      "tokyo-font",
    ]);
  });

  it("re-render when an attribute or a property changes, and tear down when removed", async () => {
    const harness = createHarness();
    mount(harness, `<kiosk-product id="card" product="pro-license"></kiosk-product>`);
    const host = element<HTMLElement & Options>("#card");
    await (await drawn("#card")).findByRole("heading", { name: /Forge Studio Pro/ });
    expect(host.product).toBe("pro-license");

    host.setAttribute("product", "team-seats");
    await shadowOf("#card").findByRole("heading", { name: /Team Seats/ });
    expect(shadowOf("#card").queryByRole("heading", { name: /Forge Studio Pro/ })).toBeNull();

    host.product = "tokyo-font";
    expect(host.getAttribute("product")).toBe("tokyo-font");
    await shadowOf("#card").findByRole("heading", { name: /Tokyo/ });
    expect(host.shadowRoot?.querySelectorAll(".kiosk")).toHaveLength(1);

    host.remove();
    expect(host.shadowRoot?.querySelector(".kiosk")).toBeNull();
    // Back in the page, it mounts again.
    document.body.append(host);
    await within(host.shadowRoot as unknown as HTMLElement).findByRole("heading", {
      name: /Tokyo/,
    });
  });

  it("mount inside another component's shadow root, stay inert once the page is destroyed, and mount again once it starts again", async () => {
    const harness = createHarness();
    const mounted = mount(harness, `<div id="app"></div>`);
    const app = element("#app").attachShadow({ mode: "open" });
    app.innerHTML = `<kiosk-product id="inner" product="team-seats"></kiosk-product>`;
    const inner = app.querySelector("#inner") as HTMLElement & Options;
    await within(inner.shadowRoot as unknown as HTMLElement).findByRole("heading", {
      name: /Team Seats/,
    });

    mounted.stop();
    expect(inner.shadowRoot?.querySelector(".kiosk")).toBeNull();
    inner.product = "pro-license";
    app.append(document.createElement("kiosk-product"));
    expect(inner.shadowRoot?.querySelector(".kiosk")).toBeNull();
    expect(app.lastElementChild?.shadowRoot ?? null).toBeNull();
    // The single-page app comes back (`Kiosk.refresh()`): as it is now.
    mounted.scan();
    await within(inner.shadowRoot as unknown as HTMLElement).findByRole("heading", {
      name: /Forge Studio Pro/,
    });
  });

  it("take a property set before they were defined", async () => {
    const harness = createHarness();
    document.body.innerHTML = `<kiosk-storefront id="grid"></kiosk-storefront>`;
    const grid = element<HTMLElement & Options>("#grid");
    // As a framework would, before the script has defined the element (a no-op if it already is).
    Object.defineProperty(grid, "limit", { value: 2, writable: true, configurable: true });
    grid.category = "software";
    page = mountPage({ ...harness.kiosk.options, apiBase, root: document.body });
    defineElements(page);
    // Loaded cards, not the placeholders shown while the grid's request is out.
    await waitFor(() =>
      expect(grid.shadowRoot?.querySelectorAll("article.card:not([aria-busy])")).toHaveLength(2),
    );
    expect(grid.getAttribute("limit")).toBe("2");
    const list = requestsTo(harness, "/products").find((request) =>
      request.url.searchParams.has("category"),
    );
    expect(list?.url.searchParams.get("category")).toBe("software");
    expect(list?.url.searchParams.get("limit")).toBe("2");
  });

  it("make <kiosk-buy-button> a real button, labelled by its content and prefilled", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<kiosk-buy-button id="buy" product="team-seats" quantity="2" email="a@example.com" lock="email">Two seats</kiosk-buy-button>
       <kiosk-buy-button id="out" product="retro-pack"></kiosk-buy-button>`,
    );
    const out = shadowOf("#out").getByRole("button") as HTMLButtonElement;
    await waitFor(() => expect(out.disabled).toBe(true));
    const button = shadowOf("#buy").getByRole("button") as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    expect(button.querySelector("slot")?.assignedNodes()[0]?.textContent).toBe("Two seats");
    fireEvent.click(button);
    const checkout = await waitFor(() => shadowOf("[data-kiosk-checkout]"));
    expect(((await checkout.findByLabelText("Quantity")) as HTMLInputElement).value).toBe("2");
    const email = checkout.getByLabelText(/Email/) as HTMLInputElement;
    expect(email.value).toBe("a@example.com");
    expect(email.readOnly).toBe(true);
  });
});

describe("a merchant's template", () => {
  it("is filled in the light DOM from the product, and follows sold out and the language", async () => {
    const harness = createHarness();
    mount(
      harness,
      `<kiosk-product id="pro" product="pro-license" quantity="3">${card}</kiosk-product>
       <kiosk-product id="out" product="retro-pack">${card}</kiosk-product>
       <kiosk-product id="gone" product="no-such-product">${card}</kiosk-product>`,
    );
    const pro = element("#pro");
    await waitFor(() =>
      expect(pro.querySelector("h3")?.textContent).toBe("Forge Studio Pro — License Key"),
    );
    expect(pro.shadowRoot).toBeNull();
    const text = (field: string, host = pro) =>
      host.querySelector(`[data-kiosk-text="${field}"]`)?.textContent;
    expect(text("price")).toBe("$29.99");
    expect(text("stock")).toBe("12 left");
    expect(text("category")).toBe("software");
    expect(text("constructor")).toBe("kept");
    expect(pro.querySelector("[data-kiosk-html] strong")?.textContent).toBe("Forge Studio Pro");
    const image = pro.querySelector("img") as HTMLImageElement;
    expect(image.src).toMatch(/^https?:\/\/[^/]+\/demo\/images\/pro-license\.svg$/);
    expect(image.alt).toBe("Forge Studio Pro — License Key");

    const out = element("#out");
    await waitFor(() => expect(text("stock", out)).toBe("Sold out"));
    expect((out.querySelector("[data-kiosk-buy]") as HTMLButtonElement).disabled).toBe(true);
    expect(text("stock", element("#gone"))).toBe("This product is not available.");
    expect((element("#gone").querySelector("[data-kiosk-buy]") as HTMLButtonElement).disabled).toBe(
      true,
    );

    await setLocale("de");
    expect(text("stock", out)).toBe("Ausverkauft");
    expect(text("price")).toMatch(/^29,99\s\$$/);

    // Its Buy button opens the checkout with the element's prefill.
    fireEvent.click(pro.querySelector("[data-kiosk-buy]") as HTMLElement);
    const checkout = await waitFor(() => shadowOf("[data-kiosk-checkout]"));
    expect(((await checkout.findByLabelText("Menge")) as HTMLInputElement).value).toBe("3");
  });

  it("is taken out again when the element is removed or changes product", async () => {
    const harness = createHarness();
    mount(harness, `<kiosk-product id="own" product="pro-license">${card}</kiosk-product>`);
    const own = element<HTMLElement & Options>("#own");
    await waitFor(() => expect(own.querySelector("h3")?.textContent).toMatch(/Forge/));
    own.product = "team-seats";
    await waitFor(() => expect(own.querySelector("h3")?.textContent).toMatch(/^Team Seats/));
    expect(own.querySelectorAll("article")).toHaveLength(1);
    own.remove();
    expect(own.querySelectorAll("article")).toHaveLength(0);
    expect(own.querySelector("template")).not.toBeNull();
  });

  it("never keeps anything that could run", () => {
    const template = document.createElement("template");
    template.innerHTML = `<div onclick="run()" data-ok="1">
      <script>run()</script>
      <img src="x" onerror="run()" ONLOAD="run()">
      <a href=" java&#x09;script:run()">link</a><a href="/pricing">fine</a>
      <iframe srcdoc="<script>run()</script>"></iframe>
      <iframe src="data:text/html,<script>run()</script>"></iframe>
      <object data="data:text/html,<script>run()</script>"></object><embed src="x.swf">
      <svg><a><animate attributeName="href" values="javascript:run()"/><set attributeName="href" to="javascript:run()"/><text>y</text></a></svg>
      <base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:run()">
      <a href="data:text/html,x">data</a><a href="mailto:shop@example.com">mail</a>
      <form action="javascript:run()"><button formaction="vbscript:run()">go</button></form>
      <span class="md:flex" title="note: fine">kept</span>
      <!-- Last: happy-dom's parser reads nothing after a script inside an svg. -->
      <svg><script>run()</script><a xlink:href="javascript:run()"><text>x</text></a></svg>
    </div>`;
    const content = template.content.cloneNode(true) as DocumentFragment;
    disarm(content);
    const left = [...content.querySelectorAll("*")].map((node) => node.localName);
    for (const gone of ["script", "iframe", "object", "embed", "animate", "set", "base", "meta"]) {
      expect(left).not.toContain(gone);
    }
    const attributes = [...content.querySelectorAll("*")].flatMap((node) =>
      [...node.attributes].map((item) => `${item.name}=${item.value}`),
    );
    expect(attributes.filter((item) => /^on|srcdoc|javascript|vbscript|data:/i.test(item))).toEqual(
      [],
    );
    expect(attributes).toContain("data-ok=1");
    expect(attributes).toContain("href=/pricing");
    expect(attributes).toContain("href=mailto:shop@example.com");
    expect(attributes).toContain("src=x");
    // Colons outside URLs are the merchant's (a utility class, a title).
    expect(attributes).toContain("class=md:flex");
    expect(attributes).toContain("title=note: fine");
  });
});
