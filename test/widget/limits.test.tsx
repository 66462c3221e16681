import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import type { RateLimits } from "../../src/server/http/rate-limits";
import { createHarness, requestsTo } from "./harness";

afterEach(() => {
  document.body.innerHTML = "";
});

const type = (element: HTMLElement, value: string) =>
  fireEvent.input(element, { target: { value } });

/** The checkout of the demo's license key, over a proxy with these per-client limits. */
async function checkoutUnder(limits: Partial<RateLimits>) {
  const harness = createHarness({ limits });
  await harness.kiosk.checkout({ productId: "pro-license" });
  const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
  if (!root) throw new Error("no checkout mounted");
  return { harness, view: within(root as unknown as HTMLElement) };
}

describe("checkout over the proxy's limits", () => {
  it("says in words when coupon guesses are limited, and keeps what the buyer typed", async () => {
    const { harness, view } = await checkoutUnder({
      couponFailures: { max: 2, windowMs: 600_000 },
    });
    const email = view.getByLabelText(/Email for delivery/) as HTMLInputElement;
    type(email, "buyer@example.com");
    const coupon = view.getByLabelText("Coupon code") as HTMLInputElement;
    for (const guess of ["GUESS1", "GUESS2"]) {
      type(coupon, guess);
      fireEvent.keyDown(coupon, { key: "Enter" });
      await waitFor(() => expect(view.queryByText(/This code does not exist/)).toBeTruthy());
    }
    type(coupon, "GUESS3");
    fireEvent.keyDown(coupon, { key: "Enter" });
    await waitFor(() =>
      expect(view.queryByText(/Too many attempts\. Please try again in 10 min\./)).toBeTruthy(),
    );
    const limited = requestsTo(harness, "/quote", "POST").at(-1);
    expect(JSON.parse(limited?.body ?? "{}").coupon).toBe("GUESS3");
    expect(coupon.value).toBe("GUESS3");
    expect(email.value).toBe("buyer@example.com");

    // A real code now, refused with the rest: Pay sends no order without it, at a total the
    // buyer never saw; it asks for the total again, and is told again.
    type(coupon, "WELCOME10");
    fireEvent.keyDown(coupon, { key: "Enter" });
    await waitFor(() =>
      expect(requestsTo(harness, "/quote", "POST").at(-1)?.body).toContain("WELCOME10"),
    );
    await view.findByText(/Too many attempts/);
    const quotes = requestsTo(harness, "/quote", "POST").length;
    fireEvent.click(view.getByRole("button", { name: /^Pay/ }));
    await waitFor(() => expect(requestsTo(harness, "/quote", "POST")).toHaveLength(quotes + 1));
    await view.findByText(/Too many attempts/);
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(0);
  });

  it("tells a wait of under a minute as a minute: never sooner than the limit lifts", async () => {
    const { view } = await checkoutUnder({ orders: { max: 0, windowMs: 30_000 } });
    type(view.getByLabelText(/Email for delivery/), "buyer@example.com");
    fireEvent.click(await view.findByRole("button", { name: "Pay $29.99" }));
    await view.findByText("Too many attempts. Please try again in 1 min.");
  });

  it("says in words when orders are limited, and keeps the form as it was", async () => {
    const { harness, view } = await checkoutUnder({ orders: { max: 0, windowMs: 600_000 } });
    const email = view.getByLabelText(/Email for delivery/) as HTMLInputElement;
    type(email, "buyer@example.com");
    const pay = await view.findByRole("button", { name: "Pay $29.99" });
    fireEvent.click(pay);
    await waitFor(() =>
      expect(view.queryByText(/Too many attempts\. Please try again in 10 min\./)).toBeTruthy(),
    );
    expect(requestsTo(harness, "/orders", "POST")).toHaveLength(1);
    expect(email.value).toBe("buyer@example.com");
    // The payment window opened on the click (before the answer, so no popup blocker) is closed.
    expect(harness.windows.every((opened) => opened.closed)).toBe(true);
  });
});
