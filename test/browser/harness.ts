import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, type BrowserServer, chromium } from "playwright-core";
import { afterAll, afterEach, beforeAll, inject } from "vitest";

/**
 * Debian's headless shell first: the same Chromium without the full browser's layers, it costs
 * about half the CPU of `chromium --headless` across the browser suite. The full browser serves
 * when the shell is not installed.
 */
const chromiumPaths = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];

/** The first installed of `chromiumPaths`; fails with the line that installs one. */
function chromiumPath(): string {
  const found = chromiumPaths.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `Chromium not found at ${chromiumPaths.join(" or ")}: apt-get install -y chromium-headless-shell`,
    );
  }
  return found;
}

const chromiumOptions = {
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

/** Where the run's shared Chromium and proxies are handed out (see `shared-browser.ts`). */
function brokerUrl(): string | undefined {
  try {
    return inject("kioskBrowserBroker") || undefined;
  } catch {
    // Outside a vitest worker: nothing is shared.
    return undefined;
  }
}

async function askBroker<T>(broker: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${broker}${path}`, { method: "POST", body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${text}`);
  return JSON.parse(text) as T;
}

/**
 * Debian's Chromium, headless (see `chromiumPaths`); fails with the one line that installs it
 * when it is missing.
 * Under vitest it is the run's one shared Chromium, connected to: `close()` closes only this
 * connection's contexts, and each test file makes its own contexts, so files stay apart.
 */
export async function launchChromium(): Promise<Browser> {
  const broker = brokerUrl();
  if (broker) {
    const { wsEndpoint } = await askBroker<{ wsEndpoint: string }>(broker, "/chromium", {});
    return chromium.connect(wsEndpoint);
  }
  return chromium.launch({ ...chromiumOptions, executablePath: chromiumPath() });
}

/**
 * For a test file: one Chromium, a context a test makes with `newContext`, and what a test
 * started (`keep`: servers, processes), all closed after each test, the context first and then
 * the last started first.
 */
export function useBrowserPerTest() {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const running: { close(): Promise<unknown> }[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    for (const resource of running.splice(0).reverse()) await resource.close();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    keep(resource: { close(): Promise<unknown> }): void {
      running.push(resource);
    },
    async newContext(): Promise<BrowserContext> {
      if (!browser) throw new Error("no browser: call newContext inside a test");
      context = await browser.newContext();
      return context;
    },
    /** The test's context, once made. */
    context: (): BrowserContext | undefined => context,
  };
}

/** Starts the Chromium that a whole run shares, for `shared-browser.ts`. */
export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer({ ...chromiumOptions, executablePath: chromiumPath() });
}

