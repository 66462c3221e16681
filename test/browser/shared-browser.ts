// The browser project's global setup: one Chromium and one proxy per catalog for the whole run.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { launchChromiumServer, type RunningProxy, startSharedProxy } from "./harness";

declare module "vitest" {
  export interface ProvidedContext {
    /** The broker's origin: `POST /chromium` and `POST /proxy` (see `harness.ts`). */
    kioskBrowserBroker: string;
  }
}

/*
 * Starting Chromium and the CLI costs about as much CPU as a short test, and every browser file
 * needs both: each file connects to the run's Chromium (with its own contexts) and asks for the
 * proxy of its catalog. Both start on first use, so a run without browser files starts neither.
 */

let broker: Server | undefined;
let chromium: Promise<BrowserServer> | undefined;
const proxies = new Map<string, Promise<RunningProxy>>();

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return JSON.parse(text || "{}");
}

async function answer(path: string | undefined, body: unknown): Promise<unknown> {
  if (path === "/chromium") {
    chromium ??= launchChromiumServer();
    return { wsEndpoint: (await chromium).wsEndpoint() };
  }
  if (path === "/proxy") {
    const catalog = (body as { catalog?: unknown }).catalog ?? null;
    const key = JSON.stringify(catalog);
    let proxy = proxies.get(key);
    if (!proxy) {
      proxy = startSharedProxy(catalog);
      proxies.set(key, proxy);
    }
    return { origin: (await proxy).origin };
  }
  throw new Error(`no such broker path: ${path}`);
}

export async function setup(project: TestProject): Promise<void> {
  broker = createServer((request, response) => {
    readBody(request)
      .then((body) => answer(request.url, body))
      .then(
        (result) => response.writeHead(200).end(JSON.stringify(result)),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
  });
  await new Promise<void>((resolve) => broker?.listen(0, "127.0.0.1", resolve));
  const { port } = broker.address() as AddressInfo;
  project.provide("kioskBrowserBroker", `http://127.0.0.1:${port}`);
}

export async function teardown(): Promise<void> {
  const started = [...proxies.values()];
  proxies.clear();
  await Promise.allSettled([
    chromium?.then((server) => server.close()),
    ...started.map((proxy) => proxy.then((running) => running.stop())),
  ]);
  chromium = undefined;
  await new Promise<void>((resolve) => {
    broker?.closeAllConnections();
    broker?.close(() => resolve());
  });
}
