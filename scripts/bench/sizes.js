// Raw, gzip -9 and brotli (quality 11) sizes of the files a page loads.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** The three sizes of one file's bytes. */
export function sizesOf(buffer) {
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
      },
    }).length,
  };
}

/** The summed sizes of several files. */
export function sumSizes(buffers) {
  const total = { raw: 0, gzip: 0, brotli: 0, files: buffers.length };
  for (const buffer of buffers) {
    const sizes = sizesOf(buffer);
    total.raw += sizes.raw;
    total.gzip += sizes.gzip;
    total.brotli += sizes.brotli;
  }
  return total;
}

/**
 * Kiosk's files from the build's manifest: before a click, `embed.js` with the entry and its
 * static imports; with the checkout, those, the checkout's chunk with its static imports and the
 * theme's chunk, which every Buy click imports beside it — what an English page of cards loads up
 * to a purchase (a language's chunk and the storefront's load only on pages that have them).
 */
export function kioskFiles(dist) {
  const chunks = join(dist, "chunks");
  const manifest = JSON.parse(readFileSync(join(chunks, ".vite", "manifest.json"), "utf8"));
  const files = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  const preClick = [...files];
  visit("src/widget/checkout/open-checkout.ts");
  visit("src/widget/theme.ts");
  const embed = join(dist, "embed.js");
  const paths = (list) => list.map((file) => join(chunks, file));
  return { preClick: [embed, ...paths(preClick)], all: [embed, ...paths([...files])] };
}
