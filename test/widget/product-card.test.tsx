import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { ProductCard } from "../../src/widget/components/product-card";
import { catalogBelowMinimum } from "../factories/sandbox-app";
import { createHarness, requestsTo } from "./harness";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("ProductCard", () => {
  it("shows a same-size placeholder while loading, then the product", async () => {
    const harness = createHarness();
    const { container } = render(<ProductCard kiosk={harness.kiosk} productId="pro-license" />);
    const card = container.querySelector("article");
    expect(card?.getAttribute("aria-busy")).toBe("true");
    expect(card?.className).toBe("card");
    expect(screen.getByText("Loading…")).toBeTruthy();

    await screen.findByRole("heading", { name: "Forge Studio Pro — License Key" });
    expect(container.querySelector("article")?.className).toBe("card");
    expect(screen.getByText("$29.99")).toBeTruthy();
    expect(screen.getByText("12 left")).toBeTruthy();
    // The description arrives as sanitized HTML from the proxy and is rendered as such.
    expect(container.querySelector(".desc strong")?.textContent).toBe("Forge Studio Pro");
    // The catalog's image path is the proxy's file, wherever the card is shown.
    expect(container.querySelector(".media img")?.getAttribute("src")).toBe(
      "http://shop.test/demo/images/pro-license.svg",
    );
    const buy = screen.getByRole("button", { name: "Buy" }) as HTMLButtonElement;
    expect(buy.disabled).toBe(false);
  });

  it("marks a sold-out product and disables its Buy button", async () => {
    const harness = createHarness();
    render(<ProductCard kiosk={harness.kiosk} productId="retro-pack" />);
    const button = (await screen.findByRole("button", { name: "Sold out" })) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.getAllByText("Sold out")).toHaveLength(2);
  });

  it("marks a product or a variant with fewer left than its minimum sold out", async () => {
    const harness = createHarness({ catalog: catalogBelowMinimum() });
    // One team seat left, two the least per order.
    const seats = render(<ProductCard kiosk={harness.kiosk} productId="team-seats" />);
    const soldOut = (await seats.findByRole("button", { name: "Sold out" })) as HTMLButtonElement;
    expect(soldOut.disabled).toBe(true);
    expect(seats.queryByText("1 left")).toBeNull();
    seats.unmount();
    // One founder plan left, two the least per order; the other plans are unlimited.
    const sync = render(
      <ProductCard
        kiosk={harness.kiosk}
        productId="cloud-sync"
        prefill={{ variantId: "founder" }}
      />,
    );
    const buy = (await sync.findByRole("button", { name: "Sold out" })) as HTMLButtonElement;
    expect(buy.disabled).toBe(true);
    const select = sync.getByRole("combobox") as HTMLSelectElement;
    expect([...select.options].map((option) => [option.value, option.disabled])).toEqual([
      ["monthly", false],
      ["yearly", false],
      ["founder", true],
    ]);
    fireEvent.change(select, { target: { value: "monthly" } });
    const open = (await sync.findByRole("button", { name: "Buy" })) as HTMLButtonElement;
    expect(open.disabled).toBe(false);
  });

  it("formats prices in the product's own currency", async () => {
    const harness = createHarness();
    render(<ProductCard kiosk={harness.kiosk} productId="tokyo-font" />);
    expect(await screen.findByText(/1,200/)).toBeTruthy();
    expect(screen.getByText(/1,200/).textContent).toMatch(/¥|JP¥/);
    expect(screen.getByText("In stock")).toBeTruthy();
  });

  it("offers the variants and prices the chosen one", async () => {
    const harness = createHarness();
    const { container } = render(<ProductCard kiosk={harness.kiosk} productId="cloud-sync" />);
    // Its name says what it chooses and its description whose it is, as the Buy button's does:
    // twelve cards' "Option" boxes are told apart in a screen reader's list of controls.
    const select = (await screen.findByRole("combobox", {
      name: "Option",
      description: "Forge Cloud Sync",
    })) as HTMLSelectElement;
    const options = [...select.options].map((option) => option.value);
    expect(options).toEqual(["monthly", "yearly", "founder"]);
    expect(container.querySelector(".price")?.textContent).toBe("$4.99");
    fireEvent.change(select, { target: { value: "yearly" } });
    await waitFor(() => expect(container.querySelector(".price")?.textContent).toBe("$39.99"));
  });

  it("offers the variant that comes back in stock until the buyer picks one", async () => {
    const harness = createHarness();
    const { container } = render(<ProductCard kiosk={harness.kiosk} productId="cloud-sync" />);
    await screen.findByRole("button", { name: "Buy" });
    const loaded = harness.kiosk.products.get("cloud-sync").value;
    if (loaded.status !== "ready") throw new Error("not loaded");
    const withStock = (stock: Record<string, number>) => ({
      ...loaded.product,
      variants: loaded.product.variants.map((variant) => ({
        ...variant,
        stock: stock[variant.id] ?? 0,
      })),
    });
    // Every plan sold out (a read after another buyer's order), then the yearly one back.
    harness.kiosk.products.put(withStock({}));
    await screen.findByRole("button", { name: "Sold out" });
    harness.kiosk.products.put(withStock({ yearly: 5 }));
    const buy = (await screen.findByRole("button", { name: "Buy" })) as HTMLButtonElement;
    expect(buy.disabled).toBe(false);
    expect(container.querySelector(".price")?.textContent).toBe("$39.99");
    expect((screen.getByRole("combobox") as HTMLSelectElement).value).toBe("yearly");
    // The buyer's own pick stays, sold out or not, whatever comes back.
    fireEvent.change(screen.getByRole("combobox"), { target: { value: "founder" } });
    await screen.findByRole("button", { name: "Sold out" });
    harness.kiosk.products.put(withStock({ yearly: 5, monthly: 5 }));
    await waitFor(() => expect(container.querySelector(".price")?.textContent).toBe("$99.00"));
    expect((screen.getByRole("combobox") as HTMLSelectElement).value).toBe("founder");
  });

  it("leaves a product read again unchanged as it was, and takes one that changed", async () => {
    const harness = createHarness();
    render(<ProductCard kiosk={harness.kiosk} productId="pro-license" />);
    await screen.findByRole("button", { name: "Buy" });
    const state = harness.kiosk.products.get("pro-license");
    const loaded = state.value;
    if (loaded.status !== "ready") throw new Error("not loaded");
    // A copy, as a read after a refusal brings: nothing changes, so nothing asks again.
    harness.kiosk.products.put(JSON.parse(JSON.stringify(loaded.product)));
    expect(state.value).toBe(loaded);
    harness.kiosk.products.put({ ...loaded.product, name: "Forge Studio Pro 2" });
    expect(state.value).not.toBe(loaded);
    await screen.findByRole("heading", { name: "Forge Studio Pro 2" });
  });

  it("keeps a product that came another way when its own request fails", async () => {
    const [product] = await createHarness().kiosk.client.products(["pro-license"]);
    if (!product) throw new Error("no product");
    const harness = createHarness();
    harness.dropNext("/products");
    render(<ProductCard kiosk={harness.kiosk} productId="pro-license" />);
    // A storefront's page brings it before the card's own batch is answered, and that fails.
    harness.kiosk.products.put(product);
    await waitFor(() => expect(requestsTo(harness, "/products")).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.kiosk.products.get("pro-license").value.status).toBe("ready");
    expect(screen.getByRole("heading", { name: "Forge Studio Pro — License Key" })).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says so when the proxy does not know the product", async () => {
    const harness = createHarness();
    render(<ProductCard kiosk={harness.kiosk} productId="no-such-product" />);
    expect(await screen.findByText("This product is not available.")).toBeTruthy();
  });

  it("explains a failed load and tries again on request", async () => {
    const harness = createHarness();
    harness.dropNext("/products");
    // In the widget's own container, as a page mounts it.
    render(
      <div class="kiosk">
        <ProductCard kiosk={harness.kiosk} productId="pro-license" />
      </div>,
    );
    expect(await screen.findByRole("alert")).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toMatch(/could not be reached/);
    const retry = screen.getByRole("button", { name: "Try again" });
    retry.focus();
    fireEvent.click(retry);
    await screen.findByRole("heading", { name: "Forge Studio Pro — License Key" });
    expect(requestsTo(harness, "/products")).toHaveLength(2);
    // The button went with the message: a keyboard's focus stays on the card, whose next Tab
    // is its Buy button, rather than falling to the page's start.
    expect(document.activeElement?.className).toBe("kiosk");
  });

  /** One card per id, each in the widget's own container, as a page mounts them. */
  const renderCards = (harness: ReturnType<typeof createHarness>, ids: readonly string[]) =>
    render(
      <div>
        {ids.map((id) => (
          <div class="kiosk" key={id}>
            <ProductCard kiosk={harness.kiosk} productId={id} />
          </div>
        ))}
      </div>,
    );

  it("brings every card whose load failed back with one Try again and one request", async () => {
    const harness = createHarness();
    harness.dropNext("/products");
    const ids = ["pro-license", "team-seats", "tokyo-font"];
    renderCards(harness, ids);
    // Each card says so; a screen reader hears it once, from the first, not once a card.
    await waitFor(() => expect(screen.getAllByText(/could not be reached/)).toHaveLength(3));
    expect(screen.getAllByRole("alert")).toHaveLength(1);
    expect(screen.getAllByText(/could not be reached/)[0]?.getAttribute("role")).toBe("alert");
    fireEvent.click(screen.getAllByRole("button", { name: "Try again" })[1] as HTMLElement);
    await screen.findByRole("heading", { name: /Forge Studio Pro/ });
    await screen.findByRole("heading", { name: /Team Seats/ });
    await screen.findByRole("heading", { name: /Tokyo Pixel Font/ });
    expect(screen.queryAllByRole("alert")).toHaveLength(0);
    const sent = requestsTo(harness, "/products");
    expect(sent).toHaveLength(2);
    expect(sent[1]?.url.searchParams.get("ids")?.split(",").sort()).toEqual(ids);
  });

  it("says a failure aloud again after a Try again that fails too", async () => {
    const harness = createHarness();
    harness.dropNext("/products");
    const ids = ["pro-license", "team-seats"];
    renderCards(harness, ids);
    const first = await screen.findByRole("alert");
    harness.dropNext("/products");
    fireEvent.click(screen.getAllByRole("button", { name: "Try again" })[0] as HTMLElement);
    await waitFor(() => expect(requestsTo(harness, "/products")).toHaveLength(2));
    await waitFor(() => expect(screen.getAllByText(/could not be reached/)).toHaveLength(2));
    const again = screen.getAllByRole("alert");
    expect(again).toHaveLength(1);
    // A new alert, not the one already heard: inserted again, so it is read again.
    expect(again[0]).not.toBe(first);
  });

  it("loads every card on a page with one request", async () => {
    const harness = createHarness();
    render(
      <div>
        <ProductCard kiosk={harness.kiosk} productId="pro-license" />
        <ProductCard kiosk={harness.kiosk} productId="team-seats" />
        <ProductCard kiosk={harness.kiosk} productId="tokyo-font" />
      </div>,
    );
    await screen.findByRole("heading", { name: /Team Seats/ });
    const sent = requestsTo(harness, "/products");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url.searchParams.get("ids")?.split(",").sort()).toEqual([
      "pro-license",
      "team-seats",
      "tokyo-font",
    ]);
  });
});
