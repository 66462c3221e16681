import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packedTarball } from "../support/packed-package";
import { preactConsumer } from "../support/preact-consumer";

/**
 * The packed package as a TypeScript app sees it: `npm pack` of the built `dist/` (packed once
 * per run with the installed-package suite), unpacked where `npm install`
 * would put it, and a consumer type-checked against it with the usual module resolutions.
 * The consumer lives under the repository, so the package's own dependencies resolve from the
 * repository's `node_modules` without a registry.
 */
const root = process.cwd();
const tsc = join(
  dirname(createRequire(join(root, "package.json")).resolve("typescript/package.json")),
  "bin",
  "tsc",
);

const consumer = `
import { createKiosk, defineElements, KioskError, mountPage, type MountedPage, type PageOptions } from "kiosk-checkout";
import type {} from "kiosk-checkout/embed.js";
import { createApp, createMemoryStore, UpstreamError, type AppOptions, type SellerPlatform, type UpstreamFailure } from "kiosk-checkout/server";
import { nodeOptions, toNodeHandler } from "kiosk-checkout/node";

const options: PageOptions = { apiBase: "https://shop.example/api", watch: false };
const page: MountedPage = mountPage(options);
defineElements(page);
page.stop();
void createKiosk(options).checkout({ productId: "pro-license" });
export const isKioskError = (error: unknown): error is KioskError => error instanceof KioskError;

// @ts-expect-error the API base is a URL string
mountPage({ apiBase: 42 });

// The script tag's API and events, typed by the embed entry: its members but ready come with it.
const Kiosk = await window.Kiosk?.ready;
void Kiosk?.open("pro-license", { quantity: 2 }).catch((error: KioskError) => error.kind);
document.addEventListener("kiosk:complete", ({ detail: { orderId, total } }) => {
  console.log(orderId, total.amount / 100, total.currency);
});
// @ts-expect-error Kiosk.open takes a product id
void Kiosk?.open(42);
// @ts-expect-error until ready resolves, window.Kiosk may hold ready alone
void window.Kiosk?.open("pro-license");

// The custom elements, typed where they are made or found: options read as text, set from values.
const card = document.createElement("kiosk-product");
card.product = "pro-license";
card.quantity = 2;
const quantity: string | null = card.quantity;
void quantity;
const grid = document.querySelector("kiosk-storefront");
if (grid) grid.limit = 12;
// @ts-expect-error a storefront lists products: it has no product option
if (grid) grid.product = "pro-license";
// @ts-expect-error a read option is text, not a number
const seats: number = card.quantity;
void seats;

// @ts-expect-error internals are not part of the public entry
import { mountInShadow } from "kiosk-checkout";
void mountInShadow;

const failure: UpstreamFailure = new UpstreamError("unavailable", "down").failure;
// @ts-expect-error failures are a closed list
new UpstreamError("teapot", "no");
export const store = createMemoryStore();
export type Platform = SellerPlatform;
export { failure };

export const mounted = (platform: SellerPlatform) => {
  const options: AppOptions = { platform, basePath: "/shop", ...nodeOptions() };
  return toNodeHandler(createApp(options));
};
// @ts-expect-error the platform is required
createApp({ basePath: "/shop" });
// Settings read from the environment, unset or not, under exactOptionalPropertyTypes.
export const configured = (platform: SellerPlatform) =>
  createApp({ platform, basePath: process.env.BASE_PATH, shopUrl: process.env.KIOSK_SHOP_URL });
`;

/** A React app of the React entry's components, in JSX (React's automatic runtime). */
const reactConsumer = `
import { StrictMode } from "react";
import { BuyButton, type CheckoutState, KioskProvider, ProductCard, Storefront, useCheckout } from "kiosk-checkout/react";

function Status() {
  const { state, open, close } = useCheckout();
  const stage: CheckoutState["stage"] = state.stage;
  return <button type="button" onClick={() => (state.isOpen ? close() : void open("pro-license", { quantity: 2 }))}>{stage}</button>;
}

export const app = (
  <StrictMode>
    <KioskProvider apiBase="https://shop.example/api" locale="de" theme={{ accent: "#0f766e", cardHeight: "24rem" }}>
      <ProductCard productId="pro-license" coupon="WELCOME10" locked={["coupon"]} headingLevel={3} />
      <BuyButton productId="starter-account" quantity={2} className="cta">Buy</BuyButton>
      <BuyButton productId="team-seats" id="hero" aria-describedby="note" data-track="hero" style={{ marginTop: 4 }} onClick={(event) => event.currentTarget.blur()}>Buy</BuyButton>
      <Storefront category="software" limit={6} aria-label="Software" />
      <Status />
    </KioskProvider>
  </StrictMode>
);

// @ts-expect-error the product id is required
export const missing = <ProductCard />;
// @ts-expect-error a Buy button stays type="button": it submits no form of the app's
export const submits = <BuyButton productId="pro-license" type="submit" />;
// @ts-expect-error whether it can be pressed is the widget's to say (sold out or not)
export const enabled = <BuyButton productId="pro-license" disabled={false} />;
// @ts-expect-error the theme names the widget's variables
export const unknownVariable = <KioskProvider apiBase="/api" theme={{ acent: "red" }} />;
// @ts-expect-error stages are a closed list
export const shipped: CheckoutState["stage"] = "shipped";
`;

function tsconfig(moduleResolution: "bundler" | "nodenext"): string {
  return JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: moduleResolution === "bundler" ? "ESNext" : "NodeNext",
      moduleResolution,
      lib: ["ES2022", "DOM", "DOM.Iterable"],
      types: ["node"],
      strict: true,
      // The strictest settings an app may use: options passed from the environment are
      // `string | undefined`, which every optional option takes.
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      jsx: "react-jsx",
      noEmit: true,
      // As most apps do; the expected errors above prove the declarations are real, not `any`.
      skipLibCheck: true,
    },
    files: ["consumer.ts", "react-app.tsx", "preact-app.tsx"],
  });
}

let dir = "";
/** tsc's output for each resolution, both run at once; empty when the consumer type-checks. */
const checked = new Map<string, Promise<string>>();

function typeCheck(resolution: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      // One thread each: the two run beside each other and the rest of the suite.
      [tsc, "-p", `tsconfig.${resolution}.json`, "--singleThreaded"],
      { cwd: dir },
      (error, stdout) => resolve(error ? stdout || String(error) : ""),
    );
  });
}

beforeAll(async () => {
  mkdirSync(join(root, ".tsbuild"), { recursive: true });
  dir = mkdtempSync(join(root, ".tsbuild", "consumer-"));
  const tarball = await packedTarball();
  const installed = join(dir, "node_modules", "kiosk-checkout");
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", type: "module" }));
  writeFileSync(join(dir, "consumer.ts"), consumer);
  writeFileSync(join(dir, "react-app.tsx"), reactConsumer);
  writeFileSync(join(dir, "preact-app.tsx"), preactConsumer);
  for (const resolution of ["bundler", "nodenext"] as const) {
    writeFileSync(join(dir, `tsconfig.${resolution}.json`), tsconfig(resolution));
    checked.set(resolution, typeCheck(resolution));
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(checked.values());
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the packed package", () => {
  it.each(["bundler", "nodenext"])(
    "type-checks in an app with %s resolution",
    async (resolution) => {
      expect(await checked.get(resolution)).toBe("");
    },
  );
});
