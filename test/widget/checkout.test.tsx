import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type CheckoutRequest, createKiosk } from "../../src/widget/kiosk";
import type { KioskError } from "../../src/widget/kiosk-error";
import { catalogWithEmailField } from "../factories/sandbox-app";
import { createHarness, type Harness, requestsTo } from "./harness";

afterEach(() => {
  document.body.innerHTML = "";
  // An order a test placed is the tab's saved order: the next test's checkout would show it.
  sessionStorage.clear();
});

/**
 * A proxy over the sandbox that reads its prices afresh on every quote and order (no read cache),
 * each a dollar dearer once `raise()` is called (the seller changing them); `counted.creates`
 * counts the orders it sends the sandbox.
 */
function risingPrices() {
  let raised = false;
  const counted = { creates: 0 };
  const harness = createHarness({
    resilience: false,
    wrapPlatform: (sandbox) =>
      Object.assign(Object.create(sandbox) as typeof sandbox, {
        getProducts: async (ids: readonly string[]) =>
          (await sandbox.getProducts(ids)).map((product) =>
            raised
              ? { ...product, price: { ...product.price, amount: product.price.amount + 100 } }
              : product,
          ),
        createOrder: (input: Parameters<typeof sandbox.createOrder>[0]) => {
          counted.creates += 1;
          return sandbox.createOrder(input);
        },
      }),
  });
  return {
    harness,
    counted,
    raise: () => {
      raised = true;
    },
  };
}

/** Opens the checkout as a Buy click would, and returns queries into its shadow root. */
async function open(harness: Harness, request: CheckoutRequest) {
  await harness.kiosk.checkout(request);
  const host = document.querySelector("[data-kiosk-checkout]");
  const root = host?.shadowRoot;
  if (!root) throw new Error("no checkout mounted");
  const view = within(root as unknown as HTMLElement);
  return { root, view, field: (label: RegExp | string) => view.getByLabelText(label) };
}

const type = (element: HTMLElement, value: string) =>
  fireEvent.input(element, { target: { value } });

/** The message shown for a field: the element its `aria-describedby` names. */
function messageOf(root: ShadowRoot, input: HTMLElement): string | undefined {
  const id = input.getAttribute("aria-describedby");
  return id ? (root.getElementById(id)?.textContent ?? undefined) : undefined;
}

describe("checkout dialog", () => {
  it("is a modal dialog that takes focus, keeps it, and gives it back on Escape", async () => {
    const harness = createHarness();
    const buy = document.createElement("button");
    document.body.append(buy);
    buy.focus();
    const { root, view } = await open(harness, { productId: "pro-license", returnFocus: buy });
    const dialog = root.querySelector("dialog");
    expect(dialog?.open).toBe(true);
    expect(dialog?.getAttribute("aria-labelledby")).toBe("kiosk-checkout-title");
    // Described by what is being bought: the focus goes to the first field, past its name.
    const described = root.getElementById(dialog?.getAttribute("aria-describedby") ?? "");
    expect(described?.textContent).toBe("Forge Studio Pro — License Key$29.99");
    expect(view.getByRole("heading", { name: "Checkout" })).toBeTruthy();
    await waitFor(() => expect(root.activeElement?.id).toBe("kiosk-quantity"));

    // Tab from the last control wraps to the first, Shift+Tab from the first to the last.
    const controls = [
      ...root.querySelectorAll<HTMLElement>("button:not([disabled]),input,select,textarea"),
    ];
    const first = controls[0];
    const last = controls.at(-1);
    last?.focus();
    fireEvent.keyDown(last as HTMLElement, { key: "Tab" });
    expect(root.activeElement).toBe(first);
    fireEvent.keyDown(first as HTMLElement, { key: "Tab", shiftKey: true });
    expect(root.activeElement).toBe(last);

    fireEvent.keyDown(dialog as HTMLDialogElement, { key: "Escape" });
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
    expect(document.activeElement).toBe(buy);
  });

  it("gives focus back to what had it when no Buy button opened it (Kiosk.open)", async () => {
    const harness = createHarness();
    const own = document.createElement("button");
    document.body.append(own);
    own.focus();
    const { root } = await open(harness, { productId: "pro-license" });
    await waitFor(() => expect(root.activeElement?.id).toBe("kiosk-quantity"));
    fireEvent.keyDown(root.querySelector("dialog") as HTMLDialogElement, { key: "Escape" });
    expect(document.activeElement).toBe(own);
  });

  it("closes on the browser's Back button, once, with focus back on its Buy button", async () => {
    const harness = createHarness();
    const said: string[] = [];
    for (const name of ["kiosk:open", "kiosk:close"] as const) {
      harness.kiosk.events.on(name, () => said.push(name));
    }
    const buy = document.createElement("button");
    document.body.append(buy);
    buy.focus();
    const { root } = await open(harness, { productId: "pro-license", returnFocus: buy });
    await waitFor(() => expect(root.activeElement?.id).toBe("kiosk-quantity"));
    // A single-page app's Back: the page changes under the dialog, which must not stay over it.
    window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
    await waitFor(() => expect(document.querySelector("[data-kiosk-checkout]")).toBeNull());
    expect(document.activeElement).toBe(buy);
    // Back again with nothing open closes nothing more.
    window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
    await Promise.resolve();
    expect(said).toEqual(["kiosk:open", "kiosk:close"]);
  });

  it("taken out of the page with the page's content (a router that renders a new body) counts as closed", async () => {
    const harness = createHarness();
    const said: string[] = [];
    for (const name of ["kiosk:open", "kiosk:close"] as const) {
      harness.kiosk.events.on(name, () => said.push(name));
    }
    await open(harness, { productId: "pro-license" });
    // As a boosted link swaps the body's content (the body element itself stays: the test
    // library's queries are bound to it).
    document.body.innerHTML = "<main><h1>Another page</h1></main>";
    // A page that locks its scroll from kiosk:open to kiosk:close gets it back.
    await waitFor(() => expect(said).toEqual(["kiosk:open", "kiosk:close"]));
    // The next checkout opens with no stale one to close first.
    await open(harness, { productId: "setup-call" });
    expect(said).toEqual(["kiosk:open", "kiosk:close", "kiosk:open"]);
  });

  it("opened for another product while open, closes the first before it opens, and gives focus back to the first's opener", async () => {
    const harness = createHarness();
    const said: string[] = [];
    for (const name of ["kiosk:open", "kiosk:close"] as const) {
      harness.kiosk.events.on(name, (detail) => said.push(`${name} ${detail.productId}`));
    }
    const own = document.createElement("button");
    document.body.append(own);
    own.focus();
    const first = await open(harness, { productId: "pro-license" });
    await waitFor(() => expect(first.root.activeElement?.id).toBe("kiosk-quantity"));
    // A page's code opens another (Kiosk.open) while the first is up.
    const { root } = await open(harness, { productId: "setup-call" });
    expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(1);
    // A page that keeps an "is open" flag from these events ends with it true.
    expect(said).toEqual([
      "kiosk:open pro-license",
      "kiosk:close pro-license",
      "kiosk:open setup-call",
    ]);
    await waitFor(() => expect(root.activeElement?.id).toBe("kiosk-quantity"));
    fireEvent.keyDown(root.querySelector("dialog") as HTMLDialogElement, { key: "Escape" });
    expect(said.at(-1)).toBe("kiosk:close setup-call");
    expect(document.activeElement).toBe(own);
  });

  it("says kiosk:error, as well as rejecting, when Kiosk.open names a product there is none of", async () => {
    const harness = createHarness();
    const errors: unknown[] = [];
    harness.kiosk.events.on("kiosk:error", (detail) => errors.push(detail));
    await expect(harness.kiosk.checkout({ productId: "no-such-product" })).rejects.toThrow();
    expect(errors).toEqual([
      { productId: "no-such-product", type: "not_found", message: expect.any(String) },
    ]);
    expect((errors[0] as { message: string }).message.length).toBeGreaterThan(0);
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
  });

  it("rejects, with kiosk:error, an open that names no product at all, and still opens the next", async () => {
    const harness = createHarness();
    const errors: unknown[] = [];
    harness.kiosk.events.on("kiosk:error", (detail) => errors.push(detail));
    const settled = await harness.kiosk.checkout({ productId: "" }).then(
      () => "opened",
      (error: KioskError) => error.kind,
    );
    expect(settled).toBe("not_found");
    expect(errors).toEqual([{ productId: "", type: "not_found", message: expect.any(String) }]);
    expect(requestsTo(harness, "/products")).toHaveLength(0);
    await harness.kiosk.checkout({ productId: "pro-license" });
    expect(document.querySelector("[data-kiosk-checkout]")).not.toBeNull();
  });

  it("shows the server's quote for the line before anyone pays", async () => {
    const harness = createHarness();
    const { root, view } = await open(harness, { productId: "pro-license", quantity: 2 });
    await waitFor(() =>
      expect(root.querySelector('[data-kiosk="total"]')?.textContent).toBe("$59.98"),
    );
    expect(view.getByRole("button", { name: "Pay $59.98" })).toBeTruthy();
    const quotes = requestsTo(harness, "/quote", "POST");
    expect(JSON.parse(quotes.at(-1)?.body ?? "{}")).toEqual({
      items: [{ productId: "pro-license", quantity: 2 }],
    });
  });
});

