import { act, fireEvent, render, waitFor, within } from "@testing-library/preact";
import type { ComponentChildren } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import * as entry from "../../src/preact";
import {
  BuyButton,
  type CheckoutHandle,
  KioskProvider,
  ProductCard,
  Storefront,
} from "../../src/preact";
import { apiBase, createHarness, type Harness } from "./harness";

// The Preact entry in a Preact tree (`kiosk-checkout/react` is the same components, given
// React's hooks; test/browser/components.test.ts runs both in real apps).

afterEach(() => {
  document.body.replaceChildren();
});

const shadowOf = (host: Element | null) => {
  const root = host?.shadowRoot;
  if (!root) throw new Error("no shadow root");
  return within(root as unknown as HTMLElement);
};
const containers = (host: Element | null) => host?.shadowRoot?.querySelectorAll(".kiosk").length;
const checkouts = () => document.querySelectorAll("[data-kiosk-checkout]").length;

/** `children` in a provider over the harness's proxy. */
function shop(harness: Harness, children: ComponentChildren, theme = {}) {
  return (
    <KioskProvider apiBase={apiBase} fetch={harness.fetch} theme={theme}>
      {children}
    </KioskProvider>
  );
}

let handle: CheckoutHandle | undefined;
/** Shows useCheckout()'s state and keeps its handle for the test. */
function Spy() {
  handle = entry.useCheckout();
  return <output>{handle.state.isOpen ? `open ${handle.state.productId}` : "closed"}</output>;
}

