import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createdOrderSchema,
  orderSchema,
  productListSchema,
  productSchema,
  quoteSchema,
} from "../../src/core";
import { platformAdapters } from "../../src/server/platforms/registry";
import { startTestRedis } from "../support/redis-server";

const root = fileURLToPath(new URL("../..", import.meta.url));

function startCli(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["bin/kiosk.js", "serve"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 15_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

function runCli(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["bin/kiosk.js", "serve"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // "close", not "exit": the exit can come before the last of stderr has been read.
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr })));
}

describe("kiosk serve (the real CLI over HTTP)", () => {
  let server: { child: ChildProcess; url: string };
  beforeAll(async () => {
    server = await startCli({ PORT: "0", KIOSK_PLATFORM: "sandbox" });
  });
  afterAll(() => {
    server?.child.kill("SIGTERM");
  });

  it("sells a license key end to end: list, quote with WELCOME10, order, pay, read the serials", async () => {
    const api = `${server.url}/api`;
    const list = productListSchema.parse(await (await fetch(`${api}/products?limit=50`)).json());
    const product = list.data.find((item) => item.id === "pro-license");
    expect(product).toBeDefined();
    const stockBefore = product?.stock ?? 0;

    const quoteResponse = await fetch(`${api}/quote`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        items: [{ productId: "pro-license", quantity: 2 }],
        coupon: "WELCOME10",
      }),
    });
    const quote = quoteSchema.parse(await quoteResponse.json());
    expect(quote.total).toEqual({ amount: 5398, currency: "USD" });

    const orderResponse = await fetch(`${api}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `cli-${Date.now()}-order` },
      body: JSON.stringify({
        items: [{ productId: "pro-license", quantity: 2 }],
        coupon: "WELCOME10",
        email: "buyer@example.com",
      }),
    });
    expect(orderResponse.status).toBe(201);
    const created = createdOrderSchema.parse(await orderResponse.json());
    expect(created.total).toEqual(quote.total);
    const checkoutUrl = created.checkoutUrl ?? "";
    expect(checkoutUrl.startsWith(`${server.url}/sandbox/pay/`)).toBe(true);

    const payPage = await fetch(checkoutUrl);
    expect(await payPage.text()).toContain(">Pay</button>");
    const payToken = new URL(checkoutUrl).searchParams.get("token") ?? "";
    const paid = await fetch(`${server.url}${new URL(checkoutUrl).pathname}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ outcome: "paid", token: payToken }).toString(),
    });
    expect(paid.status).toBe(200);

    const read = await fetch(`${api}/orders/${created.id}`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    const order = orderSchema.parse(await read.json());
    expect(order.status).toBe("completed");
    expect(order.deliveredItems).toHaveLength(2);
    expect(order.deliveredItems?.every((item) => /^FORGE-/.test(item.value))).toBe(true);

    const after = productSchema.parse(await (await fetch(`${api}/products/pro-license`)).json());
    expect(after.stock).toBe(stockBefore - 2);
  });

  it("answers health checks and serves no stack traces", async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ status: "ok" });
    // Idle connections outlast a buyer's reading before a click (and a load balancer's 60 s).
    expect(health.headers.get("keep-alive")).toBe("timeout=65");
    const broken = await fetch(`${server.url}/api/quote`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "[",
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).not.toMatch(/at .*:\d+:\d+/);
  });

  it("writes access-log lines only for failed requests with KIOSK_ACCESS_LOG=errors", async () => {
    const started = await startCli({
      PORT: "0",
      KIOSK_PLATFORM: "sandbox",
      KIOSK_ACCESS_LOG: "errors",
    });
    let stderr = "";
    started.child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect((await fetch(`${started.url}/api/products/pro-license`)).status).toBe(200);
    expect((await fetch(`${started.url}/api/products/nope`)).status).toBe(404);
    const closed = new Promise((done) => started.child.once("close", done));
    started.child.kill("SIGTERM");
    await closed;
    const requests = stderr
      .split("\n")
      .filter((line) => line.includes('"event":"request"'))
      .map((line) => JSON.parse(line).status);
    expect(requests).toEqual([404]);
    // The stop's own lines are written all the same.
    expect(stderr).toContain('"event":"shutdown_complete"');
  });

  it("stops at start with one line naming a bad setting", async () => {
    // Each start is a process of its own: all at once, each checked as it was asked.
    const [result, catalog, noKey, wrongKey, shop, pasted, ...where] = await Promise.all([
      runCli({ KIOSK_PLATFORM: "sandbox", PORT: "70000" }),
      runCli({ KIOSK_SANDBOX_CATALOG: "package.json", PORT: "0" }),
      runCli({ KIOSK_PLATFORM: "sellvy" }),
      runCli({
        KIOSK_PLATFORM: "sx",
        KIOSK_SECRET_KEY: "not-an-sx-key",
        KIOSK_API_BASE: "http://127.0.0.1:9",
      }),
      runCli({ KIOSK_SHOP_URL: "ftp://shop.example", PORT: "0" }),
      // A value pasted with a second line is still shown on one.
      runCli({ KIOSK_SHOP_URL: "ftp://shop.example\nsecond", PORT: "0" }),
      // An address this machine does not have (TEST-NET-1), and a name that resolves nowhere.
      ...["192.0.2.1", "no-such-host.invalid"].map((host) => runCli({ HOST: host, PORT: "0" })),
    ]);
    expect(result?.code).toBe(1);
    expect(result?.stderr.trim().split("\n")).toHaveLength(1);
    expect(result?.stderr).toMatch(/^kiosk: PORT: /);
    expect(catalog?.code).toBe(1);
    expect(catalog?.stderr).toMatch(/^kiosk: KIOSK_SANDBOX_CATALOG: package\.json: store/);
    expect(noKey?.stderr).toBe("kiosk: KIOSK_SECRET_KEY: is required for KIOSK_PLATFORM=sellvy\n");
    expect(wrongKey?.code).toBe(1);
    expect(wrongKey?.stderr).toMatch(/^kiosk: KIOSK_SECRET_KEY: [^\n]*\n$/);
    expect(wrongKey?.stderr).not.toContain("not-an-sx-key");
    expect(shop?.code).toBe(1);
    expect(shop?.stderr).toBe(
      'kiosk: KIOSK_SHOP_URL: must be an http(s) URL, such as https://shop.example (got "ftp://shop.example")\n',
    );
    expect(pasted?.code).toBe(1);
    expect(pasted?.stderr.trim().split("\n")).toHaveLength(1);
    expect(pasted?.stderr).toMatch(/^kiosk: KIOSK_SHOP_URL: /);
    expect(where).toHaveLength(2);
    for (const { code, stderr } of where) {
      expect(code).toBe(1);
      expect(stderr).toMatch(/^kiosk: HOST: cannot listen there \([A-Z_]+\)\n$/);
    }
  });
});

