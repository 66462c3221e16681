import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UpstreamError } from "../../src/server/platforms/upstream/upstream-error";
import { type CheckoutRequest, createKiosk } from "../../src/widget/kiosk";
import { type MountedPage, mountPage } from "../../src/widget/page";
import { elementPrefill } from "../../src/widget/prefill";
import { scriptApi } from "../../src/widget/script-api";
import { demoCatalog } from "../factories/sandbox-app";
import { apiBase, createHarness, type Harness, requestsTo } from "./harness";

/** Pages a test mounted, stopped after it. */
const pages: MountedPage[] = [];
afterEach(() => {
  for (const page of pages.splice(0)) page.stop();
  document.body.innerHTML = "";
  sessionStorage.clear();
});

/**
 * Opens the checkout as a Buy click would and, unless `quoted` is false, waits for its first
 * total: Pay sends an order only at a total the buyer has seen.
 */
async function open(harness: Harness, request: CheckoutRequest, quoted = true) {
  await harness.kiosk.checkout(request);
  const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
  if (!root) throw new Error("no checkout mounted");
  const view = within(root as unknown as HTMLElement);
  const pay = () => view.getByRole("button", { name: /^Pay|Creating your order/ });
  if (quoted) await waitFor(() => expect(pay().textContent).toMatch(/^Pay \S/));
  return { root, view, pay, field: (label: RegExp | string) => view.getByLabelText(label) };
}

const type = (element: HTMLElement, value: string) =>
  fireEvent.input(element, { target: { value } });

/** The message shown for a field: the element its `aria-describedby` names. */
function messageOf(root: ShadowRoot, input: HTMLElement): string | undefined {
  const id = input.getAttribute("aria-describedby");
  return id ? (root.getElementById(id)?.textContent ?? undefined) : undefined;
}

/** Buys a Pro License, pays in the sandbox's window and waits for the goods: the tab's saved order. */
async function buyAndPay(harness: Harness) {
  const first = await open(harness, { productId: "pro-license" });
  type(first.field(/Email for delivery/), "buyer@example.com");
  fireEvent.click(first.pay());
  await first.view.findByText(/Complete the payment/);
  harness.settle(harness.windows[0]?.location.href ?? "", "paid");
  await first.view.findByText("Thank you! Your order is complete.");
}

/** What the sprite's custom field asks of another buyer. */
const spriteFields = { discord: "someone" };

const orderKeys = (harness: Harness) =>
  requestsTo(harness, "/orders", "POST").map((request) => request.headers.get("idempotency-key"));

/**
 * Another buyer's order, placed straight through the proxy while this checkout is open: it takes
 * `quantity` of the product (`fields` for one that asks for some).
 */
