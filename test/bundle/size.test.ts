import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

/*
 * The widget's weight on a merchant's page, in gzip -9 bytes, from the build's manifest. Each
 * file has a ceiling of its own, so a failure names the file that grew and by how much; the
 * sums have theirs. A feature that adds bytes raises its file's ceiling by what it adds.
 */

/** Each built file's ceiling, by the chunk's name in the manifest (`embed.js` by its own). */
const ceilings: Record<string, number> = {
  /** It names the chunks by hash, so its gzip size moves by a few bytes with any build. */
  "embed.js": 1_060,
  /**
   * The page code: cards, buy buttons and links, the script API, English, styles, Preact. It
   * names the lazy chunks by hash, so it too moves by a few bytes when one of them changes.
   */
  kiosk: 14_550,
  /** Loaded beside the page code only on a page with a storefront. */
  storefront: 1_830,
  /** Loaded beside the page code only on a page with custom elements (and their templates). */
  elements: 1_300,
  /** Loaded by a page with the merchant's own wording (`data-kiosk-messages`, `messages`). */
  overrides: 500,
  /** Loaded by a themed widget (a forced scheme, the page's own colours) and on a Buy click. */
  theme: 1_646,
  /** Loaded on the first Buy click. */
  "open-checkout": 12_490,
  /**
   * Each language but English, loaded by pages in it. Each imports from the page code by its
   * hash, so each moves by a byte or three with any change to the page code.
   */
  de: 2_220,
  fr: 2_215,
  es: 2_115,
  ja: 2_500,
};
/** A page of cards before any click: `embed.js` and the page code (the goal: 16,000). */
const preClickBytes = 15_590;
/** A page of custom elements (cards, buy buttons, templates) before any click. */
const elementsPageBytes = 16_900;
/** A storefront page before any click. */
const storefrontPageBytes = 17_410;
/** Everything an English page loads up to a purchase: the above, the checkout and the theme (the goal: 30,000). */
const purchaseBytes = 29_710;

const lazyLocales = ["de", "fr", "es", "ja"];
/** One word of each language, to see which catalogue a chunk holds. */
const soldOut: Record<string, string> = {
  en: "Sold out",
  de: "Ausverkauft",
  fr: "Épuisé",
  es: "Agotado",
  ja: "売り切れ",
};

const dist = join(process.cwd(), "dist");
const chunksDir = join(dist, "chunks");
const manifestPath = join(chunksDir, ".vite", "manifest.json");

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

function built(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return readFileSync(path, "utf8");
}

const manifest = (): Manifest => JSON.parse(built(manifestPath)) as Manifest;
const gzipSize = (text: string): number => gzipSync(text, { level: 9 }).length;
const chunkBytes = (file: string): number => gzipSize(built(join(chunksDir, file)));
const embedBytes = (): number => gzipSize(built(join(dist, "embed.js")));

function entryKey(chunks: Manifest): string {
  const entries = Object.keys(chunks).filter((key) => chunks[key]?.isEntry);
  expect(entries).toHaveLength(1);
  return entries[0] ?? "";
}