describe("closing before paying", () => {
  it("keeps what the buyer typed for the next checkout on the page; what a button says wins", async () => {
    const harness = createHarness();
    const first = await open(harness, { productId: "pro-license" });
    type(first.field("Quantity"), "3");
    type(first.field(/Email for delivery/), "buyer@example.com");
    type(first.field("Coupon code"), "WELCOME10");
    fireEvent.click(first.view.getByRole("button", { name: "Apply" }));
    await first.view.findByText("WELCOME10 applied");
    fireEvent.keyDown(first.view.getByRole("dialog"), { key: "Escape" });
    await waitFor(() => expect(document.querySelector("[data-kiosk-checkout]")).toBeNull());

    const again = await open(harness, { productId: "pro-license" });
    expect((again.field("Quantity") as HTMLInputElement).value).toBe("3");
    expect((again.field(/Email for delivery/) as HTMLInputElement).value).toBe("buyer@example.com");
    await again.view.findByText("WELCOME10 applied");
    fireEvent.keyDown(again.view.getByRole("dialog"), { key: "Escape" });

    // Another product: the buyer's email, not the other form's quantity or code.
    const other = await open(harness, { productId: "tokyo-font" });
    expect((other.field(/Email for delivery/) as HTMLInputElement).value).toBe("buyer@example.com");
    expect((other.field("Quantity") as HTMLInputElement).value).toBe("1");
    expect((other.field("Coupon code") as HTMLInputElement).value).toBe("");
    fireEvent.keyDown(other.view.getByRole("dialog"), { key: "Escape" });

    // A button that names a quantity gets it.
    const named = await open(harness, { productId: "pro-license", quantity: 2 });
    expect((named.field("Quantity") as HTMLInputElement).value).toBe("2");
  });
});

describe("custom fields typed before", () => {
  /** Types a sprite order's three fields, closes the checkout unpaid. */
  async function typeAndClose(harness: ReturnType<typeof createHarness>) {
    const first = await open(harness, { productId: "custom-sprite" });
    type(first.field(/Discord username/), "tyop#4");
    type(first.field(/Animation frames/), "7");
    type(first.field(/Notes for the artist/), "my notes");
    fireEvent.keyDown(first.view.getByRole("dialog"), { key: "Escape" });
    await waitFor(() => expect(document.querySelector("[data-kiosk-checkout]")).toBeNull());
  }

  it("come back one by one: a field a button prefills is its, the others keep what was typed", async () => {
    const harness = createHarness();
    await typeAndClose(harness);
    const again = await open(harness, { productId: "custom-sprite", fields: { discord: "pre#1" } });
    expect(again.field(/Discord username/)).toHaveProperty("value", "pre#1");
    expect(again.field(/Animation frames/)).toHaveProperty("value", "7");
    expect(again.field(/Notes for the artist/)).toHaveProperty("value", "my notes");
  });

  it("do not come back into a field the request locks: one locked with nothing given stays editable and empty", async () => {
    const harness = createHarness();
    await typeAndClose(harness);
    const again = await open(harness, {
      productId: "custom-sprite",
      locked: ["fields.discord"],
    });
    const discord = again.field(/Discord username/) as HTMLInputElement;
    expect(discord.value).toBe("");
    expect(discord.readOnly).toBe(false);
    expect(again.field(/Notes for the artist/)).toHaveProperty("value", "my notes");
  });
});