async function anotherBuyerTakes(
  harness: Harness,
  productId: string,
  quantity: number,
  key: string,
  fields?: Record<string, string>,
): Promise<void> {
  const taken = await harness.fetch(`${apiBase}/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({
      items: [{ productId, quantity }],
      email: "other@example.com",
      ...(fields ? { fields } : {}),
    }),
  });
  expect(taken.status).toBe(201);
}

/** A product whose fields are keyed as the platform's free text allows. */
function harnessWithKeys() {
  return createHarness({
    // A platform's field keys are its merchant's free text.
    wrapPlatform: (sandbox) =>
      Object.assign(Object.create(sandbox) as typeof sandbox, {
        getProducts: async (ids: readonly string[]) =>
          (await sandbox.getProducts(ids)).map((product) => ({
            ...product,
            customFields: [
              { key: "constructor", label: "Server", required: false, type: "text" as const },
              { key: "toString", label: "Guild", required: true, type: "text" as const },
            ],
          })),
      }),
  });
}

describe("custom fields keyed as an object's own properties", () => {
  it("start empty, check and send as any other field", async () => {
    const harness = harnessWithKeys();
    const { view, pay, field, root } = await open(harness, { productId: "pro-license" });
    expect(field("Server")).toHaveProperty("value", "");
    expect(field(/Guild/)).toHaveProperty("value", "");
    type(field(/Email for delivery/), "buyer@example.com");
    fireEvent.click(pay());
    await waitFor(() => expect(messageOf(root, field(/Guild/))).toBe("Please fill this in."));
    type(field(/Guild/), "Forge");
    fireEvent.click(pay());
    await view.findByText(/Complete the payment/);
    const [sent] = requestsTo(harness, "/orders", "POST");
    expect(JSON.parse(sent?.body ?? "{}").fields).toEqual({ toString: "Forge" });
  });

  it("are prefilled and locked by the page's data-kiosk-field-* attribute", async () => {
    const harness = harnessWithKeys();
    const host = document.createElement("div");
    host.innerHTML = `<button data-kiosk-buy="pro-license" data-kiosk-field-toString="Forge" data-kiosk-lock="fields"></button>`;
    const { field } = await open(harness, {
      productId: "pro-license",
      ...elementPrefill(host.firstElementChild as Element),
    });
    expect(field(/Guild/)).toHaveProperty("value", "Forge");
    expect(field(/Guild/)).toHaveProperty("readOnly", true);
  });

  it("take from the page's own object only what it holds itself", async () => {
    const harness = harnessWithKeys();
    // A plain object: "constructor" is Object's function, which is no answer.
    const { field } = await open(harness, {
      productId: "pro-license",
      fields: { toString: "Forge" },
    });
    expect(field("Server")).toHaveProperty("value", "");
    expect(field(/Guild/)).toHaveProperty("value", "Forge");
  });
});

describe("a field the platform refuses when the order is made", () => {
  it("is said next to the field and stays, while the product read again shows enough left", async () => {
    const harness = createHarness({
      // The platform takes none of this buyer's Discord names, which the proxy cannot know.
      wrapPlatform: (sandbox) =>
        Object.assign(Object.create(sandbox) as typeof sandbox, {
          async createOrder() {
            throw new UpstreamError("rejected", "the platform refused a field", {
              status: 422,
              fields: { "fields.discord": "is not accepted by the store" },
            });
          },
        }),
    });
    const { root, view, pay, field } = await open(harness, { productId: "custom-sprite" });
    type(field(/Discord username/), "pixelfan");
    type(field(/Email for delivery/), "buyer@example.com");
    fireEvent.click(pay());
    const discord = field(/Discord username/);
    await waitFor(() => expect(messageOf(root, discord)).toBe("Is not accepted by the store"));
    await view.findByText("Please check the highlighted fields.");
    // The product is read again after the refusal; its answer changes nothing of this.
    await waitFor(() =>
      expect(
        requestsTo(harness, "/products").filter((request) => request.url.search.includes("ids")),
      ).toHaveLength(2),
    );
    await new Promise((settled) => setTimeout(settled, 50));
    expect(messageOf(root, discord)).toBe("Is not accepted by the store");
    expect(view.getByText("Please check the highlighted fields.")).toBeTruthy();
    // Nothing was made, and the order the buyer sends next is another: the tab keeps no key
    // for this one (it kept one for each refused order for the tab's life).
    expect(Object.keys(JSON.parse(sessionStorage.getItem("kiosk:keys") ?? "{}"))).toEqual([]);
  });
});

describe("an answer whose payment link is no http(s) URL", () => {
  it("opens nothing and links nothing: the widget checks the link again itself", async () => {
    const harness = createHarness();
    const kiosk = createKiosk({
      ...harness.kiosk.options,
      fetch: async (input, init) => {
        const response = await harness.fetch(input, init);
        if (!String(input).endsWith("/api/orders") || response.status !== 201) return response;
        const body = { ...(await response.json()), checkoutUrl: "javascript:alert(1)" };
        return new Response(JSON.stringify(body), { status: 201, headers: response.headers });
      },
    });
    await kiosk.checkout({ productId: "pro-license" });
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot as ShadowRoot;
    const view = within(root as unknown as HTMLElement);
    type(view.getByLabelText(/Email for delivery/), "buyer@example.com");
    fireEvent.click(await view.findByRole("button", { name: /^Pay \S/ }));
    await view.findByText(/emails its invoice/);
    expect(harness.windows[0]?.closed).toBe(true);
    expect(harness.windows[0]?.location.href).toBe("about:blank");
    expect(root.querySelector("a[href^='javascript']")).toBeNull();
    expect(view.queryByRole("link", { name: "Open the payment page" })).toBeNull();
  });
});

describe("an order whose answer was lost", () => {
  it("is sent again under its key from a checkout closed and opened again: one order, not two", async () => {
    const harness = createHarness();
    const stock = async () => (await harness.platform.getProducts(["starter-account"]))[0]?.stock;
    const stockBefore = await stock();
    const first = await open(harness, { productId: "starter-account" });
    type(first.field(/Email for delivery/), "buyer@example.com");
    // The proxy makes the order; its answer never reaches the page.
    harness.loseNextAnswer("/orders");
    fireEvent.click(first.pay());
    await first.view.findByText(/The shop could not be reached/);
    fireEvent.click(first.view.getByRole("button", { name: "Close" }));
    // The buyer tries again from a new checkout, with what they typed kept.
    const again = await open(harness, { productId: "starter-account" });
    fireEvent.click(again.pay());
    await again.view.findByText(/Complete the payment/);
    const [sent, resent] = orderKeys(harness);
    expect(resent).toBe(sent);
    expect(await stock()).toBe((stockBefore ?? 0) - 1);
  });
});

describe("placing an order", () => {
  it("holds the form as it was sent while the order is being created: nothing in it can change", async () => {
    const harness = createHarness();
    // The order's request is held, so the form is seen while it is on its way.
    const { client } = harness.kiosk;
    const { http } = client;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sent: unknown[] = [];
    (client as { http: typeof http }).http = async (path, init) => {
      if (path === "orders") {
        sent.push(init?.json);
        await held;
      }
      return http(path, init);
    };
    const { view, pay, field } = await open(harness, { productId: "pro-license" });
    type(field(/Email for delivery/), "buyer@example.com");
    fireEvent.change(field("Payment method"), { target: { value: "crypto" } });
    await waitFor(() => expect(pay().textContent).toBe("Pay $29.99"));
    fireEvent.click(pay());
    await waitFor(() => expect(pay().textContent).toBe("Creating your order…"));
    // Before, the buyer could step the quantity to 3 and read "× 3" and its total while the
    // order for one was on its way, and the payment screen then asked for one.
    expect((field("Quantity") as HTMLInputElement).readOnly).toBe(true);
    expect(view.queryByRole("button", { name: "Increase quantity" })).toBeNull();
    expect((field(/Email for delivery/) as HTMLInputElement).readOnly).toBe(true);
    expect((field(/Coupon/) as HTMLInputElement).readOnly).toBe(true);
    expect(view.queryByRole("button", { name: "Apply" })).toBeNull();
    // A <select> cannot be read-only: the payment method the order was sent with is shown as text.
    expect(sent).toMatchObject([{ paymentMethod: "crypto" }]);
    const method = field("Payment method") as HTMLInputElement;
    expect(method.readOnly).toBe(true);
    expect(method.value).toBe("Crypto");
    expect(view.queryByRole("combobox")).toBeNull();
    release();
    await view.findByText(/Complete the payment in the new window/);
  });

  it("opens the payment page, follows the order and shows the delivered key", async () => {
    const harness = createHarness();
    const { view, pay, field } = await open(harness, { productId: "pro-license" });
    // Each quote the checkout asks for from here, counted as it is asked.
    const { client } = harness.kiosk;
    const { http } = client;
    const quotes: unknown[] = [];
    (client as { http: typeof http }).http = (path, init) => {
      if (path === "quote") quotes.push(init?.body);
      return http(path, init);
    };
    const shown = harness.kiosk.products.get("pro-license").value;
    type(field(/Email for delivery/), "buyer@example.com");
    await waitFor(() => expect(pay().textContent).toBe("Pay $29.99"));
    fireEvent.click(pay());

    await view.findByText(/Complete the payment in the new window/);
    const [payment] = harness.windows;
    expect(harness.windows).toHaveLength(1);
    expect(payment?.location.href).toMatch(/\/sandbox\/pay\/[^?]+\?token=/);
    const link = view.getByRole("link", { name: "Open the payment page" });
    expect(link.getAttribute("href")).toBe(payment?.location.href);
    expect(link.getAttribute("rel")).toBe("noopener");
    expect(view.getByText("Order status: awaiting payment")).toBeTruthy();
    // What to pay, while paying elsewhere: the order's total, as the payment page has it.
    const waiting = view.getByText("Total").closest("dl");
    expect([...(waiting?.querySelectorAll("dt,dd") ?? [])].map((cell) => cell.textContent)).toEqual(
      ["Total", "$29.99"],
    );

    harness.settle(payment?.location.href ?? "", "paid");
    await view.findByText("Thank you! Your order is complete.");
    // What the buyer quotes to the shop, what was bought and what it came to.
    const orderId = /\/sandbox\/pay\/([^?]+)/.exec(payment?.location.href ?? "")?.[1];
    expect(view.getByText(`Order number: ${orderId}`)).toBeTruthy();
    const summary = [...(view.getByText("Total").closest("dl")?.querySelectorAll("dt,dd") ?? [])];
    expect(summary.map((cell) => cell.textContent)).toEqual([
      "Forge Studio Pro — License Key",
      "× 1",
      "Total",
      "$29.99",
    ]);
    const key = view.getByText(/^FORGE-[0-9A-F]{4}-/);
    expect(key.tagName).toBe("CODE");
    expect(view.getByText("Activate it under Help → Enter license key.")).toBeTruthy();
    // The product read again once delivered (for the page's cards) asks no price of a form that
    // is gone.
    await waitFor(() => expect(harness.kiosk.products.get("pro-license").value).not.toBe(shown));
    expect(quotes).toEqual([]);

    // The order was read with its bearer token.
    const reads = harness.requests.filter((r) => r.url.pathname.startsWith("/api/orders/"));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => /^Bearer \S+$/.test(r.headers.get("authorization") ?? ""))).toBe(
      true,
    );

    // The checkout's one polite live region says the order is complete, then each copy: a
    // focused button's new name is not read out.
    const announcer = view.getByRole("status");
    expect(announcer.textContent).toBe("Your order is complete.");
    // Each Copy button is described by what it copies, so several are told apart by ear.
    expect(view.getByRole("button", { name: "Copy", description: key.textContent ?? "" })).toBe(
      view.getByRole("button", { name: "Copy" }),
    );
    fireEvent.click(view.getByRole("button", { name: "Copy" }));
    const copied = await view.findByRole("button", { name: "Copied" });
    expect(await navigator.clipboard.readText()).toBe(key.textContent);
    expect(announcer.textContent?.replace(/\u200b/g, "")).toBe("Copied");
    // Copied again, it is said again: the region's text changes, the words do not.
    const once = announcer.textContent;
    fireEvent.click(copied);
    await waitFor(() => expect(announcer.textContent).not.toBe(once));
    expect(announcer.textContent?.replace(/\u200b/g, "")).toBe("Copied");
    // Where the page may not write to the clipboard, the buyer is told to copy it by hand.
    const refused = vi
      .spyOn(navigator.clipboard, "writeText")
      .mockRejectedValueOnce(new DOMException("Write permission denied.", "NotAllowedError"));
    fireEvent.click(copied);
    await waitFor(() =>
      expect(announcer.textContent).toBe("Could not copy. Select it and copy it yourself."),
    );
    expect(refused).toHaveBeenCalledWith(key.textContent);
    refused.mockRestore();
  });

  it("once bought, starts the next checkout with the buyer's email, and that product's afresh", async () => {
    const harness = createHarness();
    // Typed, closed, and opened again: the form as the buyer left it.
    const first = await open(harness, { productId: "team-seats" });
    type(first.field("Quantity"), "3");
    fireEvent.keyDown(first.view.getByRole("dialog"), { key: "Escape" });
    await waitFor(() => expect(document.querySelector("[data-kiosk-checkout]")).toBeNull());
    const again = await open(harness, { productId: "team-seats" });
    expect((again.field("Quantity") as HTMLInputElement).value).toBe("3");
    // The email typed only in the checkout that buys.
    type(again.field(/Email for delivery/), "buyer@example.com");
    await waitFor(() => expect(again.pay().textContent).toBe("Pay $58.50"));
    fireEvent.click(again.pay());
    await again.view.findByText(/Complete the payment/);
    harness.settle(harness.windows[0]?.location.href ?? "", "paid");
    await again.view.findByText("Thank you! Your order is complete.");
    fireEvent.keyDown(again.view.getByRole("dialog"), { key: "Escape" });
    await waitFor(() => expect(document.querySelector("[data-kiosk-checkout]")).toBeNull());

    // Another product: the email the buyer bought with.
    const other = await open(harness, { productId: "pro-license" });
    expect((other.field(/Email for delivery/) as HTMLInputElement).value).toBe("buyer@example.com");
    fireEvent.keyDown(other.view.getByRole("dialog"), { key: "Escape" });
    await waitFor(() => expect(document.querySelector("[data-kiosk-checkout]")).toBeNull());
    // The product bought: its email, and its least quantity (2), not the purchase's that is done.
    const next = await open(harness, { productId: "team-seats" });
    expect((next.field(/Email for delivery/) as HTMLInputElement).value).toBe("buyer@example.com");
    expect((next.field("Quantity") as HTMLInputElement).value).toBe("2");
  });

  it("without a payment link says where to pay, follows the order and shows the goods", async () => {
    const links: string[] = [];
    const harness = createHarness({
      // A platform that makes the order but gives no payment link (it emails an invoice).
      wrapPlatform: (sandbox) =>
        Object.assign(Object.create(sandbox) as typeof sandbox, {
          async createOrder(input: Parameters<typeof sandbox.createOrder>[0]) {
            const { checkoutUrl, ...order } = await sandbox.createOrder(input);
            if (checkoutUrl) links.push(checkoutUrl);
            return order;
          },
        }),
    });
    const { root, view, pay, field } = await open(harness, { productId: "pro-license" });
    type(field(/Email for delivery/), "buyer@example.com");
    await waitFor(() => expect(pay().textContent).toBe("Pay $29.99"));
    fireEvent.click(pay());

    await view.findByText(/emails its invoice to buyer@example\.com: pay there/);
    // A step with no control of its own keeps the focus in the dialog, on Close.
    await waitFor(() =>
      expect(root.activeElement).toBe(view.getByRole("button", { name: "Close" })),
    );
    expect(view.getByText("Total").nextElementSibling?.textContent).toBe("$29.99");
    expect(view.queryByRole("link", { name: "Open the payment page" })).toBeNull();
    expect(harness.windows[0]?.closed).toBe(true);
    expect(harness.windows[0]?.location.href).toBe("about:blank");
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1);

    // A reload of the tab (its storage as the page left it) says again where the invoice went.
    const saved = sessionStorage.getItem("kiosk:order") ?? "";
    harness.kiosk.stop();
    document.body.innerHTML = "";
    // The dialog taken away puts its order aside; a page unloaded would not have.
    await waitFor(() => expect(sessionStorage.getItem("kiosk:order")).not.toBe(saved));
    sessionStorage.setItem("kiosk:order", saved);
    const page = mountPage({ ...harness.kiosk.options, root: document.body });
    pages.push(page);
    page.kiosk.restore();
    const again = await waitFor(() => {
      const shown = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
      if (!shown) throw new Error("not shown yet");
      return within(shown as unknown as HTMLElement);
    });
    await again.findByText(/emails its invoice to buyer@example\.com: pay there/);

    harness.settle(links[0] ?? "", "paid");
    await again.findByText("Thank you! Your order is complete.");
    expect(again.getByText(/^FORGE-[0-9A-F]{4}-/).tagName).toBe("CODE");
  });

  it("with nothing to pay (a coupon took the whole total), offers it free, opens no window and shows the goods", async () => {
    const harness = createHarness();
    const { view, field } = await open(harness, { productId: "cloud-sync", variantId: "monthly" });
    const submit = () => view.getByRole("button", { name: /^Pay|^Get it free$|Creating/ });
    type(field(/Email for delivery/), "buyer@example.com");
    await waitFor(() => expect(submit().textContent).toBe("Pay $4.99"));
    type(field("Coupon code"), "FIVEOFF");
    fireEvent.click(view.getByRole("button", { name: "Apply" }));
    await view.findByText("FIVEOFF applied");
    await waitFor(() => expect(submit().textContent).toBe("Get it free"));
    // Every text the checkout shows from the click on, to find any word of paying in it.
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    const shown: string[] = [];
    const watch = new MutationObserver(() => shown.push(root?.textContent ?? ""));
    if (root) watch.observe(root, { childList: true, subtree: true, characterData: true });
    fireEvent.click(submit());
    await view.findByText("Thank you! Your order is complete.");
    watch.disconnect();
    expect(harness.windows).toEqual([]);
    expect(
      shown.filter((text) =>
        /Complete the payment|Waiting for payment|payment page|invoice/.test(text),
      ),
    ).toEqual([]);
    expect(view.getByText("Total").nextElementSibling?.textContent).toBe("$0.00");
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1);
  });

  it("sends one idempotency key per attempt: a double click makes one request", async () => {
    const harness = createHarness();
    const { pay, field, view } = await open(harness, { productId: "pro-license" });
    type(field(/Email for delivery/), "buyer@example.com");
    const button = pay() as HTMLButtonElement;
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(button.getAttribute("aria-busy")).toBe("true"));
    // Busy, and keeping the focus of a buyer who pressed it.
    expect(button.getAttribute("aria-disabled")).toBe("true");
    await view.findByText(/Complete the payment/);
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1);
    expect(orderKeys(harness)[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it("keeps the key for a retry of the same order and makes a new one for a changed order", async () => {
    const harness = createHarness();
    const { pay, field, view } = await open(harness, { productId: "pro-license" });
    const email = field(/Email for delivery/) as HTMLInputElement;
    type(email, "buyer@example.com");
    harness.dropNext("/orders", 2);

    fireEvent.click(pay());
    const alert = await view.findByText(/could not be reached/);
    expect(alert.getAttribute("role")).toBe("alert");
    // Nothing the buyer typed is lost.
    expect(email.value).toBe("buyer@example.com");
    expect(harness.windows[0]?.closed).toBe(true);

    fireEvent.click(pay());
    await waitFor(() => expect(orderKeys(harness)).toHaveLength(2));
    await view.findByText(/could not be reached/);
    expect(orderKeys(harness)[1]).toBe(orderKeys(harness)[0]);

    type(email, "other@example.com");
    fireEvent.click(pay());
    await view.findByText(/Complete the payment/);
    const keys = orderKeys(harness);
    expect(keys).toHaveLength(3);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("shows the server's field problems next to the fields", async () => {
    const harness = createHarness();
    const { root, pay, field, view } = await open(harness, { productId: "starter-account" });
    type(field(/Email for delivery/), "buyer@example.com");
    await waitFor(() => expect(pay().textContent).toBe("Pay $12.00"));
    // Another buyer takes the last units after this checkout loaded its product: only the
    // proxy can know.
    await anotherBuyerTakes(harness, "starter-account", 3, "other-buyer-0001");
    fireEvent.click(pay());
    await view.findByText("Please check the highlighted fields.");
    const quantity = field("Quantity") as HTMLInputElement;
    await waitFor(() => expect(quantity.getAttribute("aria-invalid")).toBe("true"));
    const message = root.getElementById(quantity.getAttribute("aria-describedby") ?? "");
    expect(message?.textContent).toBe("This product is sold out.");
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(2);
    expect(field(/Email for delivery/)).toHaveProperty("value", "buyer@example.com");

    // Editing the field clears the server's message until the next answer, and the form's.
    type(quantity, "2");
    await waitFor(() => expect(quantity.getAttribute("aria-invalid")).toBeNull());
    expect(view.queryByText("Please check the highlighted fields.")).toBeNull();
  });

  it("says a refunded order's payment goes back, not that nothing was charged", async () => {
    const harness = createHarness({
      // The platform takes the payment back (the seller refunded it): the order ends refunded.
      wrapPlatform: (sandbox) =>
        Object.assign(Object.create(sandbox) as typeof sandbox, {
          async getOrder(id: string) {
            const order = await sandbox.getOrder(id);
            return order?.status === "failed" ? { ...order, status: "refunded" } : order;
          },
        }),
    });
    const { pay, field, view } = await open(harness, { productId: "team-seats", quantity: 3 });
    type(field(/Email for delivery/), "buyer@example.com");
    await waitFor(() => expect(pay().textContent).toBe("Pay $58.50"));
    fireEvent.click(pay());
    await view.findByText(/Complete the payment/);
    harness.settle(harness.windows[0]?.location.href ?? "", "failed");
    const alert = await view.findByRole("alert");
    await waitFor(() =>
      expect(alert.textContent).toBe(
        "The order is refunded: its payment goes back to you. You can try again.",
      ),
    );
  });

  it("explains a failed payment and lets the buyer try again with everything kept", async () => {
    const harness = createHarness();
    const { pay, field, view } = await open(harness, { productId: "team-seats", quantity: 3 });
    type(field(/Email for delivery/), "buyer@example.com");
    await waitFor(() => expect(pay().textContent).toBe("Pay $58.50"));
    fireEvent.click(pay());
    await view.findByText(/Complete the payment/);
    harness.settle(harness.windows[0]?.location.href ?? "", "failed");

    const failure = await view.findByText(/The order is not paid/);
    expect(failure.textContent).toMatch(/try again/);
    // The sentence alone is said aloud, not the button's name after it.
    const alert = view.getByRole("alert");
    expect(alert).toBe(failure);
    expect(alert.textContent).not.toMatch(/Try again$/);
    fireEvent.click(view.getByRole("button", { name: "Try again" }));

    const email = (await view.findByLabelText(/Email for delivery/)) as HTMLInputElement;
    expect(email.value).toBe("buyer@example.com");
    expect((view.getByLabelText("Quantity") as HTMLInputElement).value).toBe("3");
    fireEvent.click(pay());
    await view.findByText(/Complete the payment/);
    // The same order body again is a new attempt, so it gets a new key.
    const keys = orderKeys(harness);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it("shows a delivered sentence in the text's own font, its link one to open", async () => {
    const harness = createHarness();
    const { pay, field, view } = await open(harness, { productId: "setup-call" });
    type(field(/Email for delivery/), "buyer@example.com");
    await waitFor(() => expect(pay().textContent).toMatch(/^Pay \$/));
    fireEvent.click(pay());
    await view.findByText(/Complete the payment/);
    harness.settle(harness.windows[0]?.location.href ?? "", "paid");
    const link = await view.findByRole("link", { name: "https://example.com/forge/book" });
    expect(link.getAttribute("href")).toBe("https://example.com/forge/book");
    expect(link.getAttribute("rel")).toBe("noopener");
    const sentence = link.parentElement;
    expect(sentence?.tagName).toBe("SPAN");
    expect(sentence?.textContent).toBe(
      "Book your slot at https://example.com/forge/book and give your order number.",
    );
  });

  it("offers a link when the payment window was blocked", async () => {
    const harness = createHarness({ kiosk: { openWindow: () => null } });
    const { pay, field, view } = await open(harness, { productId: "setup-call" });
    type(field(/Email for delivery/), "buyer@example.com");
    fireEvent.click(pay());
    const link = await view.findByRole("link", { name: "Open the payment page" });
    expect(link.getAttribute("href")).toMatch(/\/sandbox\/pay\//);
    expect(link.className).toMatch(/primary/);
  });
});

describe("a product that sells out between the card and the submit", () => {
  it("keeps what the buyer typed, says so beside a refused Pay, and shows the product sold out on the page", async () => {
    const catalog = demoCatalog();
    const sprite = catalog.products.find((product) => product.id === "custom-sprite");
    if (!sprite) throw new Error("the demo catalog has no custom-sprite product");
    sprite.stock = 1;
    // How each read of the product asked the browser's cache.
    const reads: Array<RequestCache | undefined> = [];
    let proxy: typeof fetch = fetch;
    const harness = createHarness({
      catalog,
      kiosk: {
        fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
          if (String(input).endsWith("/products?ids=custom-sprite")) reads.push(init?.cache);
          return proxy(input, init);
        }) as typeof fetch,
      },
    });
    proxy = harness.fetch;
    const { root, pay, field } = await open(harness, { productId: "custom-sprite" });
    type(field(/Discord username/), "pixelfan");
    type(field(/Email for delivery/), "buyer@example.com");
    await waitFor(() => expect(pay().textContent).toBe("Pay $35.00"));
    // Another buyer takes the last one.
    await anotherBuyerTakes(harness, "custom-sprite", 1, "another-buyer-1", spriteFields);
    fireEvent.click(pay());
    // Read again, the product is sold out in the open dialog too: no price to pay, Pay refused
    // (still focusable), and why beside it.
    await waitFor(() => expect(messageOf(root, pay())).toBe("This product is sold out."));
    expect(pay().getAttribute("aria-disabled")).toBe("true");
    expect(pay().textContent).toBe("Pay");
    expect(root.querySelector('[data-kiosk="total"]')).toBeNull();
    fireEvent.click(pay());
    await Promise.resolve();
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(2);
    // The step down at its limit (focusable, so aria-disabled) changes nothing, the message neither.
    fireEvent.click(within(root as unknown as HTMLElement).getByLabelText("Decrease quantity"));
    expect(messageOf(root, pay())).toBe("This product is sold out.");
    expect((field(/Discord username/) as HTMLInputElement).value).toBe("pixelfan");
    expect((field(/Email for delivery/) as HTMLInputElement).value).toBe("buyer@example.com");
    // The page's cards and Buy buttons learn it too: not another checkout for the same refusal.
    await waitFor(() =>
      expect(harness.kiosk.products.get("custom-sprite").value).toMatchObject({
        status: "ready",
        product: { available: false, stock: 0 },
      }),
    );
    // Read again past the browser's cache, which may hold the product's answer for 15 s.
    expect(reads.at(-1)).toBe("no-cache");
  });

  it("shows what is left at its new price: the quantity lowered to it with a note, a fresh total, the rest as typed", async () => {
    let raised = false;
    const harness = createHarness({
      // The seller raises the price while this checkout is open.
      wrapPlatform: (sandbox) =>
        Object.assign(Object.create(sandbox) as typeof sandbox, {
          async getProducts(ids: readonly string[]) {
            return (await sandbox.getProducts(ids)).map((product) =>
              raised ? { ...product, price: { ...product.price, amount: 4000 } } : product,
            );
          },
        }),
    });
    const { root, view, pay, field } = await open(harness, {
      productId: "custom-sprite",
      quantity: 6,
    });
    type(field(/Discord username/), "pixelfan");
    type(field(/Email for delivery/), "buyer@example.com");
    type(field("Coupon code"), "NOSUCHCODE");
    fireEvent.click(view.getByRole("button", { name: "Apply" }));
    await view.findByText(/This code does not exist/);
    await waitFor(() => expect(pay().textContent).toBe("Pay $210.00"));
    raised = true;
    // Another buyer takes 5 of the 8: 3 are left.
    await anotherBuyerTakes(harness, "custom-sprite", 5, "another-buyer-2", spriteFields);
    fireEvent.click(pay());
    const quantity = field("Quantity") as HTMLInputElement;
    await waitFor(() => expect(quantity.value).toBe("3"));
    expect(messageOf(root, quantity)).toBe("Only 3 are left.");
    expect(quantity.getAttribute("aria-invalid")).toBeNull();
    await waitFor(() => expect(pay().textContent).toBe("Pay $120.00"));
    expect(root.querySelector('[data-kiosk="total"]')?.textContent).toBe("$120.00");
    expect(view.getByText("$40.00")).toBeTruthy();
    expect(pay().getAttribute("aria-disabled")).not.toBe("true");
    expect(root.querySelector("#kiosk-form-error")).toBeNull();
    expect((field(/Discord username/) as HTMLInputElement).value).toBe("pixelfan");
    expect((field(/Email for delivery/) as HTMLInputElement).value).toBe("buyer@example.com");
    expect((field("Coupon code") as HTMLInputElement).value).toBe("NOSUCHCODE");
    // The note goes once the buyer picks a quantity again.
    fireEvent.click(view.getByRole("button", { name: "Decrease quantity" }));
    await waitFor(() => expect(messageOf(root, quantity)).toBeUndefined());
    await waitFor(() => expect(pay().textContent).toBe("Pay $80.00"));

    // Fewer again, then none: the note says what is left now, and goes once nothing is.
    await anotherBuyerTakes(harness, "custom-sprite", 2, "another-buyer-3", spriteFields);
    fireEvent.click(pay());
    // The note is text its signal writes at once, the field's value comes with the next render:
    // both are waited for.
    await waitFor(() => {
      expect(messageOf(root, quantity)).toBe("Only 1 is left.");
      expect(quantity.value).toBe("1");
    });
    await anotherBuyerTakes(harness, "custom-sprite", 1, "another-buyer-4", spriteFields);
    fireEvent.click(pay());
    await waitFor(() => expect(messageOf(root, pay())).toBe("This product is sold out."));
    expect(messageOf(root, quantity)).toBeUndefined();
  });
});

describe("closing the checkout", () => {
  it("with its Close button once the goods are shown, forgets the order: a reload shows it no more", async () => {
    const harness = createHarness();
    const { view, pay, field } = await open(harness, { productId: "pro-license" });
    type(field(/Email for delivery/), "buyer@example.com");
    fireEvent.click(pay());
    await view.findByText(/Complete the payment/);
    harness.settle(harness.windows[0]?.location.href ?? "", "paid");
    await view.findByText("Thank you! Your order is complete.");
    expect(sessionStorage.getItem("kiosk:order")).not.toBeNull();
    fireEvent.click(view.getByRole("button", { name: "Close" }));
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
    expect(sessionStorage.getItem("kiosk:order")).toBeNull();
  });

  it("asked for twice before it shows (a double click) opens once; closed first, not at all", async () => {
    const harness = createHarness();
    const said: string[] = [];
    for (const name of ["kiosk:open", "kiosk:close"] as const) {
      harness.kiosk.events.on(name, () => said.push(name));
    }
    await Promise.all([
      harness.kiosk.checkout({ productId: "pro-license" }),
      harness.kiosk.checkout({ productId: "pro-license" }),
    ]);
    expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(1);
    expect(said).toEqual(["kiosk:open"]);
    harness.kiosk.close();
    await waitFor(() => expect(said).toEqual(["kiosk:open", "kiosk:close"]));

    // `Kiosk.close()` or `Kiosk.destroy()` while its product and code were on their way.
    said.length = 0;
    const opening = harness.kiosk.checkout({ productId: "team-seats" });
    harness.kiosk.close();
    await opening;
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
    expect(said).toEqual([]);
  });

  it("left with the browser's Back while its code or its product is on its way, does not show", async () => {
    const harness = createHarness();
    const said: string[] = [];
    harness.kiosk.events.on("kiosk:open", () => said.push("kiosk:open"));
    // The page's first click: the checkout's code and the product are still coming.
    const opening = harness.kiosk.checkout({ productId: "setup-call" });
    // The buyer changed their mind: Back, to the single-page app's previous page.
    window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
    await opening;
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
    expect(said).toEqual([]);
    // The next Buy opens as ever.
    await harness.kiosk.checkout({ productId: "setup-call" });
    expect(said).toEqual(["kiosk:open"]);
  });

  it("after a reload, forgets a saved order the proxy no longer knows, and opens nothing", async () => {
    const harness = createHarness();
    // What a tab kept of an unpaid order before the proxy restarted with its store in memory.
    const order = {
      id: "sbx_ord_before_restart",
      token: "a-token-the-proxy-never-issued",
      status: "awaiting_payment",
      total: { amount: 2999, currency: "USD" },
    };
    sessionStorage.setItem(
      "kiosk:order",
      JSON.stringify({ productId: "pro-license", order, said: [] }),
    );
    harness.kiosk.restore();
    await waitFor(() => expect(sessionStorage.getItem("kiosk:order")).toBeNull());
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
    expect(requestsTo(harness, `/orders/${order.id}`)).toHaveLength(1);
  });

  it("after an unpaid order and Try again, leaves that order for no reload to show", async () => {
    const harness = createHarness();
    const { pay, field, view } = await open(harness, { productId: "setup-call" });
    type(field(/Email for delivery/), "buyer@example.com");
    fireEvent.click(pay());
    await view.findByText(/Complete the payment/);
    expect(sessionStorage.getItem("kiosk:order")).not.toBeNull();
    harness.settle(harness.windows[0]?.location.href ?? "", "failed");
    fireEvent.click(await view.findByRole("button", { name: "Try again" }));
    await view.findByLabelText(/Email for delivery/);
    // A reload shows the tab's saved order by itself; the buyer has moved on from this one.
    expect(sessionStorage.getItem("kiosk:order")).toBeNull();
  });

  it("after a reload, shows the saved order on no page destroyed before it is shown, while it is read or before", async () => {
    const harness = createHarness();
    await buyAndPay(harness);
    const { id } = JSON.parse(sessionStorage.getItem("kiosk:order") ?? "{}").order;
    // A page load of the same tab, as `embed.js` mounts it; `read` settles once the saved order's
    // read is answered. `leave`: the single-page app leaves the shop's route (`destroy()`) at
    // once, or as the saved order is read.
    const reload = (leave?: "at once" | "as it is read") => {
      const asked: string[] = [];
      let answer: (response: unknown) => void = () => {};
      const read = new Promise((resolve) => {
        answer = resolve;
      });
      const page = mountPage({
        ...harness.kiosk.options,
        root: document.body,
        fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
          const { pathname } = new URL(new Request(input).url);
          asked.push(pathname);
          const response = harness.fetch(input, init);
          if (pathname.endsWith(`/orders/${id}`)) {
            if (leave === "as it is read") api.destroy();
            void response.then(answer, answer);
          }
          return response;
        }) as typeof fetch,
      });
      pages.push(page);
      const api = scriptApi(page);
      const opened: unknown[] = [];
      page.kiosk.events.on("kiosk:open", (detail) => opened.push(detail));
      page.kiosk.restore();
      if (leave === "at once") api.destroy();
      return { asked, opened, read };
    };
    document.body.innerHTML = "";
    const before = reload("at once");
    const during = reload("as it is read");
    await during.read;
    // A page left alone shows it (its `kiosk:open` comes after the others' would have).
    const kept = reload();
    await waitFor(() => expect(kept.opened).toHaveLength(1));
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    await within(root as unknown as HTMLElement).findByText("Thank you! Your order is complete.");
    expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(1);
    // Left at once, the page did not even read the saved order; left as it was read, it read
    // nothing more.
    expect(before.asked).toEqual([]);
    expect(before.opened).toEqual([]);
    expect(during.asked).toEqual([`/api/orders/${id}`]);
    expect(during.opened).toEqual([]);
  });

  it("shown again after a reload, gives the focus on close to its product's Buy control, not to the top of the page", async () => {
    const harness = createHarness();
    await buyAndPay(harness);
    const saved = sessionStorage.getItem("kiosk:order") ?? "";
    harness.kiosk.stop();
    // A page load of the same tab: a card of another product, then one of the order's, or the
    // merchant's own Buy button for it; nothing has the focus.
    const reload = async (markup: string) => {
      for (const page of pages.splice(0)) page.stop();
      document.body.innerHTML = markup;
      const page = mountPage({ ...harness.kiosk.options, root: document.body });
      pages.push(page);
      page.kiosk.restore();
      const root = await waitFor(() => {
        const shown = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
        if (!shown) throw new Error("not shown yet");
        return shown;
      });
      const view = within(root as unknown as HTMLElement);
      await view.findByText("Thank you! Your order is complete.");
      // The page's cards are drawn (in turn, a few a task) before the buyer closes it.
      await waitFor(() => {
        for (const host of document.querySelectorAll("[data-kiosk-product]")) {
          expect(host.shadowRoot?.querySelector(".buy")).not.toBeNull();
        }
      });
      fireEvent.keyDown(root.querySelector("dialog") as HTMLDialogElement, { key: "Escape" });
      expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
    };
    const card = (id: string) => `<div data-kiosk-product="${id}"></div>`;
    await reload(`${card("team-seats")}${card("pro-license")}`);
    const host = document.querySelectorAll("[data-kiosk-product]")[1] as HTMLElement;
    expect(document.activeElement).toBe(host);
    const button = host.shadowRoot?.activeElement as HTMLElement;
    expect(button.textContent).toBe("Buy");
    expect(button.getAttribute("aria-describedby")).toBe("kiosk-pro-license-name");

    // Closed once delivered, it is forgotten: the tab's saved order is put back for the next.
    sessionStorage.setItem("kiosk:order", saved);
    await reload(`<button data-kiosk-buy="pro-license">Get it</button>`);
    // The button itself (the page's body holds the same text).
    expect(document.activeElement).toBe(document.querySelector("[data-kiosk-buy]"));
  });

  it("after a reload, leaves closed an order the buyer closed unpaid, and shows it once paid", async () => {
    const harness = createHarness();
    const first = await open(harness, { productId: "pro-license" });
    type(first.field(/Email for delivery/), "buyer@example.com");
    fireEvent.click(first.pay());
    await first.view.findByText(/Complete the payment/);
    const { id } = JSON.parse(sessionStorage.getItem("kiosk:order") ?? "{}").order;
    fireEvent.keyDown(first.root.querySelector("dialog") as HTMLDialogElement, { key: "Escape" });
    // The page is left: its runtime no longer shows the order's goods by itself once paid.
    harness.kiosk.stop();
    // A page load of the same tab: the same proxy and storage, a new page runtime, which reads
    // the saved order before it decides; `answered` settles once that read is answered.
    const reload = () => {
      let answer: (response: unknown) => void = () => {};
      const answered = new Promise((resolve) => {
        answer = resolve;
      });
      const kiosk = createKiosk({
        apiBase,
        fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
          const response = harness.fetch(input, init);
          if (new Request(input).url.includes(`/orders/${id}`)) void response.then(answer, answer);
          return response;
        }) as typeof fetch,
        retries: 0,
        pollInterval: 10,
        EventSource: null,
      });
      const opened: unknown[] = [];
      kiosk.events.on("kiosk:open", (detail) => opened.push(detail));
      kiosk.restore();
      return { opened, answered };
    };
    const unpaid = reload();
    await unpaid.answered;
    // Showing it would start with the product's request and `kiosk:open`; neither comes.
    await new Promise((settled) => setTimeout(settled, 100));
    expect(unpaid.opened).toEqual([]);
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
    expect(sessionStorage.getItem("kiosk:order")).not.toBeNull();

    harness.settle(harness.windows[0]?.location.href ?? "", "paid");
    const paid = reload();
    await waitFor(() => expect(paid.opened).toHaveLength(1));
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    await within(root as unknown as HTMLElement).findByText("Thank you! Your order is complete.");
    expect(unpaid.opened).toEqual([]);
  });

  it("on a page that opens its own checkout at once (the hosted buy page), a reload shows one dialog: the saved order of its product, else its own form", async () => {
    const harness = createHarness();
    await buyAndPay(harness);
    // A reload: a new runtime opens the page's checkout and restores, as `embed.js` does.
    const reload = async (productId: string, shown: string) => {
      document.body.innerHTML = "";
      const kiosk = createKiosk({
        apiBase,
        fetch: harness.fetch,
        retries: 0,
        pollInterval: 10,
        EventSource: null,
      });
      const said: string[] = [];
      for (const name of ["kiosk:open", "kiosk:close"] as const) {
        kiosk.events.on(name, () => said.push(name));
      }
      const opening = kiosk.checkout({ productId });
      kiosk.restore();
      await opening;
      await waitFor(() =>
        expect(document.querySelector("[data-kiosk-checkout]")?.shadowRoot?.textContent).toContain(
          shown,
        ),
      );
      // Whatever else the restore has in flight has settled.
      await new Promise((settled) => setTimeout(settled, 50));
      expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(1);
      return said;
    };
    expect(await reload("pro-license", "Thank you! Your order is complete.")).toEqual([
      "kiosk:open",
    ]);
    // A buy link for another product in the same tab: that product's checkout, the order kept.
    expect(await reload("team-seats", "Team Seats")).toEqual(["kiosk:open"]);
    expect(document.querySelector("[data-kiosk-checkout]")?.shadowRoot?.textContent).not.toContain(
      "Thank you!",
    );
    expect(sessionStorage.getItem("kiosk:order")).not.toBeNull();
  });

  /** A checkout of pro-license whose buyer pressed Pay, then closed it while the payment window is open. */
  async function closedWhilePaying(): Promise<Harness> {
    const harness = createHarness();
    const first = await open(harness, { productId: "pro-license" });
    type(first.field(/Email for delivery/), "buyer@example.com");
    fireEvent.click(first.pay());
    await waitFor(() => expect(harness.windows[0]?.location.href).toMatch(/\/sandbox\/pay\//));
    fireEvent.keyDown(first.root.querySelector("dialog") as HTMLDialogElement, { key: "Escape" });
    return harness;
  }

  /** The checkout the page opens by itself once the order it follows is paid. */
  function shownByItself() {
    return waitFor(
      () => {
        const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
        if (!root) throw new Error("no checkout shown");
        return within(root as unknown as HTMLElement);
      },
      { timeout: 5_000 },
    );
  }

  /** Once the page has heard the kept order is complete (it was followed to its end), and a turn after. */
  async function heardComplete(): Promise<void> {
    await waitFor(() =>
      expect(
        (JSON.parse(sessionStorage.getItem("kiosk:order") ?? "{}").said ?? []).some(
          (said: string) => said.startsWith("kiosk:complete"),
        ),
      ).toBe(true),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it("closed while the buyer pays, shows the goods by itself once paid, where no other checkout is open", async () => {
    const harness = await closedWhilePaying();
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
    // Paid in the payment window: back in the shop, the goods are there without a click.
    harness.settle(harness.windows[0]?.location.href ?? "", "paid");
    const shown = await shownByItself();
    await shown.findByText("Thank you! Your order is complete.");
    expect(shown.getByText(/^FORGE-[0-9A-F]{4}-/).tagName).toBe("CODE");
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1);
  });

  it("closed while the buyer pays on a page started again (destroy, then refresh), shows the goods by itself once paid", async () => {
    const harness = createHarness();
    const page = mountPage({ ...harness.kiosk.options, root: document.body });
    pages.push(page);
    const api = scriptApi(page);
    // A single-page app leaves the shop's route and comes back.
    api.destroy();
    api.refresh();
    await api.open("pro-license");
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot as ShadowRoot;
    const view = within(root as unknown as HTMLElement);
    type(view.getByLabelText(/Email for delivery/), "buyer@example.com");
    fireEvent.click(await view.findByRole("button", { name: /^Pay \S/ }));
    await waitFor(() => expect(harness.windows[0]?.location.href).toMatch(/\/sandbox\/pay\//));
    fireEvent.keyDown(root.querySelector("dialog") as HTMLDialogElement, { key: "Escape" });
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
    harness.settle(harness.windows[0]?.location.href ?? "", "paid");
    const shown = await shownByItself();
    await shown.findByText("Thank you! Your order is complete.");
  });

  it("closed while the buyer pays, does not take the place of another checkout opened meanwhile", async () => {
    const harness = await closedWhilePaying();
    const other = await open(harness, { productId: "setup-call" });
    harness.settle(harness.windows[0]?.location.href ?? "", "paid");
    // The order is followed to its end (the page hears it is complete), and the other checkout
    // stays as it is.
    await heardComplete();
    expect(other.root.isConnected).toBe(true);
    expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(1);
  });

  it("closed while the buyer pays, opens nothing once paid on a page that was taken down", async () => {
    const harness = await closedWhilePaying();
    // What Kiosk.destroy() does to the runtime.
    harness.kiosk.close();
    harness.kiosk.stop();
    harness.settle(harness.windows[0]?.location.href ?? "", "paid");
    await heardComplete();
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
  });

  it("while the order is being created keeps it: paid meanwhile, the next open shows the goods", async () => {
    const harness = createHarness();
    const first = await open(harness, { productId: "pro-license" });
    type(first.field(/Email for delivery/), "buyer@example.com");
    fireEvent.click(first.pay());
    fireEvent.keyDown(first.root.querySelector("dialog") as HTMLDialogElement, { key: "Escape" });
    expect(document.querySelector("[data-kiosk-checkout]")).toBeNull();
    // The payment page still opens, and the order is followed with the dialog closed.
    await waitFor(() => expect(harness.windows[0]?.location.href).toMatch(/\/sandbox\/pay\//));
    expect(harness.windows[0]?.closed).toBe(false);
    await waitFor(() =>
      expect(harness.requests.some((r) => /^\/api\/orders\/./.test(r.url.pathname))).toBe(true),
    );
    // The tab remembers the order (id and token) in sessionStorage, never in a cookie.
    const saved = JSON.parse(sessionStorage.getItem("kiosk:order") ?? "{}");
    expect(saved).toMatchObject({ productId: "pro-license", order: { id: expect.any(String) } });
    expect(saved.order.token).toMatch(/\S{8,}/);
    expect(document.cookie).toBe("");

    harness.settle(harness.windows[0]?.location.href ?? "", "paid");
    const again = await open(harness, { productId: "pro-license" }, false);
    await again.view.findByText("Thank you! Your order is complete.");
    expect(again.view.getByText(/^FORGE-[0-9A-F]{4}-/).tagName).toBe("CODE");
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1);

    // Closed at its end, it is forgotten: the next open is a new form.
    fireEvent.keyDown(again.root.querySelector("dialog") as HTMLDialogElement, { key: "Escape" });
    expect(sessionStorage.getItem("kiosk:order")).toBeNull();
    const fresh = await open(harness, { productId: "pro-license" });
    expect(fresh.pay()).toBeTruthy();
  });
});
