import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { build, type Rolldown } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contrastRatio, parseColor } from "../../src/core/contrast";
import {
  launchChromium,
  type MerchantSite,
  type RunningProxy,
  startMerchant,
  startProxy,
} from "./harness";

/**
 * `kiosk-checkout/react` in real React 18 and 19 apps (in `<StrictMode>`, development builds, so
 * React mounts, unmounts and mounts again) and `kiosk-checkout/preact` in a Preact app, each
 * built with Vite from the README's snippet (the files in examples/, imported by the package's
 * name, so through its `exports`), then bought from in Chromium against `kiosk serve`.
 */
const root = process.cwd();
const readme = readFileSync(join(root, "README.md"), "utf8");
/** The snippets' API base, which the build points at the test's proxy. */
const placeholder = "https://shop.example/api";

interface App {
  readonly name: string;
  readonly example: string;
  /** The npm alias suffix of the React the app is built with (`react-18`, `react-dom-18`). */
  readonly react?: "18" | "19";
  /** Whether StrictMode mounts each widget twice (and unmounts the first). */
  readonly strict: boolean;
  /** Whether the page also has `embed.js`, as a site-wide layout would put on every page. */
  readonly embed?: boolean;
  /** The app's entry when it is not one of the README's examples. */
  readonly input?: string;
}

const apps: readonly App[] = [
  { name: "React 18", example: "react-app.jsx", react: "18", strict: true },
  { name: "React 19", example: "react-app.jsx", react: "19", strict: true, embed: true },
  { name: "Preact", example: "preact-app.jsx", strict: false },
];

/** The app's bundle, by path, as `vite build` makes it for a development build. */
async function buildApp(app: App, apiBase: string): Promise<Record<string, string>> {
  const built = await build({
    configFile: false,
    root,
    logLevel: "silent",
    mode: "development",
    define: { "process.env.NODE_ENV": JSON.stringify("development") },
    resolve: {
      // The app imports `react` and `react-dom/client`; the devDependencies hold each version
      // under an alias. Every import is rewritten, react-dom's own included.
      alias: app.react
        ? [{ find: /^react(-dom)?(\/.*)?$/, replacement: `react$1-${app.react}$2` }]
        : [],
    },
    oxc: { jsx: { runtime: "automatic", importSource: app.react ? "react" : "preact" } },
    plugins: [
      {
        name: "test-api-base",
        transform: (code) =>
          code.includes(placeholder) ? code.replaceAll(placeholder, apiBase) : null,
      },
    ],
    build: {
      write: false,
      minify: false,
      target: "es2022",
      modulePreload: false,
      rolldownOptions: {
        input: app.input ?? join(root, "examples", app.example),
        output: { format: "es", entryFileNames: "app.js", chunkFileNames: "[name]-[hash].js" },
      },
    },
  });
  const outputs = (Array.isArray(built) ? built : [built]) as Rolldown.RolldownOutput[];
  const files: Record<string, string> = {};
  for (const file of outputs.flatMap((output) => output.output)) {
    if (file.type === "chunk") files[`/${file.fileName}`] = file.code;
  }
  return files;
}

/** A Preact app that switches its provider's theme (not an example: it tests one thing). */
const themeSwitch: App = {
  name: "Preact, theme switch",
  example: "theme-switch-app.jsx",
  input: join(root, "test", "browser", "fixtures", "theme-switch-app.jsx"),
  strict: false,
};

let browser: Browser;
let proxy: RunningProxy;
const sites = new Map<string, MerchantSite>();
const bundles = new Map<string, Record<string, string>>();

