import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createdOrderSchema, orderSchema, productSchema, quoteSchema } from "../../src/core";
import { type KioskProcess, startKiosk } from "../support/kiosk-process";
import { packedTarball } from "../support/packed-package";

const run = promisify(execFile);
/**
 * The package as a merchant gets it: `npm pack` of the build, installed from the tarball into a
 * fresh app outside the repository (its dependencies from the registry), started with
 * `npx kiosk serve` from that app's folder.
 */
let app = "";
let tarballFiles: string[] = [];
let kiosk: KioskProcess | undefined;

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), "kiosk-app-"));
  const tarball = await packedTarball();
  tarballFiles = (await run("tar", ["-tzf", tarball])).stdout.trim().split("\n");
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "shop", private: true }));
  await run(
    "npm",
    ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
    { cwd: app },
  );
  kiosk = await startKiosk({}, { command: ["npx", "--no-install", "kiosk", "serve"], cwd: app });
}, 120_000);

afterAll(async () => {
  await kiosk?.stop();
  if (app) rmSync(app, { recursive: true, force: true });
});

describe("the installed package (npm pack, npm install, npx kiosk serve)", () => {
  it("ships the build, never the sources", () => {
    expect(tarballFiles).toContain("package/dist/embed.js");
    expect(tarballFiles).toContain("package/demo/catalog.json");
    expect(tarballFiles.filter((file) => file.startsWith("package/src/"))).toEqual([]);
  });

  it("kiosk init copies the package's demo catalog into the app, beside a starter .env", async () => {
    const init = mkdtempSync(join(app, "init-"));
    await run("npx", ["--no-install", "kiosk", "init"], { cwd: init });
    const catalog = JSON.parse(readFileSync(join(init, "catalog.json"), "utf8"));
    expect(catalog.products.map((product: { id: string }) => product.id)).toContain("pro-license");
    expect(readFileSync(join(init, ".env"), "utf8")).toContain(
      "\nKIOSK_SANDBOX_CATALOG=catalog.json\n",
    );
  });

  it("serves the widget bundle from inside the package", async () => {
    const response = await fetch(`${kiosk?.url}/embed.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    expect((await response.text()).length).toBeGreaterThan(100);
  });

  it("sells from the demo catalog: product, quote, order, sandbox payment, completed order", async () => {
    const base = kiosk?.url ?? "";
    const product = productSchema.parse(
      await (await fetch(`${base}/api/products/pro-license`)).json(),
    );
    expect(product.id).toBe("pro-license");
    const items = [{ productId: "pro-license", quantity: 1 }];
    const quote = quoteSchema.parse(
      await (
        await fetch(`${base}/api/quote`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ items }),
        })
      ).json(),
    );
    const ordered = await fetch(`${base}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "installed-order-1" },
      body: JSON.stringify({ items, email: "buyer@example.com" }),
    });
    expect(ordered.status).toBe(201);
    const created = createdOrderSchema.parse(await ordered.json());
    expect(created.total).toEqual(quote.total);
    const payLink = new URL(created.checkoutUrl ?? "no payment link:");
    const paid = await fetch(`${base}${payLink.pathname}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        outcome: "paid",
        token: payLink.searchParams.get("token") ?? "",
      }),
    });
    expect(paid.status).toBe(200);
    const order = orderSchema.parse(
      await (
        await fetch(`${base}/api/orders/${created.id}`, {
          headers: { authorization: `Bearer ${created.token}` },
        })
      ).json(),
    );
    expect(order.status).toBe("completed");
    expect(order.deliveredItems?.[0]?.value).toMatch(/^FORGE-/);
  });
});
