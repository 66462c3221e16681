import { afterEach, describe, expect, it } from "vitest";
import type { Order, OrderStatus } from "../../src/core/types";
import { createCheckoutApi } from "../../src/widget/checkout/checkout-api";
import { followOrder } from "../../src/widget/checkout/order-follower";
import { createHarness, type Harness, requestsTo } from "./harness";

/**
 * An EventSource over the proxy's real `text/event-stream` response: it reads the stream the
 * proxy writes and dispatches its events, the way the browser's EventSource does.
 */
function eventSourceOver(harness: Harness) {
  return class StreamEventSource {
    onerror: ((event: Event) => void) | null = null;
    private readonly listeners = new Map<string, Array<(event: MessageEvent) => void>>();
    private readonly abort = new AbortController();

    constructor(url: string) {
      void this.read(url);
    }

    addEventListener(type: string, listener: (event: MessageEvent) => void) {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }

    close() {
      this.abort.abort();
    }

    private async read(url: string) {
      try {
        const response = await harness.fetch(url, { signal: this.abort.signal });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            this.dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf("\n\n");
          }
        }
      } catch {
        // Aborted or failed: as in a browser, the page hears of it through onerror.
      }
      if (!this.abort.signal.aborted) this.onerror?.(new Event("error"));
    }

    private dispatch(block: string) {
      let type = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) type = line.slice(6).trim();
        if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      const event = { data: data.join("\n") } as MessageEvent;
      for (const listener of this.listeners.get(type) ?? []) listener(event);
    }
  };
}

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

async function createOrder(harness: Harness) {
  const api = createCheckoutApi(harness.kiosk.client);
  const order = await api.createOrder(
    { items: [{ productId: "pro-license", quantity: 1 }], email: "buyer@example.com", fields: {} },
    "follow-test-key-0001",
  );
  return { api, order };
}

describe("followOrder", () => {
  it("follows the proxy's event stream to the completed order, read with its token", async () => {
    const harness = createHarness();
    const { api, order } = await createOrder(harness);
    const statuses: OrderStatus[] = [];
    const final = new Promise<Order>((resolve) => {
      stops.push(
        followOrder({
          api,
          id: order.id,
          token: order.token,
          EventSource: eventSourceOver(harness),
          pollInterval: 60_000,
          onStatus: (status) => statuses.push(status),
          onFinal: resolve,
          onTrouble: () => {},
        }),
      );
    });
    await expect.poll(() => statuses.length).toBeGreaterThan(0);
    expect(statuses[0]).toBe("awaiting_payment");
    harness.settle(order.checkoutUrl ?? "", "paid");
    const completed = await final;
    expect(statuses.at(-1)).toBe("completed");
    expect(completed.deliveredItems).toHaveLength(1);
    const streams = harness.requests.filter((r) => r.url.pathname.endsWith("/events"));
    expect(streams).toHaveLength(1);
    expect(streams[0]?.url.searchParams.get("token")).toBe(order.token);
  });

  it("falls back to polling with the bearer token when the stream fails", async () => {
    const harness = createHarness();
    const { api, order } = await createOrder(harness);
    harness.dropNext(`/orders/${order.id}/events`);
    const final = new Promise<Order>((resolve) => {
      stops.push(
        followOrder({
          api,
          id: order.id,
          token: order.token,
          EventSource: eventSourceOver(harness),
          pollInterval: 10,
          onStatus: () => {},
          onFinal: resolve,
          onTrouble: () => {},
        }),
      );
    });
    await expect.poll(() => requestsTo(harness, `/orders/${order.id}`).length).toBeGreaterThan(0);
    harness.settle(order.checkoutUrl ?? "", "failed");
    expect((await final).status).toBe("failed");
    const reads = requestsTo(harness, `/orders/${order.id}`);
    expect(reads.every((r) => r.headers.get("authorization") === `Bearer ${order.token}`)).toBe(
      true,
    );
  });

  it("stops following an order the proxy no longer has (404), where it asked for the page's life", async () => {
    const harness = createHarness();
    const api = createCheckoutApi(harness.kiosk.client);
    const troubles: boolean[] = [];
    stops.push(
      followOrder({
        api,
        id: "sbx_ord_forgotten",
        token: "a-token-the-proxy-never-gave",
        EventSource: null,
        pollInterval: 10,
        onStatus: () => {},
        onFinal: () => {},
        onTrouble: (trouble) => troubles.push(trouble),
      }),
    );
    await expect.poll(() => requestsTo(harness, "/orders/sbx_ord_forgotten").length).toBe(1);
    // Polls 10, 20, 40, 80… ms apart would have asked about six times more by now.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(requestsTo(harness, "/orders/sbx_ord_forgotten")).toHaveLength(1);
    expect(troubles).toEqual([true]);
  });
});