/** The files a chunk needs before it runs: itself and what it imports statically, deeply. */
function withImports(chunks: Manifest, key: string): string[] {
  const files = new Set<string>();
  const visit = (at: string) => {
    const chunk = chunks[at];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(key);
  return [...files];
}

const keyOf = (chunks: Manifest, src: string): string => {
  expect(chunks[src], `no chunk for ${src}`).toBeDefined();
  return src;
};
const storefrontKey = "src/widget/components/storefront.tsx";
const checkoutKey = "src/widget/checkout/open-checkout.ts";
const themeKey = "src/widget/theme.ts";
const elementsKey = "src/widget/elements.ts";
const overridesKey = "src/widget/i18n/overrides.ts";

/** The sum of `files` (each once) and embed.js, with what each weighs, for a failure message. */
function sum(files: Iterable<string>): { total: number; parts: string } {
  const unique = [...new Set(files)];
  const sizes = unique.map((file) => [file, chunkBytes(file)] as const);
  const total = embedBytes() + sizes.reduce((all, [, size]) => all + size, 0);
  const parts = [`embed.js ${embedBytes()}`, ...sizes.map(([file, size]) => `${file} ${size}`)];
  return { total, parts: parts.join(" + ") };
}

describe("the widget bundle", () => {
  it("keeps every file within its own gzip ceiling", () => {
    const chunks = manifest();
    const over: string[] = [];
    const measured: Array<[string, string, number]> = [["embed.js", "embed.js", embedBytes()]];
    for (const chunk of Object.values(chunks)) {
      measured.push([chunk.name ?? chunk.file, chunk.file, chunkBytes(chunk.file)]);
    }
    for (const [name, file, size] of measured) {
      const ceiling = ceilings[name];
      if (ceiling === undefined) over.push(`${file} has no ceiling (${size} B gzip)`);
      else if (size > ceiling) {
        over.push(`${file} grew to ${size} B gzip, ${size - ceiling} B over its ${ceiling} B`);
      }
    }
    expect(over).toEqual([]);
  });

  it(`stays within ${preClickBytes} B gzip before the first click on a page of cards`, () => {
    const chunks = manifest();
    const { total, parts } = sum(withImports(chunks, entryKey(chunks)));
    expect(total, parts).toBeLessThanOrEqual(preClickBytes);
  });

  it(`stays within ${storefrontPageBytes} B gzip before the first click on a storefront page`, () => {
    const chunks = manifest();
    const { total, parts } = sum([
      ...withImports(chunks, entryKey(chunks)),
      ...withImports(chunks, keyOf(chunks, storefrontKey)),
    ]);
    expect(total, parts).toBeLessThanOrEqual(storefrontPageBytes);
  });

  it(`stays within ${elementsPageBytes} B gzip before the first click on a page of custom elements`, () => {
    const chunks = manifest();
    const { total, parts } = sum([
      ...withImports(chunks, entryKey(chunks)),
      ...withImports(chunks, keyOf(chunks, elementsKey)),
    ]);
    expect(total, parts).toBeLessThanOrEqual(elementsPageBytes);
  });

  it(`stays within ${purchaseBytes} B gzip for everything a purchase loads`, () => {
    const chunks = manifest();
    const { total, parts } = sum([
      ...withImports(chunks, entryKey(chunks)),
      ...withImports(chunks, keyOf(chunks, checkoutKey)),
      // The Buy click loads the theme too, so the dialog wears the theme of what opened it.
      ...withImports(chunks, keyOf(chunks, themeKey)),
    ]);
    expect(total, parts).toBeLessThanOrEqual(purchaseBytes);
  });

  it("names in embed.js every chunk a page needs before a click, so none is found only after another is parsed", () => {
    const chunks = manifest();
    const embed = built(join(dist, "embed.js"));
    // The page code, and what a page with a storefront, custom elements, a forced scheme, the
    // merchant's own wording or another language needs before its first cards are drawn.
    const needed = [
      ...withImports(chunks, entryKey(chunks)),
      ...withImports(chunks, keyOf(chunks, storefrontKey)),
      ...withImports(chunks, keyOf(chunks, elementsKey)),
      ...withImports(chunks, keyOf(chunks, themeKey)),
      ...withImports(chunks, keyOf(chunks, overridesKey)),
      ...lazyLocales.flatMap((locale) =>
        withImports(chunks, keyOf(chunks, `src/widget/i18n/${locale}.ts`)),
      ),
    ];
    for (const file of needed) expect(embed, `embed.js does not ask for ${file}`).toContain(file);
    // The checkout needs nothing but itself after a click: the rest is on the page already.
    const preClick = withImports(chunks, entryKey(chunks));
    const checkout = withImports(chunks, checkoutKey).filter((file) => !preClick.includes(file));
    expect(checkout).toEqual([chunks[checkoutKey]?.file]);
  });

  it("loads the checkout, the storefront and the custom elements only on demand", () => {
    const chunks = manifest();
    const entry = chunks[entryKey(chunks)];
    const preClick = withImports(chunks, entryKey(chunks));
    for (const key of [checkoutKey, storefrontKey, elementsKey]) {
      expect(entry?.dynamicImports, key).toContain(key);
      expect(preClick, key).not.toContain(chunks[key]?.file);
    }
  });

  it("loads each language but English as its own chunk, with its own words only", () => {
    const chunks = manifest();
    const preClick = withImports(chunks, entryKey(chunks));
    for (const locale of lazyLocales) {
      const file = chunks[keyOf(chunks, `src/widget/i18n/${locale}.ts`)]?.file ?? "";
      expect(preClick, locale).not.toContain(file);
      const text = built(join(chunksDir, file));
      for (const [other, word] of Object.entries(soldOut)) {
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

  it("ships no zod: the browser checks answers with the few lines of shape.ts", () => {
    const chunks = readdirSync(chunksDir).filter((file) => file.endsWith(".js"));
    expect(chunks.length).toBeGreaterThan(3);
    for (const file of chunks) {
      // zod registers each schema class by name: `ZodMiniObject`, `ZodString`, `$ZodType`…
      expect(built(join(chunksDir, file)), file).not.toMatch(/[`"']\$?Zod[A-Z]\w*[`"']/);
    }
  });
});
