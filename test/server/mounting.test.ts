import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createdOrderSchema, orderSchema, productSchema } from "../../src/core";
import { type KioskProcess, startKiosk } from "../support/kiosk-process";
import { startTestRedis, type TestRedis } from "../support/redis-server";

/**
 * The README's mounting snippets are the files in examples/, run as written (they import
 * `kiosk-checkout/…`, which resolves to this package's build) from an app folder that holds a
 * `catalog.json`, as `kiosk init` leaves one.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const example = (name: string) => join(root, "examples", name);

let app = "";
beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), "kiosk-mount-"));
  copyFileSync(join(root, "demo", "catalog.json"), join(app, "catalog.json"));
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe("the README's snippets", () => {
  it.each([
    "standalone.js",
    "hono.js",
    "express.js",
    "express-after-json.js",
    "fetch.js",
    "redis.js",
  ])("shows examples/%s as it is", (name) => {
    expect(readme).toContain(`\`\`\`js\n${readFileSync(example(name), "utf8")}\`\`\``);
  });
});

/** A sandbox purchase through a proxy mounted at `base` (such as `http://127.0.0.1:1234/shop`). */
async function buyUnder(base: string) {
  const bundle = await fetch(`${base}/embed.js`);
  expect(bundle.status).toBe(200);
  const buyPage = await (await fetch(`${base}/buy/pro-license`)).text();
  const path = base.slice(new URL(base).origin.length);
  expect(buyPage).toContain(`<script src="${path}/embed.js" data-api="${path}/api" defer>`);

  const product = productSchema.parse(
    await (await fetch(`${base}/api/products/pro-license`)).json(),
  );
  // The catalog's `/demo/images/…` pictures are the proxy's own files, below its path too.
  const [image = ""] = product.images;
  expect(image).toBe(`${base}/demo/images/pro-license.svg`);
  const picture = await fetch(image);
  expect(picture.status).toBe(200);
  expect(picture.headers.get("content-type")).toBe("image/svg+xml");
  expect(buyPage).toContain(`src="${image}"`);
  const items = [{ productId: product.id, quantity: 1 }];
  const quote = await fetch(`${base}/api/quote`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ items, coupon: "WELCOME10" }),
  });
  expect(quote.status).toBe(200);
  expect((await quote.json()).coupon).toMatchObject({ code: "WELCOME10", valid: true });

  const ordered = await fetch(`${base}/api/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `mount-${Math.random()}` },
    body: JSON.stringify({ items, email: "buyer@example.com" }),
  });
  expect(ordered.status).toBe(201);
  const created = createdOrderSchema.parse(await ordered.json());
  const checkoutUrl = created.checkoutUrl ?? "";
  expect(checkoutUrl.startsWith(`${base}/sandbox/pay/`)).toBe(true);

  const payPage = await (await fetch(checkoutUrl)).text();
  expect(payPage).toContain(`action="${path}/sandbox/pay/${created.id}"`);
  const token = new URL(checkoutUrl).searchParams.get("token") ?? "";
  const paid = await fetch(`${base}/sandbox/pay/${created.id}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ outcome: "paid", token }),
  });
  expect(await paid.json()).toEqual({ id: created.id, status: "completed" });

  const order = orderSchema.parse(
    await (
      await fetch(`${base}/api/orders/${created.id}`, {
        headers: { authorization: `Bearer ${created.token}` },
      })
    ).json(),
  );
  expect(order.status).toBe("completed");
}

