import { vi } from "vitest";
import { createApp } from "../../src/server/app";
import type { RateLimits } from "../../src/server/http/rate-limits";
import type { SellerPlatform } from "../../src/server/platforms/platform";
import { createSandboxPlatform, type SandboxPlatform } from "../../src/server/platforms/sandbox";
import type { PaymentWindow } from "../../src/widget/checkout/checkout-model";
import { createKiosk, type Kiosk, type KioskOptions } from "../../src/widget/kiosk";
import { createCapturingLogger, createTestApp, demoCatalog } from "../factories/sandbox-app";

/** One request the widget sent to the proxy, as the proxy received it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string;
}

export interface Harness {
  readonly kiosk: Kiosk;
  readonly platform: ReturnType<typeof createTestApp>["platform"];
  readonly requests: SeenRequest[];
  /** Payment windows the checkout opened, with where they were sent. */
  readonly windows: Array<PaymentWindow & { closed: boolean }>;
  /** Makes the next `count` requests matching `path` fail as if the network were down. */
  dropNext(path: string, count?: number): void;
  /** Lets the next request to `path` reach the proxy, then loses its answer on the way back. */
  loseNextAnswer(path: string): void;
  /** Pays (or fails) the order behind a `checkoutUrl`, as the buyer would on the pay page. */
  settle(checkoutUrl: string, outcome: "paid" | "failed"): void;
  /** The proxy's fetch handler, as the widget reaches it. */
  readonly fetch: typeof globalThis.fetch;
}

export const apiBase = "http://shop.test/api";

/**
 * The real proxy (`createApp` over the sandbox and the demo catalog), reached in-process: the
 * widget's client gets the app's own fetch handler instead of the network.
 */
export function createHarness(
  options: {
    coupons?: boolean;
    /** The sandbox's catalog; the demo's by default. */
    catalog?: ReturnType<typeof demoCatalog>;
    kiosk?: Partial<KioskOptions>;
    limits?: Partial<RateLimits>;
    /** The platform the proxy sees, made from the sandbox (which still settles its orders). */
    wrapPlatform?: (sandbox: SandboxPlatform) => SellerPlatform;
    /** The proxy's read cache around a wrapped platform; `false` reads it each time. */
    resilience?: false;
  } = {},
): Harness {
  let app: ReturnType<typeof createTestApp>["app"];
  let platform: ReturnType<typeof createTestApp>["platform"];
  if (options.wrapPlatform) {
    platform = createSandboxPlatform(demoCatalog());
    app = createApp({
      platform: options.wrapPlatform(platform),
      // Kept, not written out: a test's output is its own.
      logger: createCapturingLogger(),
      orderPollMs: 20,
      ...(options.resilience === false ? { resilience: false } : {}),
    });
  } else if (options.coupons === false) {
    // A platform that cannot validate coupons: the proxy reports `coupons: false`.
    const sandbox = createSandboxPlatform(demoCatalog());
    platform = Object.assign(Object.create(sandbox) as typeof sandbox, {
      capabilities: { ...sandbox.capabilities, coupons: false },
    });
    app = createApp({ platform, logger: createCapturingLogger() });
  } else {
    // Order streams re-read the order every 20 ms, so a settled order shows up quickly.
    ({ app, platform } = createTestApp({
      catalog: options.catalog ?? demoCatalog(),
      orderPollMs: 20,
      ...(options.limits ? { limits: options.limits } : {}),
    }));
  }
  const requests: SeenRequest[] = [];
  const drops = new Map<string, number>();
  const lost = new Set<string>();
  const windows: Harness["windows"] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.method === "GET" ? "" : await request.clone().text();
    requests.push({ method: request.method, url, headers: request.headers, body });
    const path = url.pathname.replace(/^\/api/, "");
    const left = drops.get(path) ?? 0;
    if (left > 0) {
      drops.set(path, left - 1);
      throw new TypeError("Failed to fetch");
    }
    if (lost.delete(path)) {
      await app.fetch(request);
      throw new TypeError("Failed to fetch");
    }
    return app.fetch(request);
  };
  const kiosk = createKiosk({
    apiBase,
    fetch: fetch as typeof globalThis.fetch,
    retries: 0,
    quoteDelay: 0,
    pollInterval: 10,
    EventSource: null,
    openWindow: () => {
      const opened = { location: { href: "about:blank" }, closed: false, close: () => {} };
      opened.close = () => {
        opened.closed = true;
      };
      windows.push(opened);
      return opened;
    },
    ...options.kiosk,
  });
  return {
    kiosk,
    fetch: fetch as typeof globalThis.fetch,
    platform,
    requests,
    windows,
    dropNext(path, count = 1) {
      drops.set(path, count);
    },
    loseNextAnswer(path) {
      lost.add(path);
    },
    settle(checkoutUrl, outcome) {
      const url = new URL(checkoutUrl, "http://shop.test");
      const orderId = decodeURIComponent(url.pathname.split("/").pop() ?? "");
      const token = url.searchParams.get("token") ?? "";
      if (!platform.settle(orderId, token, outcome)) throw new Error(`cannot settle ${orderId}`);
    },
  };
}

/** Requests to one API path (`/products`, `/quote`, `/orders`), in order. */
export function requestsTo(harness: Harness, path: string, method = "GET"): SeenRequest[] {
  return harness.requests.filter(
    (request) => request.method === method && request.url.pathname === `/api${path}`,
  );
}

/**
 * Has `note` see the element at each read of an element's `offsetWidth` (a forced layout), which
 * then reads as it would; the test's `vi.restoreAllMocks()` undoes it.
 */
export function onLayoutRead(note: (element: HTMLElement) => void): void {
  const offsetWidth = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "offsetWidth");
  vi.spyOn(HTMLElement.prototype, "offsetWidth", "get").mockImplementation(function (
    this: HTMLElement,
  ) {
    note(this);
    return offsetWidth?.get?.call(this) ?? 0;
  });
}