export interface RunningProxy {
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * The per-client limits of a proxy that every browser file shares: the files' requests all come
 * from 127.0.0.1, as one client, so each limit is a whole run's worth. A test of the limits
 * themselves starts its own proxy.
 */
const sharedProxyLimits = {
  KIOSK_LIMIT_REQUESTS: "60000/1m",
  KIOSK_LIMIT_COUPON_QUOTES: "6000/10m",
  KIOSK_LIMIT_COUPON_FAILURES: "1500/10m",
  KIOSK_LIMIT_ORDERS: "3000/10m",
  KIOSK_LIMIT_UNKNOWN_PRODUCTS: "30000/10m",
  KIOSK_LIMIT_STOREFRONT_QUERIES: "120000/10m",
  KIOSK_LIMIT_STREAMS: "2000",
};

export interface ProxyOptions {
  /**
   * A proxy of the test's own, started now and ended by `stop()`, instead of the run's shared
   * one for this catalog: for a test that needs fresh stock and orders, or other settings.
   */
  readonly own?: boolean;
  /** More variables for an own proxy's environment (`KIOSK_LIMIT_ORDERS`, …). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The real proxy through the real CLI (`node bin/kiosk.js serve`) on the sandbox, on a free
 * port. `catalog` replaces the demo catalog when given.
 *
 * Under vitest, browser files share one proxy per distinct catalog (started on first use, ended
 * with the run; `stop()` lets go of it): stock and orders carry over between files, and its
 * limits are a run's worth (`sharedProxyLimits`). The shared demo proxy holds ten times the
 * demo's serials, so its stock counts are not the demo's. Pass `{ own: true }` for a fresh one.
 */
export async function startProxy(
  catalog?: unknown,
  options: ProxyOptions = {},
): Promise<RunningProxy> {
  const broker = options.own || options.env ? undefined : brokerUrl();
  if (broker) {
    const { origin } = await askBroker<{ origin: string }>(broker, "/proxy", {
      catalog: catalog ?? null,
    });
    return { origin, stop: async () => {} };
  }
  return spawnProxy(catalog, options.env ?? {});
}

/** A shared proxy for `shared-browser.ts`: the run's limits, the given catalog. */
export function startSharedProxy(catalog: unknown): Promise<RunningProxy> {
  return spawnProxy(catalog ?? sharedDemoCatalog(), sharedProxyLimits);
}

/** How many times the demo's serials the shared demo proxy holds. */
const serialCopies = 10;

/**
 * The demo catalog with `serialCopies` times its serials (each copy's first number moved on by
 * a hundred per copy, so `FORGE-0101-…` and `starter101@…` keep the demo's format): the files
 * that buy from the shared proxy cannot sell each other out of a product.
 */
function sharedDemoCatalog(): unknown {
  const catalog = demoCatalog();
  for (const product of catalog.products) {
    const serials = product.serials;
    if (!Array.isArray(serials)) continue;
    product.serials = Array.from({ length: serialCopies }, (_, copy) =>
      serials.map((serial: string) =>
        serial.replace(/\d+/, (digits) =>
          String(Number(digits) + copy * 100).padStart(digits.length, "0"),
        ),
      ),
    ).flat();
  }
  return catalog;
}

async function spawnProxy(
  catalog: unknown,
  extraEnv: Readonly<Record<string, string>>,
): Promise<RunningProxy> {
  const bin = join(process.cwd(), "bin", "kiosk.js");
  if (!existsSync(join(process.cwd(), "dist", "server", "cli.js"))) {
    throw new Error("dist/server is missing: run `npm run build` first");
  }
  const dir = mkdtempSync(join(tmpdir(), "kiosk-browser-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    KIOSK_PLATFORM: "sandbox",
    ...extraEnv,
  };
  if (catalog !== undefined) {
    const path = join(dir, "catalog.json");
    writeFileSync(path, JSON.stringify(catalog));
    env.KIOSK_SANDBOX_CATALOG = path;
  }
  const child: ChildProcess = spawn(process.execPath, [bin, "serve"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // A run stopped early (Ctrl-C) leaves no proxy behind.
  const orphan = () => child.kill("SIGKILL");
  process.once("exit", orphan);
  let output = "";
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proxy did not start:\n${output}`)), 15_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`proxy exited with ${code}:\n${output}`));
    });
  });
  return {
    origin,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners("exit");
        process.off("exit", orphan);
        child.once("exit", () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

export interface MerchantSite {
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * A merchant's page on a second loopback origin, so every widget request is cross-origin. It
 * sends a strict CSP: scripts only from the proxy (and the page's own `scripts`, by path: an
 * app's bundle), no inline script, no eval, workers only from `data:` (as the README asks; with
 * `workers: false`, none); with `trustedTypes`, Trusted Types enforced, with the policy names it
 * gives.
 */
export async function startMerchant(
  html: string,
  proxyOrigin: string,
  scripts: Readonly<Record<string, string>> = {},
  {
    workers = true,
    csp = true,
    trustedTypes,
  }: { workers?: boolean; csp?: boolean; trustedTypes?: string } = {},
): Promise<MerchantSite> {
  const server: Server = createServer((request, response) => {
    const script = scripts[request.url ?? ""];
    if (script !== undefined) {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(script);
      return;
    }
    if (request.url !== "/") {
      response.writeHead(404).end();
      return;
    }
    const policy = [
      "default-src 'none'",
      `script-src ${proxyOrigin}${Object.keys(scripts).length > 0 ? " 'self'" : ""}`,
      `connect-src ${proxyOrigin}`,
      ...(workers ? ["worker-src data:"] : []),
      ...(trustedTypes
        ? ["require-trusted-types-for 'script'", `trusted-types ${trustedTypes}`]
        : []),
      "style-src 'self' 'unsafe-inline'",
      // The proxy serves the sandbox catalog's images.
      `img-src ${proxyOrigin} https: data:`,
    ].join("; ");
    response.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      ...(csp ? { "content-security-policy": policy } : {}),
    });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The demo catalog, to change for a test. */
export function demoCatalog(): { products: Array<Record<string, unknown>> } {
  return JSON.parse(readFileSync(join(process.cwd(), "demo", "catalog.json"), "utf8"));
}
