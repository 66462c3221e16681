import { fireEvent, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createKiosk } from "../../src/widget/kiosk";
import { createHarness } from "./harness";

// Apart from the other checkout tests: it loads a second copy of every module, which the rest of
// a file would then share.

afterEach(() => {
  document.body.innerHTML = "";
});

/**
 * A checkout whose Pay was pressed, then its page left while the buyer pays (what the page held
 * goes with it, as on a reload); the tab keeps the order.
 */
async function paidForThenLeft() {
  const harness = createHarness();
  await harness.kiosk.checkout({ productId: "pro-license", email: "buyer@example.com" });
  const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
  const pay = () =>
    root?.querySelector<HTMLButtonElement>("button.primary[type=submit]") ?? undefined;
  await waitFor(() => expect(pay()?.textContent).toMatch(/^Pay \$/));
  fireEvent.click(pay() as HTMLButtonElement);
  await waitFor(() => expect(sessionStorage.getItem("kiosk:order")).not.toBeNull());
  harness.kiosk.stop();
  document.body.innerHTML = "";
  const page = (globalThis as { [key: symbol]: { open?: unknown; keys?: unknown } })[
    Symbol.for("kiosk")
  ];
  if (page) {
    page.open = undefined;
    page.keys = undefined;
  }
  return harness;
}

describe("a page with the script tag and an app's bundle", () => {
  it("keeps one checkout open across bundles: the script tag's and an app's each have their own code", async () => {
    const harness = createHarness();
    await harness.kiosk.checkout({ productId: "pro-license" });
    // Another copy of every module, as an app's bundle beside embed.js is.
    vi.resetModules();
    const bundled = await import("../../src/widget/kiosk");
    const app = bundled.createKiosk({ ...harness.kiosk.options });
    const closed: string[] = [];
    harness.kiosk.events.on("kiosk:close", ({ productId }) => closed.push(productId));
    await app.checkout({ productId: "retro-pack" });
    expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(1);
    expect(closed).toEqual(["pro-license"]);
    app.close();
    await waitFor(() => expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(0));
  });
});

describe("a page with two runtimes, reloaded while its order is paid for", () => {
  it("says kiosk:paid and kiosk:complete once, though each runtime shows the saved order", async () => {
    const harness = await paidForThenLeft();
    const said: string[] = [];
    const hear = (event: Event) => said.push(event.type);
    document.addEventListener("kiosk:paid", hear);
    document.addEventListener("kiosk:complete", hear);
    const copies: ReturnType<typeof createHarness>["kiosk"][] = [];
    try {
      // Two runtimes (two providers, or the script tag's and an app's bundle, which share the
      // page's checkout state the same way), each showing the order as its restore does.
      for (const _copy of [1, 2]) copies.push(createKiosk({ ...harness.kiosk.options }));
      const { order } = JSON.parse(sessionStorage.getItem("kiosk:order") ?? "{}");
      for (const copy of copies) await copy.checkout({ productId: "pro-license", resume: order });
      expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(1);
      harness.settle(harness.windows[0]?.location.href ?? "", "paid");
      await waitFor(() => expect(said).toContain("kiosk:complete"));
      // Every copy has seen the order end by now.
      await new Promise((settled) => setTimeout(settled, 100));
      expect(said).toEqual(["kiosk:paid", "kiosk:complete"]);
    } finally {
      // The page as the next file finds it (the widget files share one: isolate false).
      for (const copy of copies) {
        copy.close();
        copy.stop();
      }
      harness.kiosk.close();
      document.removeEventListener("kiosk:paid", hear);
      document.removeEventListener("kiosk:complete", hear);
      sessionStorage.clear();
    }
  });
});

describe("a page with two runtimes, reloaded while its order waits for payment", () => {
  it("shows the saved order again in one of them, opened once", async () => {
    const harness = await paidForThenLeft();
    // Taken out of this page, the dialog counted as closed by the buyer; a reload closes nothing.
    await new Promise((settled) => setTimeout(settled, 0));
    const saved = JSON.parse(sessionStorage.getItem("kiosk:order") ?? "{}");
    sessionStorage.setItem("kiosk:order", JSON.stringify({ ...saved, closed: false }));
    const opened: string[] = [];
    const hear = (event: Event) => opened.push(event.type);
    document.addEventListener("kiosk:open", hear);
    document.addEventListener("kiosk:close", hear);
    const copies: ReturnType<typeof createHarness>["kiosk"][] = [];
    try {
      for (const _copy of [1, 2]) copies.push(createKiosk({ ...harness.kiosk.options }));
      for (const copy of copies) copy.restore();
      await waitFor(() =>
        expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(1),
      );
      await new Promise((settled) => setTimeout(settled, 200));
      // Before, each opened it, the second closing the first: an extra open and close.
      expect(opened).toEqual(["kiosk:open"]);
    } finally {
      for (const copy of copies) {
        copy.close();
        copy.stop();
      }
      harness.kiosk.close();
      document.removeEventListener("kiosk:open", hear);
      document.removeEventListener("kiosk:close", hear);
      sessionStorage.clear();
    }
  });
});
