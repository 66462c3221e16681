// `npm run screenshots`: pictures of the demo shop for the README, taken in Debian's Chromium from
// the real CLI proxy on the sandbox: the shop, a product page, a card in the light, dark and a
// merchant's theme, the open checkout and the hosted /buy page. Writes docs/screenshots/*.png.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync, inflateSync } from "node:zlib";
import { chromium } from "playwright-core";
import { startProxy } from "./bench/sites.js";

const out = join(process.cwd(), "docs", "screenshots");
const viewport = { width: 1200, height: 800 };
const log = (line) => process.stderr.write(`screenshots: ${line}\n`);

/**
 * Opens `path` on the proxy in `scheme`, lets `ready` wait for what the picture shows (and
 * return a clip), and writes `name.png`.
 */
async function shoot(name, path, scheme, ready) {
  const context = await browser.newContext({
    viewport,
    colorScheme: scheme,
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  await page.goto(`${proxy.origin}${path}`);
  const clip = await ready(page);
  // Fonts and images settle before the picture is taken.
  await page.evaluate(() => document.fonts.ready);
  const png = await page.screenshot({ ...(clip ? { clip } : {}), animations: "disabled" });
  const file = join(out, `${name}.png`);
  writeFileSync(file, recompress(png));
  log(`${file} (${readFileSync(file).length} B)`);
  await context.close();
}

async function cardsReady(page) {
  await page
    .getByRole("heading", { name: /Forge Studio Pro/ })
    .first()
    .waitFor();
  await page
    .getByRole("heading", { name: /Custom Sprite Commission/ })
    .first()
    .waitFor();
  await loaded(page.locator("[data-kiosk-product] img"));
}

/** Waits until every image the locator finds has arrived and decoded. */
async function loaded(images) {
  await images.first().waitFor();
  await images
    .page()
    .waitForFunction(
      (all) => all.every((image) => image.complete && image.naturalWidth > 0),
      await images.elementHandles(),
    );
}

/** The same PNG with its image data deflated at level 9: a smaller file, the same pixels. */
function recompress(png) {
  const chunks = [];
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    chunks.push({ type, data: png.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
  }
  const data = inflateSync(
    Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data)),
  );
  const parts = [png.subarray(0, 8)];
  let wroteData = false;
  for (const chunk of chunks) {
    if (chunk.type === "IDAT") {
      if (!wroteData) parts.push(pngChunk("IDAT", deflateSync(data, { level: 9, memLevel: 9 })));
      wroteData = true;
    } else parts.push(pngChunk(chunk.type, chunk.data));
  }
  return Buffer.concat(parts);
}

function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

let proxy;
let browser;

async function main() {
  // The hosted page's way back leads to the shop's own site, which the pictures never open.
  proxy = await startProxy(join(process.cwd(), "demo", "catalog.json"), {
    KIOSK_SHOP_URL: "https://pixelforge.example/",
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"],
  });

  try {
    mkdirSync(out, { recursive: true });

    // The shop as a buyer first sees it, and a product's own page.
    await shoot("demo-shop", "/", "light", async (page) => {
      await cardsReady(page);
    });
    await shoot("demo-product", "/?product=pro-license", "light", async (page) => {
      await page.getByRole("heading", { level: 1, name: /Forge Studio Pro/ }).waitFor();
      await loaded(page.locator("img.product-image"));
    });

    // One card in each theme: the widget's light and dark, and the shop's own colours.
    for (const [name, scheme, selector] of [
      ["card-light", "light", '[data-kiosk-product="pro-license"]'],
      ["card-dark", "dark", '[data-kiosk-product="pro-license"]'],
      ["card-merchant-theme", "light", '[data-kiosk-product="custom-sprite"]'],
    ]) {
      await shoot(name, "/", scheme, async (page) => {
        await cardsReady(page);
        const card = page.locator(selector).first();
        await card.scrollIntoViewIfNeeded();
        const box = await card.boundingBox();
        if (!box) throw new Error(`${selector} has no box`);
        const margin = 16;
        return {
          x: Math.max(0, box.x - margin),
          y: Math.max(0, box.y - margin),
          width: box.width + 2 * margin,
          height: box.height + 2 * margin,
        };
      });
    }

    // The checkout, opened from a card's Buy button, with a coupon applied.
    await shoot("checkout", "/", "light", async (page) => {
      await cardsReady(page);
      await page
        .locator('[data-kiosk-product="pro-license"]')
        .getByRole("button", { name: "Buy" })
        .click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: /^Pay / }).waitFor();
      await dialog.getByLabel("Coupon code").fill("WELCOME10");
      await dialog.getByRole("button", { name: "Apply" }).click();
      await dialog
        .getByText(/WELCOME10/)
        .first()
        .waitFor();
      await dialog.getByRole("button", { name: /^Pay / }).waitFor();
    });

    // The hosted page a buy link opens: the checkout comes up by itself.
    await shoot("hosted-buy", "/buy/team-seats?quantity=3", "light", async (page) => {
      await page.getByRole("dialog").getByRole("button", { name: /^Pay / }).waitFor();
    });
    // The same page once the buyer closed the checkout: what stays behind it.
    await shoot("hosted-buy-closed", "/buy/team-seats?quantity=3", "light", async (page) => {
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: /^Pay / }).waitFor();
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      await loaded(page.locator("main img"));
    });
  } finally {
    await browser.close();
    await proxy.stop();
  }
}

await main();
