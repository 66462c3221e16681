import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

/**
 * The widget's weight on a merchant's page: `embed.js` plus every chunk it loads before the
 * first click (the page entry and its static imports; the checkout chunk loads on Buy).
 */
const budgetBytes = 24 * 1024;
/** Each language but English (which is inline) is a chunk of its own, loaded by pages in it. */
const localeChunkBytes = 2.5 * 1024;
const lazyLocales = ["de", "fr", "es", "ja"];
/** One sentence of each language, to see which catalogue a chunk holds. */
const buyNow: Record<string, string> = {
  en: "Buy now",
  de: "Jetzt kaufen",
  fr: "Acheter maintenant",
  es: "Comprar ahora",
};

const dist = join(process.cwd(), "dist");
const chunksDir = join(dist, "chunks");
const manifestPath = join(chunksDir, ".vite", "manifest.json");

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function built(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return readFileSync(path, "utf8");
}

function gzipSize(text: string): number {
  return gzipSync(text, { level: 9 }).length;
}

/** The files a page loads before any click, from the build's manifest. */
function preClickFiles(): string[] {
  const manifest = JSON.parse(built(manifestPath)) as Record<string, ManifestChunk>;
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
  expect(entries).toHaveLength(1);
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entries[0]?.[0] ?? "");
  return [...files];
}

describe("the widget bundle", () => {
  it(`stays within ${budgetBytes / 1024} KB gzip before the first click`, () => {
    const embed = built(join(dist, "embed.js"));
    const files = preClickFiles();
    // embed.js must load exactly the entry the manifest names, or this measures the wrong files.
    expect(embed).toContain(`chunks/${files[0]}`);
    const sizes = files.map((file) => gzipSize(built(join(chunksDir, file))));
    const total = gzipSize(embed) + sizes.reduce((sum, size) => sum + size, 0);
    expect(total, `embed.js + ${files.join(" + ")} = ${total} bytes gzip`).toBeLessThanOrEqual(
      budgetBytes,
    );
  });

  it("loads the checkout only on demand", () => {
    const manifest = JSON.parse(built(manifestPath)) as Record<string, ManifestChunk>;
    const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
    const lazy = (entry?.dynamicImports ?? []).map((key) => manifest[key]?.file);
    expect(lazy.some((file) => file?.startsWith("open-checkout"))).toBe(true);
    expect(preClickFiles().some((file) => file.startsWith("open-checkout"))).toBe(false);
  });

  it(`loads each language but English as its own chunk of at most ${localeChunkBytes} bytes gzip`, () => {
    const manifest = JSON.parse(built(manifestPath)) as Record<string, ManifestChunk>;
    const preClick = preClickFiles();
    for (const locale of lazyLocales) {
      const chunk = manifest[`src/widget/i18n/${locale}.ts`];
      expect(chunk, `no chunk for ${locale}`).toBeDefined();
      const file = chunk?.file ?? "";
      expect(preClick, locale).not.toContain(file);
      const size = gzipSize(built(join(chunksDir, file)));
      expect(size, `${file} = ${size} bytes gzip`).toBeLessThanOrEqual(localeChunkBytes);
      // A locale's chunk carries its own words only: no other language rides along.
      const text = built(join(chunksDir, file));
      for (const [other, word] of Object.entries(buyNow)) {
        if (other === locale) expect(text, file).toContain(word);
        else expect(text, file).not.toContain(word);
      }
    }
  });

  it("has no node imports, secrets, eval or Function constructors", () => {
    const files = [
      join(dist, "embed.js"),
      join(dist, "kiosk.js"),
      ...readdirSync(chunksDir)
        .filter((file) => file.endsWith(".js"))
        .map((file) => join(chunksDir, file)),
    ];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = built(file);
      expect(text, file).not.toMatch(/["'`]node:/);
      expect(text, file).not.toContain("KIOSK_SECRET_KEY");
      expect(text, file).not.toMatch(/\beval\(/);
      expect(text, file).not.toMatch(/new Function\(/);
    }
  });

  it("uses zod/mini, never full zod, in the browser code", () => {
    const chunks = readdirSync(chunksDir).filter((file) => file.endsWith(".js"));
    const code = chunks.map((file) => built(join(chunksDir, file))).join("\n");
    // Full zod's classes are registered under names like `ZodString`; zod/mini's are `ZodMini…`.
    expect(code).toMatch(/[`"']ZodMiniObject[`"']/);
    expect(code).not.toMatch(/[`"']Zod(String|Object|Number)[`"']/);
  });
});
