import { request } from "node:http";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { createdOrderSchema, quoteSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { createMemoryStore } from "../../src/server/store/memory-store";
import { createCapturingLogger, demoCatalog, newKey } from "../factories/sandbox-app";
import { startKiosk } from "../support/kiosk-process";

/** Connects to `url`'s port; resolves with the error code, or "connected". */
function tryConnect(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });
}

describe("kiosk serve on SIGTERM", () => {
  it("stops accepting, finishes the request in flight, ends event streams, and exits 0", async () => {
    const kiosk = await startKiosk({});
    const created = createdOrderSchema.parse(
      await (
        await fetch(`${kiosk.url}/api/orders`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": newKey() },
          body: JSON.stringify({
            items: [{ productId: "pro-license", quantity: 1 }],
            email: "buyer@example.com",
          }),
        })
      ).json(),
    );
    const stream = await fetch(
      `${kiosk.url}/api/orders/${created.id}/events?token=${created.token}`,
    );
    const reader = stream.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);

    // A quote whose body is still on its way: the server has its headers (it said 100 Continue).
    const body = JSON.stringify({ items: [{ productId: "pro-license", quantity: 2 }] });
    const inFlight = request(`${kiosk.url}/api/quote`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        expect: "100-continue",
      },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      inFlight.once("response", (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.once("end", () => resolve({ status: response.statusCode ?? 0, text }));
      });
      inFlight.once("error", reject);
    });
    await new Promise<void>((resolve) => inFlight.once("continue", () => resolve()));

    kiosk.child.kill("SIGTERM");
    // The stream ends cleanly (the widget then polls, reaching another instance).
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
    }
    expect(await tryConnect(kiosk.url)).toBe("ECONNREFUSED");

    inFlight.end(body);
    const response = await answered;
    expect(response.status).toBe(200);
    expect(quoteSchema.parse(JSON.parse(response.text)).total).toEqual({
      amount: 5998,
      currency: "USD",
    });

    expect(await kiosk.exited).toBe(0);
    expect(kiosk.log()).toContain('"event":"shutdown_started"');
    expect(kiosk.log()).toContain('"event":"shutdown_complete"');
    expect(kiosk.log()).not.toContain("shutdown_forced");
  });
});

describe("an app made again over one store (a reload in development, an app per tenant)", () => {
  it("ends its own subscriptions to the store when its shutdown signal aborts", async () => {
    const store = createMemoryStore();
    let active = 0;
    const subscribe = store.subscribe.bind(store);
    store.subscribe = async (channel, listener) => {
      const stop = await subscribe(channel, listener);
      active += 1;
      return async () => {
        active -= 1;
        await stop();
      };
    };
    for (let made = 0; made < 5; made++) {
      const shutdown = new AbortController();
      const app = createApp({
        platform: createSandboxPlatform(demoCatalog()),
        store,
        logger: createCapturingLogger(),
        shutdown: shutdown.signal,
      });
      expect((await app.request("/api/products/pro-license")).status).toBe(200);
      // The catalog's news from other instances, and the order notices its streams wait for.
      expect(active).toBe(2);
      shutdown.abort();
      await expect.poll(() => active).toBe(0);
    }
  });
});
