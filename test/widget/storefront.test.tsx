import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { options } from "preact";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { maxPageSize, maxSearchLength } from "../../src/core";
import { cardsPerSlice, Storefront } from "../../src/widget/components/storefront";
import { demoCatalog } from "../factories/sandbox-app";
import { apiBase, createHarness, requestsTo } from "./harness";

afterEach(() => {
  document.body.innerHTML = "";
});

const names = () => screen.queryAllByRole("heading").map((heading) => heading.textContent);

describe("Storefront", () => {
  it("shows placeholders, then a page of cards from one list request", async () => {
    const harness = createHarness();
    const { container } = render(<Storefront kiosk={harness.kiosk} limit={4} />);
    expect(container.querySelectorAll('article[aria-busy="true"]')).toHaveLength(4);
    await waitFor(() => expect(names()).toHaveLength(4));
    const lists = requestsTo(harness, "/products");
    expect(lists).toHaveLength(1);
    expect(lists[0]?.url.searchParams.get("limit")).toBe("4");
    // Cards of a page come with it: no second request per card.
    expect(requestsTo(harness, "/products").every((r) => !r.url.searchParams.has("ids"))).toBe(
      true,
    );
    expect(screen.getByText(/^Page 1 of \d+$/)).toBeTruthy();
  });

  it("pages forward and back", async () => {
    const harness = createHarness();
    render(<Storefront kiosk={harness.kiosk} limit={3} />);
    await waitFor(() => expect(names()).toHaveLength(3));
    const first = names();
    const previous = screen.getByRole("button", { name: "Previous" });
    expect(previous.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText(/^Page 2 of/);
    await waitFor(() => expect(names()).not.toEqual(first));
    expect(names().some((name) => first.includes(name))).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Previous" }));
    await waitFor(() => expect(names()).toEqual(first));
  });

  it("keeps the pager, its live page number and the focus on it from the first page to the last", async () => {
    const harness = createHarness();
    render(<Storefront kiosk={harness.kiosk} limit={3} />);
    const next = await screen.findByRole("button", { name: "Next" });
    const previous = screen.getByRole("button", { name: "Previous" });
    const number = screen.getByText(/^Page 1 of \d+$/);
    const count = Number(/of (\d+)/.exec(number.textContent ?? "")?.[1]);
    expect(count).toBeGreaterThan(2);
    // At an end a button stays in the tab order, says it is unavailable, and does nothing.
    expect([
      previous.getAttribute("aria-disabled"),
      (previous as HTMLButtonElement).disabled,
    ]).toEqual(["true", false]);
    const asked = requestsTo(harness, "/products").length;
    fireEvent.click(previous);
    expect(number.textContent).toBe(`Page 1 of ${count}`);
    expect(requestsTo(harness, "/products")).toHaveLength(asked);
    next.focus();
    for (let at = 2; at <= count; at++) {
      fireEvent.click(next);
      // The same pager while the page loads: the focus and the live region stay where they are.
      expect(screen.getByRole("button", { name: "Next" })).toBe(next);
      await waitFor(() =>
        expect(
          screen
            .queryByRole("button", { name: "Next" })
            ?.closest("section")
            ?.querySelector(".grid")
            ?.getAttribute("aria-busy"),
        ).toBe("false"),
      );
      expect(screen.getByText(`Page ${at} of ${count}`)).toBe(number);
      expect(document.activeElement).toBe(next);
    }
    expect(next.getAttribute("aria-disabled")).toBe("true");
    expect(previous.getAttribute("aria-disabled")).toBe("false");
    const atLast = requestsTo(harness, "/products").length;
    fireEvent.click(next);
    expect(number.textContent).toBe(`Page ${count} of ${count}`);
    expect(requestsTo(harness, "/products")).toHaveLength(atLast);
  });

  it("shows the last page, not an empty shop, when the catalog shrank while the buyer paged", async () => {
    let shrunk = false;
    const harness = createHarness({
      resilience: false,
      wrapPlatform: (sandbox) =>
        Object.assign(Object.create(sandbox) as typeof sandbox, {
          async listProducts(query: Parameters<typeof sandbox.listProducts>[0]) {
            if (!shrunk) return sandbox.listProducts(query);
            const page = await sandbox.listProducts({ ...query, page: 1, limit: 100 });
            // Fewer products than before: one page of three fewer.
            const kept = page.data.slice(0, 4);
            const pageCount = Math.ceil(kept.length / query.limit);
            const start = (query.page - 1) * query.limit;
            return { data: kept.slice(start, start + query.limit), page: query.page, pageCount };
          },
        }),
    });
    render(<Storefront kiosk={harness.kiosk} limit={3} />);
    await screen.findByText(/^Page 1 of [3-9]$/);
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText(/^Page 2 of/);
    await waitFor(() => expect(names()).toHaveLength(3));
    // Products go while the buyer reads page 2: page 3, which the pager still offers, is gone.
    shrunk = true;
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    // The storefront shows the last page there is.
    await screen.findByText("Page 2 of 2");
    await waitFor(() => expect(names()).toHaveLength(1));
    expect(screen.queryByText(/No products/)).toBeNull();
  });

  it("marks only its cards busy while a page loads, never the search field or the pager", async () => {
    const harness = createHarness();
    const { container } = render(<Storefront kiosk={harness.kiosk} limit={3} />);
    const busy = () =>
      [...container.querySelectorAll('[aria-busy="true"]')].filter(
        (element) => !element.matches("article"),
      );
    // Loading the first page: the placeholders' grid.
    expect(busy().map((element) => element.className)).toEqual(["grid"]);
    const next = await screen.findByRole("button", { name: "Next" });
    await waitFor(() => expect(busy()).toHaveLength(0));
    fireEvent.click(next);
    // Loading the next: the grid of the cards shown meanwhile, and nothing around it.
    expect(busy().map((element) => element.className)).toEqual(["grid"]);
    const search = screen.getByRole("searchbox");
    expect(search.closest('[aria-busy="true"]')).toBeNull();
    expect(next.closest('[aria-busy="true"]')).toBeNull();
    expect(screen.getByText(/^Page 2 of/).closest('[aria-busy="true"]')).toBeNull();
    await waitFor(() => expect(busy()).toHaveLength(0));
  });

  it("keeps the pager and its focus when a page fails, and focuses the storefront on Try again", async () => {
    const harness = createHarness();
    const { container } = render(<Storefront kiosk={harness.kiosk} limit={3} />);
    const next = await screen.findByRole("button", { name: "Next" });
    next.focus();
    harness.dropNext("/products");
    fireEvent.click(next);
    expect((await screen.findByRole("alert")).textContent).toMatch(/could not be reached/);
    expect(screen.getByRole("button", { name: "Next" })).toBe(next);
    expect(document.activeElement).toBe(next);
    screen.getByText(/^Page 2 of/);
    // Try again leaves the page, so the focus goes to the storefront, not to the page's body.
    harness.dropNext("/products");
    const retry = screen.getByRole("button", { name: "Try again" });
    retry.focus();
    fireEvent.click(retry);
    const storefront = container.querySelector("section");
    expect(document.activeElement).toBe(storefront);
    await screen.findByRole("alert");
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(names()).toHaveLength(3));
    expect(document.activeElement).toBe(storefront);
  });

  it("limits the grid to its category", async () => {
    const harness = createHarness();
    render(<Storefront kiosk={harness.kiosk} category="services" />);
    await waitFor(() => expect(names().length).toBeGreaterThan(0));
    expect(names().sort()).toEqual(["Custom Sprite Commission", "One-to-one Setup Call (30 min)"]);
    expect(requestsTo(harness, "/products")[0]?.url.searchParams.get("category")).toBe("services");
  });

  it("searches as the buyer types, and says when nothing matches", async () => {
    const harness = createHarness();
    render(<Storefront kiosk={harness.kiosk} />);
    await waitFor(() => expect(names().length).toBeGreaterThan(1));
    const search = screen.getByRole("searchbox", { name: "Search products" });
    // A label the buyer sees (not a placeholder, gone once they type), held in its name.
    expect(search.closest("label")?.textContent).toBe("Search");
    expect(search.getAttribute("placeholder")).toBeNull();
    fireEvent.input(search, { target: { value: "palette" } });
    await waitFor(() => expect(names()).toEqual(["Retro Palette Pack"]));
    expect(requestsTo(harness, "/products").at(-1)?.url.searchParams.get("search")).toBe("palette");
    // Said in a live region that was there before the answer came, so a screen reader reads it.
    const status = screen.getByRole("status");
    expect(status.textContent).toBe("1 product found.");
    fireEvent.input(search, { target: { value: "zzzz-nothing" } });
    expect(await screen.findByText("No products match your search.")).toBe(status);
    // What the buyer typed stays in the box.
    expect((search as HTMLInputElement).value).toBe("zzzz-nothing");
  });

  it("says what a search found over several pages, never with the last search's page count", async () => {
    const harness = createHarness();
    render(<Storefront kiosk={harness.kiosk} limit={1} />);
    await screen.findByText(/^Page 1 of \d+$/);
    // Nothing is said of the first page a buyer did not search for.
    expect(screen.getByRole("status").textContent).toBe("");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText(/^Page 2 of/);
    fireEvent.input(screen.getByRole("searchbox"), { target: { value: "forge" } });
    // While the search's answer is on its way, no page number of the whole shop's is shown.
    await waitFor(() => expect(screen.queryByText(/^Page \d+ of/)).toBeNull());
    expect(await screen.findByText("Products found on 2 pages.")).toBe(screen.getByRole("status"));
    expect(screen.getByText("Page 1 of 2")).toBeTruthy();
    // Paging within it, the pager says the page, and the status no longer repeats the search.
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText("Page 2 of 2");
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe(""));
  });

  it("says an empty category holds no products, not that a search found none", async () => {
    const harness = createHarness();
    render(<Storefront kiosk={harness.kiosk} category="no-such-category" />);
    const status = await screen.findByText("No products here yet.");
    expect(status.getAttribute("role")).toBe("status");
    expect(screen.queryByText("No products match your search.")).toBeNull();
  });

  it("starts a search from another page with that search's first page only", async () => {
    const harness = createHarness();
    render(<Storefront kiosk={harness.kiosk} limit={2} />);
    await waitFor(() => expect(names()).toHaveLength(2));
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText(/^Page 2 of/);
    await waitFor(() => expect(names()).toHaveLength(2));
    const before = requestsTo(harness, "/products").length;
    fireEvent.input(screen.getByRole("searchbox"), { target: { value: "palette" } });
    await waitFor(() => expect(names()).toEqual(["Retro Palette Pack"]));
    const asked = requestsTo(harness, "/products")
      .slice(before)
      .map(
        (request) =>
          `${request.url.searchParams.get("search")} ${request.url.searchParams.get("page")}`,
      );
    expect(asked).toEqual(["palette 1"]);
  });

  it("asks for no more than the proxy's largest page", async () => {
    const harness = createHarness();
    // The proxy's own limit: its largest page is served, one more is refused.
    const status = async (limit: number) =>
      (await harness.fetch(`${apiBase}/products?limit=${limit}`)).status;
    expect([await status(maxPageSize), await status(maxPageSize + 1)]).toEqual([200, 422]);
    render(<Storefront kiosk={harness.kiosk} limit={maxPageSize + 50} />);
    await waitFor(() => expect(names().length).toBeGreaterThan(1));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(requestsTo(harness, "/products").at(-1)?.url.searchParams.get("limit")).toBe(
      String(maxPageSize),
    );
  });

  it("asks for a whole page of at least one card whatever the merchant's limit says", async () => {
    const harness = createHarness();
    // The proxy refuses what is not a whole number of cards from 1.
    const status = async (limit: string) =>
      (await harness.fetch(`${apiBase}/products?limit=${limit}`)).status;
    expect([await status("2.5"), await status("0"), await status("-3")]).toEqual([422, 422, 422]);
    for (const [limit, asked] of [
      [2.5, "2"],
      [0.5, "12"],
      [-3, "12"],
    ] as const) {
      const { unmount } = render(<Storefront kiosk={harness.kiosk} limit={limit} />);
      await waitFor(() =>
        expect(requestsTo(harness, "/products").at(-1)?.url.searchParams.get("limit")).toBe(asked),
      );
      await waitFor(() => expect(names().length).toBeGreaterThan(0));
      expect(screen.queryByRole("alert")).toBeNull();
      unmount();
    }
  });

  it("takes no longer a search than the proxy does", async () => {
    const harness = createHarness();
    const status = async (search: string) =>
      (await harness.fetch(`${apiBase}/products?search=${search}`)).status;
    const longest = "x".repeat(maxSearchLength);
    expect([await status(longest), await status(`${longest}x`)]).toEqual([200, 422]);
    render(<Storefront kiosk={harness.kiosk} />);
    const search = screen.getByRole("searchbox", { name: "Search products" }) as HTMLInputElement;
    expect(search.maxLength).toBe(maxSearchLength);
    // The longest the field takes is a search like any other.
    fireEvent.input(search, { target: { value: longest } });
    expect(await screen.findByText("No products match your search.")).toBeTruthy();
    expect(requestsTo(harness, "/products").at(-1)?.url.searchParams.get("search")).toBe(longest);
  });

  it("explains a failed page and tries again", async () => {
    const harness = createHarness();
    harness.dropNext("/products");
    render(<Storefront kiosk={harness.kiosk} limit={2} />);
    expect((await screen.findByRole("alert")).textContent).toMatch(/could not be reached/);
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(names()).toHaveLength(2));
  });

  it("draws a long page a slice of cards per task, keeping every card's place", async () => {
    const demo = demoCatalog();
    const usable = demo.products.filter((product) => product.visible !== false);
    const products = Array.from({ length: 30 }, (_, index) => {
      const source = usable[index % usable.length];
      if (!source) throw new Error("empty catalog");
      return { ...source, id: `many-${index}`, name: `${source.name} ${index}` };
    });
    const harness = createHarness({ catalog: { ...demo, products } });
    // Every time a loaded card renders (Preact's public hook on each element made).
    let drawn = 0;
    const before = options.vnode;
    options.vnode = (vnode) => {
      const props = vnode.props as { "aria-labelledby"?: string };
      if (vnode.type === "article" && props["aria-labelledby"]) drawn += 1;
      before?.(vnode);
    };
    onTestFinished(() => {
      if (before) options.vnode = before;
      else delete options.vnode;
    });
    const { container } = render(<Storefront kiosk={harness.kiosk} limit={30} />);
    // What each task leaves drawn: the number of cards, and the grid's places for them.
    const steps: [number, number][] = [];
    const observer = new MutationObserver(() => {
      const grid = container.querySelector(".grid");
      const cards = container.querySelectorAll("article[aria-labelledby]").length;
      if (grid && cards > 0 && cards !== steps.at(-1)?.[0]) {
        steps.push([cards, grid.children.length]);
      }
    });
    observer.observe(container, { childList: true, subtree: true });
    await waitFor(() => expect(names()).toHaveLength(30));
    observer.disconnect();
    expect(steps.map(([cards]) => cards)).toEqual(
      Array.from({ length: Math.ceil(30 / cardsPerSlice) }, (_, slice) =>
        Math.min(30, (slice + 1) * cardsPerSlice),
      ),
    );
    expect(steps.length).toBeGreaterThan(2);
    expect(steps.every(([, places]) => places === 30)).toBe(true);
    expect(container.querySelectorAll('.grid > [aria-hidden="true"]')).toHaveLength(0);
    // Each slice draws its own cards only, not again the ones before it.
    expect(drawn).toBe(30);
  });
});