describe.each([
  ["hono.js", "Hono under /shop"],
  ["express.js", "Express under /shop, before express.json()"],
  ["express-after-json.js", "Express under /shop, after express.json()"],
])("examples/%s (%s)", (name) => {
  let shop: KioskProcess;
  beforeAll(async () => {
    shop = await startKiosk({}, { command: [process.execPath, example(name)], cwd: app });
  });
  afterAll(() => shop?.stop());

  it("sells under the path: bundle, buy page, quote, order, pay page, payment, order", async () => {
    await buyUnder(`${shop.url}/shop`);
  });

  it("leaves the app's own routes alone", async () => {
    expect((await fetch(`${shop.url}/api/products`)).status).toBe(404);
    if (name.startsWith("express")) {
      const contact = await fetch(`${shop.url}/contact`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "hi" }),
      });
      expect(await contact.json()).toEqual({ received: { message: "hi" } });
    }
  });
});

describe("examples/standalone.js", () => {
  it("serves at the root, and stops on SIGTERM as kiosk serve does", async () => {
    const shop = await startKiosk(
      {},
      { command: [process.execPath, example("standalone.js")], cwd: app },
    );
    let stopped = false;
    try {
      await buyUnder(`${shop.url}`.replace(/\/$/, ""));
      // A graceful stop: requests finish, streams end, and the process exits cleanly.
      expect(await shop.stop()).toBe(0);
      stopped = true;
      expect(shop.log()).toContain("shutdown_complete");
    } finally {
      if (!stopped) await shop.stop();
    }
  });

  it("stops at a bad setting with one line naming it, and takes flags as kiosk serve does", async () => {
    const run = (args: string[], env: Record<string, string>) =>
      promisify(execFile)(process.execPath, [example("standalone.js"), ...args], {
        cwd: app,
        env: { PATH: process.env.PATH ?? "", ...env },
      }).then(
        () => ({ code: 0, stderr: "" }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    const badPort = await run([], { PORT: "eighty" });
    expect(badPort.code).toBe(1);
    expect(badPort.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^kiosk: PORT: /)]);
    const badFlag = await run(["--platfrom", "sx"], { PORT: "0" });
    expect(badFlag.code).toBe(1);
    expect(badFlag.stderr.trim().split("\n")).toHaveLength(1);
    expect(badFlag.stderr).toMatch(/--platfrom/);
  });
});

describe("examples/fetch.js", () => {
  it("answers a Request with a Response, no server involved", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [example("fetch.js")], {
      cwd: app,
    });
    expect(stdout).toBe("200 The e-book 900 EUR\n");
  });
});

describe("examples/redis.js", () => {
  let redis: TestRedis;
  const shops: KioskProcess[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
    // A policy that may evict, as managed services often default to: each instance says so.
    const admin = new Redis(redis.url);
    await admin.config("SET", "maxmemory-policy", "allkeys-lru");
    admin.disconnect();
    for (let i = 0; i < 2; i++) {
      shops.push(
        await startKiosk(
          { KIOSK_REDIS_URL: redis.url },
          { command: [process.execPath, example("redis.js")], cwd: app },
        ),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(shops.map((shop) => shop.stop()));
    await redis?.stop();
  });

  it("logs, as kiosk serve does, that Redis may evict (no logger passed)", () => {
    for (const shop of shops) {
      expect(shop.log()).toMatch(/"event":"store_may_evict".*"policy":"allkeys-lru"/);
    }
  });

  it("sells, and one key sent to both instances makes one order", async () => {
    const [one, two] = shops.map((shop) => `${shop.url}`.replace(/\/$/, ""));
    await buyUnder(one ?? "");
    const key = `redis-${Math.random()}`;
    const order = (base: string | undefined) =>
      fetch(`${base}/api/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({
          items: [{ productId: "pro-license", quantity: 1 }],
          email: "b@example.com",
        }),
      });
    const first = await order(one);
    expect(first.status).toBe(201);
    // The sandbox's orders live in each process; the key's record lives in Redis, so the
    // second instance answers with the first one's order instead of making its own.
    const second = await order(two);
    expect(second.status).toBe(201);
    const ids = [first, second].map(
      async (response) => createdOrderSchema.parse(await response.json()).id,
    );
    const [a, b] = await Promise.all(ids);
    expect(b).toBe(a);
  });
});