describe("variants", () => {
  it("shows the chosen option's price beside the product's name, and follows a change", async () => {
    const harness = createHarness();
    const { root, field } = await open(harness, { productId: "cloud-sync", variantId: "founder" });
    const shown = () => root.querySelector(".line .muted")?.textContent;
    expect(shown()).toBe("$99.00");
    fireEvent.change(field("Option"), { target: { value: "yearly" } });
    await waitFor(() => expect(shown()).toBe("$39.99"));
  });
});

describe("quantity", () => {
  it("explains out-of-range input next to the field and never changes it", async () => {
    const harness = createHarness();
    const { root, view, field } = await open(harness, { productId: "team-seats" });
    const input = field("Quantity") as HTMLInputElement;
    expect(input.value).toBe("2");
    const decrease = view.getByRole("button", { name: "Decrease quantity" }) as HTMLButtonElement;
    // At its limit, yet focusable: a disabled button would drop the focus out of the dialog.
    expect(decrease.getAttribute("aria-disabled")).toBe("true");
    expect(decrease.disabled).toBe(false);

    type(input, "1");
    await waitFor(() => expect(messageOf(root, input)).toBe("The minimum is 2."));
    // Said as it comes, while the buyer types: focus stays in the field.
    expect(
      root.getElementById(input.getAttribute("aria-describedby") ?? "")?.getAttribute("role"),
    ).toBe("alert");
    expect(input.value).toBe("1");
    expect(input.getAttribute("aria-invalid")).toBe("true");

    type(input, "6");
    await waitFor(() => expect(messageOf(root, input)).toBe("The maximum is 5."));
    expect(input.value).toBe("6");

    type(input, "two");
    await waitFor(() => expect(messageOf(root, input)).toBe("Enter a whole number."));
    // Nought is below this product's least, said so: never "at least 1" beside "The minimum is 2".
    type(input, "0");
    await waitFor(() => expect(messageOf(root, input)).toBe("The minimum is 2."));
    type(input, "two");
    // No price for it, and the line it holds the place of names no quantity.
    expect(root.querySelector(".totals dt")?.textContent).toBe("Team Seats (2–5 per order)");
    for (const none of ["0", "99999999999999999999"]) {
      type(input, none);
      await waitFor(() => expect(input.getAttribute("aria-invalid")).toBe("true"));
      expect(root.querySelector(".totals dt")?.textContent).toBe("Team Seats (2–5 per order)");
    }

    type(input, "4");
    await waitFor(() => expect(input.getAttribute("aria-invalid")).toBeNull());
    fireEvent.click(view.getByRole("button", { name: "Increase quantity" }));
    await waitFor(() => expect(input.value).toBe("5"));
    const increase = view.getByRole("button", { name: "Increase quantity" }) as HTMLButtonElement;
    expect(increase.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(increase);
    expect(input.value).toBe("5");
    await waitFor(() =>
      expect(root.querySelector('[data-kiosk="total"]')?.textContent).toBe("$97.50"),
    );
  });

  it("says a stepped quantity with the total it brings, and a typed one with the total alone", async () => {
    const harness = createHarness();
    const { view, field } = await open(harness, { productId: "team-seats" });
    const input = field("Quantity") as HTMLInputElement;
    const announcer = view.getByRole("status");
    await waitFor(() => expect(announcer.textContent).toMatch(/^The total is \$/));
    // The focus stays on the button: the field's new value would go unheard.
    fireEvent.click(view.getByRole("button", { name: "Increase quantity" }));
    await waitFor(() => expect(input.value).toBe("3"));
    await waitFor(() => expect(announcer.textContent).toBe("Quantity 3. The total is $58.50."));
    // Typed, the buyer heard each key as it went in.
    type(input, "4");
    await waitFor(() => expect(announcer.textContent).toBe("The total is $78.00."));
    // Stepped, then a code: the total the code brings is said without the quantity again.
    fireEvent.click(view.getByRole("button", { name: "Increase quantity" }));
    await waitFor(() => expect(announcer.textContent).toBe("Quantity 5. The total is $97.50."));
    type(field("Coupon code") as HTMLInputElement, "WELCOME10");
    fireEvent.click(view.getByRole("button", { name: "Apply" }));
    await waitFor(() =>
      expect(announcer.textContent).toMatch(/^Code WELCOME10 accepted\. The total is \$/),
    );
  });

  it("is capped by stock", async () => {
    const harness = createHarness();
    const { root, field } = await open(harness, { productId: "custom-sprite" });
    const input = field("Quantity") as HTMLInputElement;
    type(input, "9");
    await waitFor(() => expect(messageOf(root, input)).toBe("Only 8 are left."));
  });

  it("blocks the order while out of range, without asking the server", async () => {
    const harness = createHarness();
    const { root, view, field } = await open(harness, { productId: "team-seats", quantity: 9 });
    const input = field("Quantity") as HTMLInputElement;
    expect(input.value).toBe("9");
    type(field(/Email for delivery/), "buyer@example.com");
    fireEvent.click(view.getByRole("button", { name: /^Pay/ }));
    await waitFor(() =>
      expect(view.getByText("Please check the highlighted fields.")).toBeTruthy(),
    );
    expect(messageOf(root, input)).toBe("The maximum is 5.");
    expect(requestsTo(harness, "/quote", "POST")).toHaveLength(0);
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(0);
    // Once no field is highlighted, the form no longer asks for one to be fixed.
    type(input, "5");
    await waitFor(() => expect(input.getAttribute("aria-invalid")).toBeNull());
    expect(view.queryByText("Please check the highlighted fields.")).toBeNull();
    expect(view.getByRole("button", { name: /^Pay/ }).getAttribute("aria-describedby")).toBeNull();
    // Taken back for good: a field wrong later says so itself, as one alert, not with the Pay
    // before it.
    type(field("Coupon code"), "NOPE");
    fireEvent.click(view.getByRole("button", { name: "Apply" }));
    await view.findByText("This code does not exist. Check the spelling.");
    expect(view.queryByText("Please check the highlighted fields.")).toBeNull();
    expect(view.getAllByRole("alert").map((alert) => alert.textContent)).toEqual([
      "This code does not exist. Check the spelling.",
    ]);
  });
});

describe("custom fields", () => {
  it("renders each field of its type, marks required ones, and checks them before submit", async () => {
    const harness = createHarness({ catalog: catalogWithEmailField() });
    const { root, view, field } = await open(harness, { productId: "custom-sprite" });
    const discord = field(/Discord username/) as HTMLInputElement;
    const contact = field(/Delivery email/) as HTMLInputElement;
    const frames = field(/Animation frames/) as HTMLInputElement;
    const notes = field(/Notes for the artist/);
    expect(contact.type).toBe("email");
    expect(frames.inputMode).toBe("decimal");
    expect(notes.tagName).toBe("TEXTAREA");
    expect(discord.required).toBe(true);
    expect(frames.required).toBe(false);
    expect(root.querySelector('label[for="kiosk-field-discord"]')?.textContent).toMatch(/required/);
    expect(root.querySelector('label[for="kiosk-field-frames"]')?.textContent).not.toMatch(
      /required/,
    );

    type(field(/Email for delivery/), "buyer@example.com");
    type(discord, "x".repeat(40));
    type(frames, "lots");
    fireEvent.click(view.getByRole("button", { name: /^Pay/ }));
    await waitFor(() => expect(messageOf(root, contact)).toBe("Please fill this in."));
    expect(messageOf(root, discord)).toBe("Use at most 32 characters.");
    expect(messageOf(root, frames)).toBe("Enter a number, like 12 or 3.5.");
    expect(messageOf(root, notes)).toBeUndefined();
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(0);
    // What the buyer typed is all still there.
    expect(discord.value).toBe("x".repeat(40));
    expect(frames.value).toBe("lots");
  });

  it.each(["1e3", "0x10", "12."])(
    "refuses %s in a number field before sending, as the proxy would",
    async (typed) => {
      const harness = createHarness({ catalog: catalogWithEmailField() });
      const { root, view, field } = await open(harness, { productId: "custom-sprite" });
      type(field(/Email for delivery/), "buyer@example.com");
      type(field(/Discord username/), "pixelfan");
      type(field(/Delivery email/), "art@example.com");
      const frames = field(/Animation frames/) as HTMLInputElement;
      type(frames, typed);
      fireEvent.click(view.getByRole("button", { name: /^Pay/ }));
      await waitFor(() => expect(messageOf(root, frames)).toBe("Enter a number, like 12 or 3.5."));
      expect(requestsTo(harness, "/orders", "POST")).toHaveLength(0);
    },
  );

  it("ties a field whose key has a space (SellSN's keys are their labels) to its message", async () => {
    const harness = createHarness({
      wrapPlatform: (sandbox) =>
        Object.assign(Object.create(sandbox) as typeof sandbox, {
          async getProducts(ids: readonly string[]) {
            return (await sandbox.getProducts(ids)).map((product) => ({
              ...product,
              customFields: product.customFields.map((custom) =>
                custom.key === "discord" ? { ...custom, key: "Discord Username" } : custom,
              ),
            }));
          },
        }),
    });
    const { root, view, field } = await open(harness, { productId: "custom-sprite" });
    const discord = field(/Discord username/) as HTMLInputElement;
    fireEvent.click(view.getByRole("button", { name: /^Pay/ }));
    await waitFor(() => expect(discord.getAttribute("aria-invalid")).toBe("true"));
    // `aria-describedby` is a list of ids, one per space-separated word.
    const described = discord.getAttribute("aria-describedby")?.split(/\s+/) ?? [];
    expect(described.map((id) => root.getElementById(id)?.textContent)).toEqual([
      "Please fill this in.",
    ]);
  });

  it("sends the filled fields with the order", async () => {
    const harness = createHarness({ catalog: catalogWithEmailField() });
    const { view, field } = await open(harness, { productId: "custom-sprite" });
    type(field(/Email for delivery/), "buyer@example.com");
    type(field(/Discord username/), "pixelfan");
    type(field(/Delivery email/), "art@example.com");
    type(field(/Notes for the artist/), "A blue knight");
    // Pay sends the order at the total the buyer sees, once it shows.
    fireEvent.click(await view.findByRole("button", { name: /^Pay \S/ }));
    await waitFor(() => expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1));
    const body = JSON.parse(requestsTo(harness, "/orders", "POST")[0]?.body ?? "{}");
    expect(body.fields).toEqual({
      discord: "pixelfan",
      contact: "art@example.com",
      notes: "A blue knight",
    });
    expect(body.email).toBe("buyer@example.com");
  });
});