describe("kiosk serve stopped at start", () => {
  it("writes the log's lines before its own last line, which names what stopped it", async () => {
    // The store says it is ready (a routine line, which waits for the log's next write), then
    // the catalog cannot be read.
    const redis = await startTestRedis();
    try {
      const { code, stderr } = await runCli({
        KIOSK_REDIS_URL: redis.url,
        KIOSK_SANDBOX_CATALOG: "no-such-catalog.json",
        PORT: "0",
      });
      expect(code).toBe(1);
      const lines = stderr.trim().split("\n");
      expect(lines.at(-1)).toMatch(/^kiosk: KIOSK_SANDBOX_CATALOG: no-such-catalog\.json: /);
      expect(lines.slice(0, -1).map((line) => JSON.parse(line).event)).toEqual(["store_ready"]);
    } finally {
      await redis.stop();
    }
  });
});

describe("kiosk --help", () => {
  it("lists the platforms the registry has, the sandbox first", async () => {
    // The settings, KIOSK_PLATFORM's among them, are listed by `kiosk serve --help`.
    const child = spawn(process.execPath, ["bin/kiosk.js", "serve", "--help"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "" },
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once("close", resolve));
    expect(code).toBe(0);
    const listed = /^\s*KIOSK_PLATFORM\s+(.+) \(default sandbox\)$/m.exec(stdout)?.[1];
    expect(listed?.split(" | ")).toEqual(["sandbox", ...Object.keys(platformAdapters)]);
  });
});
