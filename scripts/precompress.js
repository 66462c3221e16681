// Writes brotli (.br, quality 11) and gzip (.gz, level 9) copies beside the widget's files, so
// the proxy sends them without compressing per request. Run after `vite build`; the folder is
// `dist` unless given: `node scripts/precompress.js [folder]`.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const text = /\.(js|mjs|css|html|json|svg)$/;
const files = [
  ...["embed.js", "kiosk.js"].map((name) => join(dist, name)),
  ...readdirSync(join(dist, "chunks"))
    .filter((name) => text.test(name))
    .map((name) => join(dist, "chunks", name)),
];

for (const file of files) {
  const raw = readFileSync(file);
  const copies = {
    ".br": brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    ".gz": gzipSync(raw, { level: 9 }),
  };
  for (const [suffix, bytes] of Object.entries(copies)) {
    // A copy no smaller than the file would only cost the buyer a decode.
    if (bytes.length < raw.length) writeFileSync(file + suffix, bytes);
    else rmSync(file + suffix, { force: true });
  }
}