describe("coupons", () => {
  it("applies a valid code and shows the discount and the new total", async () => {
    const harness = createHarness();
    const { root, view, field } = await open(harness, { productId: "pro-license" });
    await waitFor(() =>
      expect(root.querySelector('[data-kiosk="total"]')?.textContent).toBe("$29.99"),
    );
    type(field("Coupon code"), "WELCOME10");
    fireEvent.click(view.getByRole("button", { name: "Apply" }));
    await waitFor(() =>
      expect(root.querySelector('[data-kiosk="total"]')?.textContent).toBe("$26.99"),
    );
    expect(root.querySelector('[data-kiosk="discount"]')?.textContent).toBe("−$3.00");
    expect(view.getByText("WELCOME10 applied")).toBeTruthy();
    expect(JSON.parse(requestsTo(harness, "/quote", "POST").at(-1)?.body ?? "{}").coupon).toBe(
      "WELCOME10",
    );
  });

  it("applies a code typed but not applied when Pay is pressed, and pays only once its total shows", async () => {
    const harness = createHarness();
    const { root, view, field } = await open(harness, { productId: "pro-license" });
    const pay = () => view.getByRole("button", { name: /^Pay/ });
    type(field(/Email for delivery/), "buyer@example.com");
    await waitFor(() => expect(pay().textContent).toBe("Pay $29.99"));
    type(field("Coupon code"), "WELCOME10");
    fireEvent.click(pay());
    // Asked about, not left out of an order the buyer pays in full.
    await view.findByText("WELCOME10 applied");
    await waitFor(() => expect(pay().textContent).toBe("Pay $26.99"));
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(0);
    // Another code typed over the applied one is asked about too, not paid with the old one.
    type(field("Coupon code"), "FIVEOFF");
    fireEvent.click(pay());
    await view.findByText("FIVEOFF applied");
    await waitFor(() => expect(pay().textContent).toBe("Pay $24.99"));
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(0);
    // And a cleared one is taken off, the full price shown, before Pay pays it.
    type(field("Coupon code"), "");
    fireEvent.click(pay());
    await waitFor(() => expect(pay().textContent).toBe("Pay $29.99"));
    expect(root.querySelector('[data-kiosk="discount"]')).toBeNull();
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(0);
    fireEvent.click(pay());
    await view.findByText(/Complete the payment/);
    const [order] = requestsTo(harness, "/orders", "POST");
    expect(JSON.parse(order?.body ?? "{}").coupon).toBeUndefined();
  });

  it.each([
    ["NOSUCHCODE", "pro-license", "This code does not exist. Check the spelling."],
    ["EXPIRED", "pro-license", "This code has expired."],
    ["USEDUP", "pro-license", "This code has been used up."],
    // Its minimum is named: the buyer knows how much to add.
    [
      "BIGSPENDER",
      "pro-license",
      "This code needs an order of at least $50.00. Add more to use it.",
    ],
    ["KEYSONLY", "team-seats", "This code does not apply to this product."],
  ])("says why %s does not apply to %s", async (code, productId, message) => {
    const harness = createHarness();
    const { root, field } = await open(harness, { productId });
    const input = field("Coupon code") as HTMLInputElement;
    type(input, code);
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(messageOf(root, input)).toBe(message));
    expect(root.querySelector('[data-kiosk="discount"]')).toBeNull();
    expect(input.value).toBe(code);
    // Enter applied the code; it did not submit the order.
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(0);
  });

  it("says kiosk:quote once per answer, and keeps saying why a code was refused when it is applied again", async () => {
    const harness = createHarness();
    const totals: number[] = [];
    harness.kiosk.events.on("kiosk:quote", ({ total }) => totals.push(total.amount));
    const { root, view, field } = await open(harness, { productId: "pro-license" });
    await view.findByRole("button", { name: "Pay $29.99" });
    const input = field("Coupon code") as HTMLInputElement;
    type(input, "NOSUCHCODE");
    fireEvent.click(view.getByRole("button", { name: "Apply" }));
    const refused = "This code does not exist. Check the spelling.";
    await waitFor(() => expect(messageOf(root, input)).toBe(refused));
    // Applied again as it is: the same answer holds, and so does its message.
    fireEvent.keyDown(input, { key: "Enter" });
    fireEvent.click(view.getByRole("button", { name: "Apply" }));
    expect(messageOf(root, input)).toBe(refused);
    type(input, "WELCOME10");
    fireEvent.keyDown(input, { key: "Enter" });
    await view.findByRole("button", { name: "Pay $26.99" });
    const quotes = requestsTo(harness, "/quote", "POST");
    expect(quotes.map((quote) => JSON.parse(quote.body).coupon)).toEqual([
      undefined,
      "NOSUCHCODE",
      "WELCOME10",
    ]);
    expect(totals).toEqual([2999, 2999, 2699]);
  });

  it("says a code longer than any the proxy takes is too long, keeps it as typed, and keeps the price", async () => {
    const harness = createHarness();
    const { root, field } = await open(harness, { productId: "pro-license" });
    await waitFor(() =>
      expect(root.querySelector('[data-kiosk="total"]')?.textContent).toBe("$29.99"),
    );
    const input = field("Coupon code") as HTMLInputElement;
    const long = `WELCOME-${"X".repeat(60)}`;
    type(input, long);
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(messageOf(root, input)).toBe("Use at most 64 characters."));
    expect(input.value).toBe(long);
    expect(root.querySelector('[data-kiosk="total"]')?.textContent).toBe("$29.99");
    expect(root.querySelector('[role="alert"]#kiosk-form-error')).toBeNull();
    // Never sent: the proxy would refuse the whole quote.
    expect(requestsTo(harness, "/quote", "POST").map((quote) => quote.body)).not.toContainEqual(
      expect.stringContaining(long),
    );
  });

  it("lets a minimum-order code work once the order is big enough", async () => {
    const harness = createHarness();
    const { root, view, field } = await open(harness, { productId: "pro-license" });
    type(field("Coupon code"), "BIGSPENDER");
    fireEvent.click(view.getByRole("button", { name: "Apply" }));
    await waitFor(() =>
      expect(view.queryByText(/needs an order of at least \$50\.00/)).toBeTruthy(),
    );
    fireEvent.click(view.getByRole("button", { name: "Increase quantity" }));
    await waitFor(() => expect(view.queryByText("BIGSPENDER applied")).toBeTruthy());
    // 2 × 29.99 = 59.98, less 15 % (9.00 rounded half-up from 8.997).
    expect(root.querySelector('[data-kiosk="total"]')?.textContent).toBe("$50.98");
  });

  it("hides the coupon box when the store has no coupons", async () => {
    const harness = createHarness({ coupons: false });
    const { root, view } = await open(harness, { productId: "pro-license" });
    await waitFor(() => expect(root.querySelector('[data-kiosk="total"]')).toBeTruthy());
    expect(view.queryByLabelText("Coupon code")).toBeNull();
  });
});

