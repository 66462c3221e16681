import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createdOrderSchema, orderSchema, productSchema, quoteSchema } from "../../src/core";
import { type KioskProcess, startKiosk } from "../support/kiosk-process";
import { packedTarball } from "../support/packed-package";
import { preactConsumer } from "../support/preact-consumer";

const run = promisify(execFile);
/**
 * The package as a merchant gets it: `npm pack` of the build, installed from the tarball into a
 * fresh app outside the repository (its dependencies from the registry) beside the app's own
 * Preact, as the README's Preact section has it, started with `npx kiosk serve` from that
 * app's folder.
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
    [
      "install",
      tarball,
      // A newer major than the one Kiosk is built with: the app's Preact is the one Kiosk uses.
      "preact@11",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ],
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
    expect(tarballFiles).toContain("package/LICENSE");
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

  it("kiosk-checkout/preact renders with the app's own Preact: one copy, hooks and all", async () => {
    const fromApp = createRequire(join(app, "package.json"));
    const fromEntry = createRequire(fromApp.resolve("kiosk-checkout/preact"));
    expect(fromEntry.resolve("preact")).toBe(fromApp.resolve("preact"));
    expect(
      JSON.parse(readFileSync(join(app, "node_modules/preact/package.json"), "utf8")).version,
    ).toMatch(/^11\./);
    // The README's Preact app without JSX, in happy-dom's DOM; with a second Preact inside the
    // package, its hooks (useCheckout) would throw on the app's first render.
    writeFileSync(join(app, "preact-app.mjs"), preactApp(pathToFileURL(domModule).href));
    const { stdout } = await run(process.execPath, ["preact-app.mjs", `${kiosk?.url}/api`], {
      cwd: app,
    });
    expect(JSON.parse(stdout)).toEqual({
      card: expect.stringContaining("Forge Studio Pro"),
      stage: "browsing",
    });
  });

  it("kiosk-checkout/preact type-checks in a strict app on the Preact it installs, its declarations and all", async () => {
    const typescript = createRequire(import.meta.url).resolve("typescript/package.json");
    const tsc = join(dirname(typescript), "bin", "tsc");
    writeFileSync(join(app, "preact-app.tsx"), preactConsumer);
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "ESNext",
          moduleResolution: "bundler",
          lib: ["ES2022", "DOM", "DOM.Iterable"],
          types: [],
          strict: true,
          jsx: "react-jsx",
          noEmit: true,
          // The package's declarations are checked too: a type Preact 11 no longer has is an error.
          skipLibCheck: false,
        },
        files: ["preact-app.tsx"],
      }),
    );
    const checked = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: app }).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(checked).toBe("");
  });

  it("loads its browser entries where there is no DOM, as a server rendering the page does", async () => {
    const script = `const entries = ["kiosk-checkout", "kiosk-checkout/preact"];
for (const entry of entries) console.log(entry, Object.keys(await import(entry)).length > 0);`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: app,
    });
    expect(stdout.trim().split("\n")).toEqual([
      "kiosk-checkout true",
      "kiosk-checkout/preact true",
    ]);
  });
});

const domModule = createRequire(import.meta.url).resolve("happy-dom");

function preactApp(happyDom: string): string {
  return `import { Window } from ${JSON.stringify(happyDom)};
const window = new Window({ url: "http://localhost:5173/" });
for (const key of Object.getOwnPropertyNames(window)) {
  if (key in globalThis && key !== "window" && key !== "document") continue;
  Object.defineProperty(globalThis, key, { value: window[key], configurable: true, writable: true });
}
const { h, render } = await import("preact");
const { KioskProvider, ProductCard, useCheckout } = await import("kiosk-checkout/preact");
function OrderStatus() {
  const { state } = useCheckout();
  return h("span", { id: "stage" }, state.stage);
}
const shop = document.createElement("div");
document.body.append(shop);
render(
  h(KioskProvider, { apiBase: process.argv[2] }, h(ProductCard, { productId: "pro-license" }), h(OrderStatus, null)),
  shop,
);
const card = () => shop.querySelector("[data-kiosk-product]")?.shadowRoot?.textContent ?? "";
for (let tries = 0; tries < 200 && !card().includes("Forge Studio Pro"); tries++) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
console.log(JSON.stringify({ card: card(), stage: shop.querySelector("#stage")?.textContent }));
process.exit(0);
`;
}