beforeAll(async () => {
  [browser, proxy] = await Promise.all([launchChromium(), startProxy()]);
  const built = await Promise.all(
    [...apps, themeSwitch].map((app) => buildApp(app, `${proxy.origin}/api`)),
  );
  const html = (app: App) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
    <title>Shop</title><script type="module" src="/app.js"></script>
    ${app.embed ? `<script src="${proxy.origin}/embed.js" defer></script>` : ""}</head>
    <body><h1>Shop</h1><div id="shop"></div></body></html>`;
  await Promise.all(
    [...apps, themeSwitch].map(async (app, index) => {
      const files = built[index] ?? {};
      bundles.set(app.name, files);
      sites.set(app.name, await startMerchant(html(app), proxy.origin, files));
    }),
  );
});

afterAll(async () => {
  await Promise.all([...sites.values()].map((site) => site.stop()));
  await browser?.close();
  await proxy?.stop();
});

describe("the component entries", () => {
  it("leave a Preact app's own Preact alone: no @preact/signals, whose import hooks into it", () => {
    const dist = join(root, "dist", "preact");
    const code = readdirSync(dist)
      .filter((name) => name.endsWith(".js"))
      .map((name) => readFileSync(join(dist, name), "utf8"))
      .join("\n");
    expect(code).toContain('from "@preact/signals-core"');
    expect(code).not.toMatch(/from "@preact\/signals"/);
  });

  it.each(["react-app.jsx", "preact-app.jsx"])("are shown in the README as examples/%s", (name) => {
    expect(readme).toContain(
      `\`\`\`jsx\n${readFileSync(join(root, "examples", name), "utf8")}\`\`\``,
    );
  });

  it("build each React app with its own React, from an entry marked for the client", () => {
    // Frameworks with React Server Components (Next.js) need the directive to render it at all.
    expect(readFileSync(join(root, "dist", "react", "index.js"), "utf8")).toMatch(
      /^"use client";\n/,
    );
    for (const app of apps) {
      const code = Object.values(bundles.get(app.name) ?? {}).join("\n");
      if (app.react) {
        const other = app.react === "18" ? "19.3.1" : "18.3.1";
        expect(code).toContain(app.react === "18" ? '"18.3.1"' : '"19.3.1"');
        expect(code).not.toContain(`"${other}"`);
      }
    }
  });

  // Side by side: each has its own site and browser context, and mostly waits on the network.
  it.concurrent.each(apps)("sell through a full sandbox purchase in $name", async (app) => {
    const site = sites.get(app.name);
    if (!site) throw new Error(`${app.name} was not built`);
    const context = await browser.newContext();
    try {
      // Counts each widget mounted into a shadow root, by its host.
      await context.addInitScript(() => {
        const page = window as unknown as { mounts: string[] };
        page.mounts = [];
        const append = ShadowRoot.prototype.append;
        ShadowRoot.prototype.append = function (this: ShadowRoot, ...nodes) {
          for (const node of nodes) {
            if (node instanceof HTMLElement && node.className === "kiosk") {
              const host = this.host;
              page.mounts.push(
                host.getAttribute("data-kiosk-product") ??
                  (host.hasAttribute("data-kiosk-storefront") ? "storefront" : host.tagName),
              );
            }
          }
          append.apply(this, nodes);
        };
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(site.origin);

      const card = page.locator('[data-kiosk-product="pro-license"]');
      await card.getByRole("heading", { name: /Forge Studio Pro/ }).waitFor();
      const storefront = page.locator("[data-kiosk-storefront]");
      await storefront.getByRole("heading", { name: "Retro Palette Pack" }).waitFor();

      // StrictMode mounted each widget twice; one is left, in one shadow root. On the page with
      // `embed.js` too, the embed leaves the components' elements to them.
      const mounts = await page.evaluate(() => (window as unknown as { mounts: string[] }).mounts);
      const times = app.strict ? 2 : 1;
      expect(mounts.filter((host) => host === "pro-license")).toHaveLength(times);
      expect(mounts.filter((host) => host === "storefront")).toHaveLength(times);
      const containers = await page.evaluate(() =>
        [...document.querySelectorAll("[data-kiosk-product], [data-kiosk-storefront]")].map(
          (host) => host.shadowRoot?.querySelectorAll(".kiosk").length,
        ),
      );
      expect(containers).toEqual([1, 1]);
      expect(await card.locator("article").count()).toBe(1);

      // The provider's theme reaches the card.
      const buy = card.getByRole("button", { name: "Buy" });
      const accent = "rgb(15, 118, 110)";
      expect(await buy.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe(accent);

      await buy.click();
      const dialog = page.getByRole("dialog", { name: "Checkout" });
      await dialog.locator('[data-kiosk="total"]', { hasText: "$29.99" }).waitFor();
      expect(await page.locator("[data-kiosk-checkout]").count()).toBe(1);
      await dialog.getByRole("textbox", { name: "Email for delivery" }).fill("buyer@example.com");
      const pay = dialog.getByRole("button", { name: "Pay $29.99" });
      // …and the checkout.
      expect(await pay.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe(accent);
      const popup = context.waitForEvent("page");
      const created = page.waitForResponse(
        (response) =>
          response.request().method() === "POST" && /\/api\/orders$/.test(response.url()),
      );
      await pay.click();
      const order = (await (await created).json()) as { id: string };
      const payment = await popup;
      await payment.getByRole("button", { name: "Pay" }).click();
      await dialog.getByText("Thank you! Your order is complete.").waitFor();
      expect(await dialog.locator("code").count()).toBeGreaterThan(0);

      // useCheckout() followed it.
      await page.getByText(`Order ${order.id}: complete`).waitFor();
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });

      // BuyButton opens one checkout, prefilled.
      await page.getByRole("button", { name: "Two starter accounts" }).click();
      expect(await dialog.getByRole("textbox", { name: "Quantity" }).inputValue()).toBe("2");
      expect(await page.locator("[data-kiosk-checkout]").count()).toBe(1);
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });

      // useCheckout().open does too.
      await page.getByRole("button", { name: "Three starter accounts" }).click();
      expect(await dialog.getByRole("textbox", { name: "Quantity" }).inputValue()).toBe("3");
      expect(await page.locator("[data-kiosk-checkout]").count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("themes its widgets again when the provider's theme changes, legible each time", async () => {
    const site = sites.get(themeSwitch.name);
    if (!site) throw new Error(`${themeSwitch.name} was not built`);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(site.origin);
      const buy = page.locator('[data-kiosk-product="pro-license"]').getByRole("button", {
        name: "Buy",
      });
      await buy.waitFor();
      /** The Buy button's text and background colours, once they are the accent's. */
      const colours = async (accent: string) => {
        const background = parseColor(accent);
        let seen: { text: string; background: string } = { text: "", background: "" };
        await expect
          .poll(async () => {
            seen = await buy.evaluate((button) => {
              const style = getComputedStyle(button);
              return { text: style.color, background: style.backgroundColor };
            });
            return parseColor(seen.background);
          })
          .toEqual(background);
        const text = parseColor(seen.text);
        if (!text || !background) throw new Error(`unreadable colours ${JSON.stringify(seen)}`);
        return contrastRatio(text, background);
      };
      // White on yellow would not read: the widget chose a dark text instead.
      expect(await colours("#fde047")).toBeGreaterThanOrEqual(4.5);
      await page.getByRole("button", { name: "Switch colours" }).click();
      // The dark text kept on the dark blue would not read either: it was chosen again.
      await expect.poll(() => colours("#1e3a8a")).toBeGreaterThanOrEqual(4.5);
      // The theme taken away: the widget's own accent again, none of the provider's left behind.
      await page.getByRole("button", { name: "Switch colours" }).click();
      await expect.poll(() => colours("#4f46e5")).toBeGreaterThanOrEqual(4.5);
    } finally {
      await context.close();
    }
  });
});