describe("answers the widget cannot read", () => {
  it("become an error the buyer can retry, never a crash", async () => {
    const harness = createHarness();
    let broken = true;
    // The real proxy's answers, with the quote's total turned into text while `broken` holds.
    const kiosk = createKiosk({
      ...harness.kiosk.options,
      fetch: async (input, init) => {
        const response = await harness.fetch(input, init);
        if (!broken || !String(input).endsWith("/api/quote")) return response;
        const quote = (await response.json()) as { total: { amount: unknown } };
        quote.total.amount = String(quote.total.amount);
        return new Response(JSON.stringify(quote), { headers: response.headers });
      },
    });
    await kiosk.checkout({ productId: "pro-license" });
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    if (!root) throw new Error("no checkout mounted");
    const view = within(root as unknown as HTMLElement);
    await view.findByText(/The shop sent an answer the widget does not understand/);
    expect(root.querySelector('[data-kiosk="total"]')).toBeNull();

    broken = false;
    fireEvent.click(view.getByRole("button", { name: "Increase quantity" }));
    await waitFor(() =>
      expect(root.querySelector('[data-kiosk="total"]')?.textContent).toBe("$59.98"),
    );
  });
});

/**
 * A checkout of pro-license on a slow proxy, and a buyer who types: each quote after the first
 * waits for a pause of 100 ms, then for `release()`, which answers the ones held.
 */
