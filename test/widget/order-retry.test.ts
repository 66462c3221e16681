import { describe, expect, it } from "vitest";
import { createCheckoutApi } from "../../src/widget/checkout/checkout-api";
import { createClient } from "../../src/widget/client";
import { KioskError } from "../../src/widget/kiosk-error";

/*
 * The widget sends an order again by itself only when the proxy says to with Retry-After; an
 * ambiguous answer ("the order may have been placed") or no answer at all waits for the buyer.
 */

const problem = (status: number, headers: Record<string, string> = {}) =>
  new Response(
    JSON.stringify({
      type: "upstream_unavailable",
      title: "Upstream unavailable",
      status,
      detail: "x",
    }),
    { status, headers: { "content-type": "application/problem+json", ...headers } },
  );

const created = () =>
  new Response(
    JSON.stringify({
      id: "o1",
      token: "t",
      status: "awaiting_payment",
      total: { amount: 100, currency: "USD" },
      payment: "email",
    }),
    { status: 201, headers: { "content-type": "application/json" } },
  );

/** A proxy that answers order requests from a script, and counts them. */
function scriptedProxy(answers: (() => Response)[]) {
  let calls = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (!request.url.endsWith("/api/orders")) throw new Error(`unexpected ${request.url}`);
    const answer = answers[calls] ?? answers.at(-1);
    calls += 1;
    if (!answer) throw new TypeError("Failed to fetch");
    return answer();
  };
  const api = createCheckoutApi(
    createClient({ apiBase: "http://shop.test/api", fetch: fetch as typeof globalThis.fetch }),
  );
  const order = () =>
    api.createOrder(
      { items: [{ productId: "p", quantity: 1 }], email: "a@example.com" },
      "key-12345",
    );
  return { order, calls: () => calls };
}

describe("retrying POST /api/orders", () => {
  it("does not resend an order answered 502 without Retry-After", async () => {
    const proxy = scriptedProxy([() => problem(502)]);
    await expect(proxy.order()).rejects.toBeInstanceOf(KioskError);
    expect(proxy.calls()).toBe(1);
  });

  it("does not resend an order whose request got no answer at all", async () => {
    const proxy = scriptedProxy([]);
    await expect(proxy.order()).rejects.toBeInstanceOf(KioskError);
    expect(proxy.calls()).toBe(1);
  });

  it("resends an order answered with Retry-After, with the same key", async () => {
    const proxy = scriptedProxy([() => problem(503, { "retry-after": "0" }), created]);
    expect((await proxy.order()).id).toBe("o1");
    expect(proxy.calls()).toBe(2);
  });
});
