import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";

const chromiumPath = "/usr/bin/chromium";

/** Debian's Chromium, headless; fails with the one line that installs it when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
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
  });
}

export interface RunningProxy {
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * The real proxy through the real CLI (`node bin/kiosk.js serve`) on the sandbox, on a free
 * port. `catalog` replaces the demo catalog when given.
 */
export async function startProxy(catalog?: unknown): Promise<RunningProxy> {
  const bin = join(process.cwd(), "bin", "kiosk.js");
  if (!existsSync(join(process.cwd(), "dist", "server", "cli.js"))) {
    throw new Error("dist/server is missing: run `npm run build` first");
  }
  const dir = mkdtempSync(join(tmpdir(), "kiosk-browser-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", KIOSK_PLATFORM: "sandbox" };
  if (catalog !== undefined) {
    const path = join(dir, "catalog.json");
    writeFileSync(path, JSON.stringify(catalog));
    env.KIOSK_SANDBOX_CATALOG = path;
  }
  const child: ChildProcess = spawn(process.execPath, [bin, "serve"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
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
 * app's bundle), no inline script, no eval.
 */
export async function startMerchant(
  html: string,
  proxyOrigin: string,
  scripts: Readonly<Record<string, string>> = {},
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
    response.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": [
        "default-src 'none'",
        `script-src ${proxyOrigin}${Object.keys(scripts).length > 0 ? " 'self'" : ""}`,
        `connect-src ${proxyOrigin}`,
        "style-src 'self' 'unsafe-inline'",
        "img-src https: data:",
      ].join("; "),
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