async function slowQuotes() {
  const harness = createHarness();
  let held: Promise<void> = Promise.resolve();
  let release = () => {};
  const seen = { asked: 0 };
  const kiosk = createKiosk({
    ...harness.kiosk.options,
    quoteDelay: 100,
    fetch: async (input, init) => {
      if (String(input).endsWith("/api/quote") && ++seen.asked > 1) await held;
      return harness.fetch(input, init);
    },
  });
  await kiosk.checkout({ productId: "pro-license" });
  const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
  const view = within(root as unknown as HTMLElement);
  await view.findByRole("button", { name: "Pay $29.99" });
  held = new Promise((resolve) => {
    release = resolve;
  });
  return { harness, root, view, seen, release: () => release() };
}

describe("a quote on its way", () => {
  it("keeps Pay from naming the last price, for what the form said before, until it comes", async () => {
    const { root, view, seen, release } = await slowQuotes();
    type(view.getByLabelText("Quantity"), "3");
    // At once, while the pause runs, and while the answer is on its way.
    expect(view.queryByRole("button", { name: /\$/ })).toBeNull();
    await waitFor(() => expect(seen.asked).toBe(2));
    expect(view.getByRole("button", { name: "Pay" })).toBeTruthy();
    expect(root?.querySelector(".totals")?.getAttribute("aria-busy")).toBe("true");
    release();
    await view.findByRole("button", { name: "Pay $89.97" });
  });

  it("sends no order on a click while it comes, at a total the buyer never saw: the next click pays the new total", async () => {
    const { harness, root, view, seen, release } = await slowQuotes();
    type(view.getByLabelText(/Email for delivery/), "buyer@example.com");
    // Three, then at once two (typing), then Pay: the total the last quote gave (one at $29.99)
    // no longer shows as the total.
    type(view.getByLabelText("Quantity"), "3");
    type(view.getByLabelText("Quantity"), "2");
    expect(root?.querySelector('[data-kiosk="total"]')?.textContent).toBe("Updating price…");
    fireEvent.click(view.getByRole("button", { name: "Pay" }));
    await waitFor(() => expect(seen.asked).toBe(2));
    release();
    await view.findByRole("button", { name: "Pay $59.98" });
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(0);
    fireEvent.click(view.getByRole("button", { name: "Pay $59.98" }));
    await waitFor(() => expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1));
    expect(JSON.parse(requestsTo(harness, "/orders", "POST")[0]?.body ?? "{}").items).toEqual([
      { productId: "pro-license", quantity: 2 },
    ]);
  });
});

describe("an order whose answer was lost, paid again after the price moved", () => {
  it("goes under its own key again, and the proxy answers with the order it made: never a second", async () => {
    const { harness, raise, counted } = risingPrices();
    // The first order reaches the proxy, which makes it; its answer never comes back.
    let lost = false;
    const kiosk = createKiosk({
      ...harness.kiosk.options,
      fetch: async (input, init) => {
        const response = await harness.fetch(input, init);
        if (!lost && init?.method === "POST" && String(input).endsWith("/api/orders")) {
          lost = true;
          throw new TypeError("Failed to fetch");
        }
        return response;
      },
    });
    await kiosk.checkout({ productId: "pro-license" });
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    const view = within(root as unknown as HTMLElement);
    type(view.getByLabelText(/Email for delivery/), "buyer@example.com");
    fireEvent.click(await view.findByRole("button", { name: "Pay $29.99" }));
    await view.findByText(/could not be reached/);
    raise();
    // The buyer changes the quantity and back: the same order, at the total shown now.
    fireEvent.click(view.getByRole("button", { name: "Increase quantity" }));
    await view.findByRole("button", { name: "Pay $61.98" });
    fireEvent.click(view.getByRole("button", { name: "Decrease quantity" }));
    fireEvent.click(await view.findByRole("button", { name: "Pay $30.99" }));
    await waitFor(() => expect(requestsTo(harness, "/orders", "POST")).toHaveLength(2));
    const [first, second] = requestsTo(harness, "/orders", "POST");
    expect(second?.headers.get("idempotency-key")).toBe(first?.headers.get("idempotency-key"));
    await waitFor(() => expect(harness.windows.at(-1)?.location.href).toMatch(/\/sandbox\/pay\//));
    expect(counted.creates).toBe(1);
  });
});

describe("a total the connection took away", () => {
  it("is asked for again when the browser is back online, with no click", async () => {
    const harness = createHarness();
    let offline = true;
    const kiosk = createKiosk({
      ...harness.kiosk.options,
      retries: 0,
      fetch: async (input, init) => {
        if (offline && String(input).endsWith("/api/quote")) throw new TypeError("Failed to fetch");
        return harness.fetch(input, init);
      },
    });
    await kiosk.checkout({ productId: "pro-license" });
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    const view = within(root as unknown as HTMLElement);
    await view.findByText(/could not be reached/);
    expect(view.queryByRole("button", { name: "Pay $29.99" })).toBeNull();
    offline = false;
    window.dispatchEvent(new Event("online"));
    await view.findByRole("button", { name: "Pay $29.99" });
    expect(view.queryByText(/could not be reached/)).toBeNull();
  });
});

describe("several runtimes on one page (a provider each)", () => {
  it("keep one checkout open: opening one in another runtime closes the first, which says so", async () => {
    const harness = createHarness();
    const other = createKiosk({ ...harness.kiosk.options });
    const said: string[] = [];
    for (const [name, kiosk] of [
      ["first", harness.kiosk],
      ["second", other],
    ] as const) {
      kiosk.events.on("kiosk:open", () => said.push(`${name} open`));
      kiosk.events.on("kiosk:close", () => said.push(`${name} close`));
    }
    await harness.kiosk.checkout({ productId: "pro-license" });
    await other.checkout({ productId: "retro-pack" });
    const dialogs = document.querySelectorAll("[data-kiosk-checkout]");
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]?.shadowRoot?.textContent).toContain("Retro");
    expect(said).toEqual(["first open", "first close", "second open"]);
    // Each runtime's close is its own: the first has none open to close.
    harness.kiosk.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(1);
    other.close();
    await waitFor(() => expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(0));
    expect(said.at(-1)).toBe("second close");
  });
});