describe("the Preact components", () => {
  it("render a card once in its host's shadow root, and the new product when productId changes", async () => {
    const harness = createHarness();
    const view = render(shop(harness, <ProductCard productId="pro-license" className="slot" />));
    const host = view.container.querySelector(".slot");
    await shadowOf(host).findByRole("heading", { name: /Forge Studio Pro/ });
    expect(containers(host)).toBe(1);

    view.rerender(shop(harness, <ProductCard productId="team-seats" className="slot" />));
    await shadowOf(host).findByRole("heading", { name: /Team Seats/ });
    expect(shadowOf(host).queryByRole("heading", { name: /Forge Studio Pro/ })).toBeNull();
    expect(containers(host)).toBe(1);
  });

  it("keep the checkout open and the cards drawn when a parent renders again with an inline fetch", async () => {
    const harness = createHarness();
    const seen: string[] = [];
    // A new function on every render, as `fetch={(url, init) => …}` is.
    const app = (label: string) => (
      <KioskProvider
        apiBase={apiBase}
        fetch={(input, init) => {
          seen.push(label);
          return harness.fetch(input, init);
        }}
      >
        <ProductCard productId="pro-license" className="slot" />
        <Spy />
      </KioskProvider>
    );
    const view = render(app("first"));
    const host = view.container.querySelector(".slot");
    await shadowOf(host).findByRole("heading", { name: /Forge Studio Pro/ });
    await act(() => handle?.open("pro-license"));
    await view.findByText("open pro-license");
    const products = seen.length;
    view.rerender(app("second"));
    await view.findByText("open pro-license");
    expect(checkouts()).toBe(1);
    expect(containers(host)).toBe(1);
    // The same runtime, asking through the newest function from now on.
    act(() => handle?.close());
    await view.findByText("closed");
    await act(() => handle?.open("team-seats"));
    await view.findByText("open team-seats");
    expect(seen.slice(products).every((label) => label === "second")).toBe(true);
    expect(seen.length).toBeGreaterThan(products);
  });

  it("set the theme's variables where the widgets and the checkout inherit them", () => {
    const harness = createHarness();
    const view = render(shop(harness, <Storefront />, { accent: "#0f766e", cardHeight: "20rem" }));
    const provider = view.container.querySelector("[data-kiosk-provider]") as HTMLElement;
    expect(provider.style.getPropertyValue("--kiosk-accent")).toBe("#0f766e");
    expect(provider.style.getPropertyValue("--kiosk-card-height")).toBe("20rem");
    expect(provider.contains(view.container.querySelector("[data-kiosk-storefront]"))).toBe(true);
  });

  it("open and close the checkout from useCheckout(), and follow it in its state", async () => {
    const harness = createHarness();
    const view = render(
      shop(
        harness,
        <>
          <BuyButton productId="pro-license" quantity={2}>
            Get two
          </BuyButton>
          <Spy />
        </>,
      ),
    );
    await act(() => handle?.open("pro-license", { email: "buyer@example.com" }));
    await view.findByText("open pro-license");
    const dialog = shadowOf(document.querySelector("[data-kiosk-checkout]"));
    expect(((await dialog.findByLabelText(/Email for delivery/)) as HTMLInputElement).value).toBe(
      "buyer@example.com",
    );
    // The dialog sits in the provider's element, under its theme.
    expect(
      view.container.querySelector("[data-kiosk-provider] [data-kiosk-checkout]"),
    ).not.toBeNull();
    act(() => handle?.close());
    await view.findByText("closed");
    expect(checkouts()).toBe(0);

    // The BuyButton is the merchant's own button, prefilled.
    fireEvent.click(view.getByRole("button", { name: "Get two" }));
    await view.findByText("open pro-license");
    const again = shadowOf(document.querySelector("[data-kiosk-checkout]"));
    expect(((await again.findByLabelText("Quantity")) as HTMLInputElement).value).toBe("2");
    expect(checkouts()).toBe(1);
  });

  it("give their host elements the app's own attributes, and the Buy button its own click too", async () => {
    const harness = createHarness();
    const clicks: string[] = [];
    const view = render(
      shop(
        harness,
        <>
          <BuyButton
            productId="pro-license"
            quantity={2}
            id="hero-buy"
            aria-describedby="hero-note"
            data-track="hero"
            style={{ marginTop: "4px" }}
            onClick={() => clicks.push("app")}
          >
            Get two
          </BuyButton>
          <ProductCard
            productId="team-seats"
            id="seats"
            data-track="card"
            // Refused by the types; at run time the host's content stays the widget's.
            {...{ dangerouslySetInnerHTML: { __html: "<b>the app's markup</b>" } }}
          />
          <Storefront limit={2} id="grid" {...{ innerHTML: "<b>the app's markup</b>" }} />
          <Storefront limit={2} aria-label="All products" />
        </>,
      ),
    );
    const button = view.getByRole("button", { name: "Get two" });
    expect([button.id, button.getAttribute("aria-describedby"), button.dataset.track]).toEqual([
      "hero-buy",
      "hero-note",
      "hero",
    ]);
    expect([button.getAttribute("type"), button.style.marginTop]).toEqual(["button", "4px"]);
    const card = view.container.querySelector("#seats") as HTMLElement;
    expect(card.dataset.track).toBe("card");
    expect(card.innerHTML).toBe("");
    expect(view.container.querySelector("#grid")?.innerHTML).toBe("");
    await waitFor(() => expect(card.shadowRoot).not.toBeNull());
    await shadowOf(card).findByRole("heading", { name: /Team Seats/ });
    await waitFor(() =>
      expect(view.container.querySelector('[aria-label="All products"]')?.shadowRoot).toBeTruthy(),
    );
    // The app hears its click, and the button still opens the checkout, prefilled.
    fireEvent.click(button);
    expect(clicks).toEqual(["app"]);
    await waitFor(() => expect(checkouts()).toBe(1));
    const dialog = shadowOf(document.querySelector("[data-kiosk-checkout]"));
    expect(((await dialog.findByLabelText("Quantity")) as HTMLInputElement).value).toBe("2");
  });

  it("take everything down when the provider unmounts: widgets, the open checkout, the button's click", async () => {
    const harness = createHarness();
    const view = render(
      shop(
        harness,
        <>
          <ProductCard productId="pro-license" className="slot" />
          <BuyButton productId="pro-license">Buy it</BuyButton>
        </>,
      ),
    );
    const host = view.container.querySelector(".slot");
    await shadowOf(host).findByRole("heading", { name: /Forge Studio Pro/ });
    const button = view.getByRole("button", { name: "Buy it" });
    // The binding takes the click (so a link or form around it does nothing of its own).
    expect(fireEvent.click(button)).toBe(false);
    await waitFor(() => expect(checkouts()).toBe(1));

    view.unmount();
    expect(checkouts()).toBe(0);
    expect(containers(host)).toBe(0);
    // A kept reference to the old button is bound no more.
    document.body.append(button);
    expect(fireEvent.click(button)).toBe(true);
  });

  it("prefill a field whose key has spaces (SellSN's keys are their labels) by its attribute's name", async () => {
    const harness = createHarness();
    const view = render(
      shop(
        harness,
        <BuyButton
          productId="custom-sprite"
          fields={{ "Discord Username": "pixel#1" }}
          locked={["fields.Discord Username"]}
        >
          Commission
        </BuyButton>,
      ),
    );
    const button = view.getByRole("button", { name: "Commission" });
    // What the checkout reads back as "Discord Username" (see the prefill tests).
    await waitFor(() =>
      expect(button.getAttribute("data-kiosk-field-discord-username")).toBe("pixel#1"),
    );
    expect(button.getAttribute("data-kiosk-lock")).toBe("fields.discord-username");
  });

  it("say what is missing when used outside a provider", () => {
    expect(() => render(<ProductCard productId="pro-license" />)).toThrow(
      "ProductCard must be inside <KioskProvider>",
    );
  });
});