describe("Pay before the first total shows", () => {
  it("sends nothing: the order goes at the total the buyer sees, with the next click", async () => {
    const harness = createHarness();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const kiosk = createKiosk({
      ...harness.kiosk.options,
      fetch: async (input, init) => {
        if (String(input).endsWith("/api/quote")) await held;
        return harness.fetch(input, init);
      },
    });
    await kiosk.checkout({ productId: "pro-license" });
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    const view = within(root as unknown as HTMLElement);
    type(view.getByLabelText(/Email for delivery/), "buyer@example.com");
    fireEvent.click(view.getByRole("button", { name: "Pay" }));
    await new Promise((settled) => setTimeout(settled, 20));
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(0);
    release();
    fireEvent.click(await view.findByRole("button", { name: "Pay $29.99" }));
    await waitFor(() => expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1));
    const [order] = requestsTo(harness, "/orders", "POST");
    expect(JSON.parse(order?.body ?? "{}").total).toEqual({ amount: 2999, currency: "USD" });
  });
});

describe("a price that changes while the checkout is open", () => {
  it("is not charged at once: the buyer is told, sees the new total, and pays it with the next click", async () => {
    // The seller raises the price by a dollar once the buyer has seen the first total.
    const { harness, raise } = risingPrices();
    const { view, field } = await open(harness, { productId: "pro-license" });
    type(field(/Email for delivery/), "buyer@example.com");
    await view.findByRole("button", { name: "Pay $29.99" });
    raise();
    fireEvent.click(view.getByRole("button", { name: "Pay $29.99" }));
    await view.findByText("The price changed. Check the new total and pay again.");
    await view.findByRole("button", { name: "Pay $30.99" });
    const [refused] = requestsTo(harness, "/orders", "POST");
    expect(JSON.parse(refused?.body ?? "{}").total).toEqual({ amount: 2999, currency: "USD" });
    expect(harness.windows.every((window) => window.closed)).toBe(true);
    fireEvent.click(view.getByRole("button", { name: "Pay $30.99" }));
    await waitFor(() => expect(requestsTo(harness, "/orders", "POST")).toHaveLength(2));
    const paid = requestsTo(harness, "/orders", "POST")[1];
    expect(JSON.parse(paid?.body ?? "{}").total).toEqual({ amount: 3099, currency: "USD" });
    // The same order under the same key (only the total it shows moved): had the first made an
    // order whose answer was lost, the proxy would answer with it rather than make a second.
    expect(paid?.headers.get("idempotency-key")).toBe(refused?.headers.get("idempotency-key"));
    await waitFor(() => expect(harness.windows.at(-1)?.location.href).toMatch(/\/sandbox\/pay\//));
  });
});

describe("a quote answered after the form changed again", () => {
  it("is dropped: Pay never names a total for what the form said before", async () => {
    const { view, seen, release } = await slowQuotes();
    // Three, after a pause (so it is asked at once, and held on its way), then at once two (the
    // buyer typing: a pause before it is asked).
    await new Promise((settled) => setTimeout(settled, 150));
    type(view.getByLabelText("Quantity"), "3");
    await waitFor(() => expect(seen.asked).toBe(2));
    type(view.getByLabelText("Quantity"), "2");
    // The answer for three arrives while the pause runs.
    release();
    await new Promise((settled) => setTimeout(settled, 20));
    expect(view.queryByRole("button", { name: "Pay $89.97" })).toBeNull();
    expect(view.getByRole("button", { name: "Pay" })).toBeTruthy();
    await view.findByRole("button", { name: "Pay $59.98" });
  });

  it("is dropped when it arrives after the newer one: the total stays the one for what the form says", async () => {
    const harness = createHarness();
    let releaseThree = () => {};
    const three = new Promise<void>((resolve) => {
      releaseThree = resolve;
    });
    let threeAsked = false;
    const kiosk = createKiosk({
      ...harness.kiosk.options,
      quoteDelay: 100,
      fetch: async (input, init) => {
        // The quote for three is held on its way; every other answers at once.
        if (String(input).endsWith("/api/quote") && String(init?.body).includes('"quantity":3')) {
          threeAsked = true;
          await three;
        }
        return harness.fetch(input, init);
      },
    });
    await kiosk.checkout({ productId: "pro-license" });
    const view = within(
      document.querySelector("[data-kiosk-checkout]")?.shadowRoot as unknown as HTMLElement,
    );
    await view.findByRole("button", { name: "Pay $29.99" });
    await new Promise((settled) => setTimeout(settled, 150));
    type(view.getByLabelText("Quantity"), "3");
    await waitFor(() => expect(threeAsked).toBe(true));
    type(view.getByLabelText("Quantity"), "2");
    await view.findByRole("button", { name: "Pay $59.98" });
    // Three's answer comes last: it names a form the buyer has left.
    releaseThree();
    await new Promise((settled) => setTimeout(settled, 50));
    expect(view.queryByRole("button", { name: "Pay $89.97" })).toBeNull();
    expect(view.getByRole("button", { name: "Pay $59.98" })).toBeTruthy();
  });
});

describe("a quote that fails", () => {
  it("takes the last price away: it was for another line, and Pay would name it", async () => {
    const harness = createHarness();
    const { root, view, field } = await open(harness, { productId: "pro-license" });
    await view.findByRole("button", { name: "Pay $29.99" });
    harness.dropNext("/quote");
    type(field("Quantity"), "3");
    await view.findByText(/The shop could not be reached/);
    expect(root.querySelector('[data-kiosk="total"]')).toBeNull();
    expect(view.getByRole("button", { name: "Pay" })).toBeTruthy();
    // The next quote that comes back shows the price again.
    fireEvent.click(view.getByRole("button", { name: "Increase quantity" }));
    await view.findByRole("button", { name: "Pay $119.96" });
  });

  it("says why there is no total, even after a Pay asked for fields to be fixed", async () => {
    const harness = createHarness();
    const { view, field } = await open(harness, { productId: "pro-license" });
    await view.findByRole("button", { name: "Pay $29.99" });
    // Pay with no email: the fields to fix are said, and stay highlighted.
    fireEvent.click(view.getByRole("button", { name: /^Pay/ }));
    await view.findByText("Please check the highlighted fields.");
    harness.dropNext("/quote");
    type(field("Quantity"), "3");
    await view.findByText(/The shop could not be reached/);
    expect(view.queryByText("Please check the highlighted fields.")).toBeNull();
    expect(field(/Email for delivery/).getAttribute("aria-invalid")).toBe("true");
  });

  it("sends no order with no total shown; the code the last quote accepted is kept", async () => {
    const harness = createHarness();
    const { view, field } = await open(harness, { productId: "pro-license", coupon: "WELCOME10" });
    await view.findByText("WELCOME10 applied");
    harness.dropNext("/quote");
    type(field("Quantity"), "2");
    await view.findByText(/The shop could not be reached/);
    type(field(/Email for delivery/), "buyer@example.com");
    // The quote failed: Pay asks for the total again rather than sending an order unpriced.
    fireEvent.click(view.getByRole("button", { name: "Pay" }));
    const priced = await view.findByRole("button", { name: "Pay $53.98" });
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(0);
    fireEvent.click(priced);
    await waitFor(() => expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1));
    const sent = JSON.parse(requestsTo(harness, "/orders", "POST")[0]?.body ?? "{}");
    expect(sent).toMatchObject({ coupon: "WELCOME10", items: [{ quantity: 2 }] });
  });
});

/** A kiosk on the harness's proxy that notes each request it sends, as `METHOD /path`. */
function recordingKiosk() {
  const harness = createHarness();
  const sent: string[] = [];
  const kiosk = createKiosk({
    ...harness.kiosk.options,
    fetch: (input, init) => {
      sent.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
      return harness.fetch(input, init);
    },
  });
  return { harness, kiosk, sent };
}

describe("the first quote", () => {
  it("is sent on the click with the store's settings, not after the checkout's code, and taken over", async () => {
    const { harness, kiosk, sent } = recordingKiosk();
    const product = kiosk.products.get("pro-license");
    await waitFor(() => expect(product.peek().status).toBe("ready"));
    const opening = kiosk.checkout({ productId: "pro-license", quantity: 2 });
    // Both asked for in the click's own task, before the checkout's code has arrived.
    expect(sent.slice(1)).toEqual(["GET /api/store", "POST /api/quote"]);
    await opening;
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    await waitFor(() =>
      expect(root?.querySelector('[data-kiosk="total"]')?.textContent).toBe("$59.98"),
    );
    // The form took that answer over rather than asking again.
    expect(sent.filter((request) => request === "POST /api/quote")).toHaveLength(1);
    // JSON as text/plain: a CORS-simple request, with no preflight before it.
    const quote = requestsTo(harness, "/quote", "POST")[0];
    expect(quote?.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(JSON.parse(quote?.body ?? "{}")).toEqual({
      items: [{ productId: "pro-license", quantity: 2 }],
    });
  });

  it("is not sent for a product that cannot be bought", async () => {
    const { kiosk, sent } = recordingKiosk();
    const product = kiosk.products.get("retro-pack");
    await waitFor(() => expect(product.peek().status).toBe("ready"));
    const opening = kiosk.checkout({ productId: "retro-pack" });
    // The click's own task asks for the store's settings only: the product is sold out.
    expect(sent.slice(1)).toEqual(["GET /api/store"]);
    await opening;
    await waitFor(() => expect(document.querySelector("[data-kiosk-checkout]")).not.toBeNull());
    expect(sent).not.toContain("POST /api/quote");
  });

  it("goes at once; later changes wait only while they come quickly", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const harness = createHarness({ kiosk: { quoteDelay: 1_000 } });
      const { root, view } = await open(harness, { productId: "pro-license" });
      const total = () => root.querySelector('[data-kiosk="total"]')?.textContent;
      await vi.waitFor(() => expect(total()).toBe("$29.99"));
      const quotes = () => requestsTo(harness, "/quote", "POST").length;
      expect(quotes()).toBe(1);

      // A change right after another waits until the buyer pauses…
      fireEvent.click(view.getByRole("button", { name: "Increase quantity" }));
      fireEvent.click(view.getByRole("button", { name: "Increase quantity" }));
      await vi.advanceTimersByTimeAsync(999);
      expect(quotes()).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => expect(total()).toBe("$89.97"));
      expect(quotes()).toBe(2);

      // …and one after a pause goes at once.
      await vi.advanceTimersByTimeAsync(5_000);
      fireEvent.click(view.getByRole("button", { name: "Decrease quantity" }));
      await vi.waitFor(() => expect(total()).toBe("$59.98"));
      expect(quotes()).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
