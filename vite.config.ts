import { readFileSync } from "node:fs";
import { defineConfig, type UserConfig } from "vite";

/**
 * The widget is built in three passes (`npm run build:widget`):
 *
 * 1. `vite build`: the widget as ES modules in `dist/chunks/` — the page code, and the checkout
 *    as a chunk of its own that loads on the first Buy click.
 * 2. `vite build --mode loader`: `dist/embed.js`, a tiny classic script (IIFE) that reads its
 *    `data-*` attributes and imports the page chunk from `chunks/` beside itself, preloading
 *    the chunks that one imports so none waits for another to be parsed.
 * 3. `vite build --mode lib`: `dist/kiosk.js`, one ES module for bundlers, dependencies left
 *    to the bundler.
 *
 * `dist/server/` belongs to the server build and is never emptied here.
 */
const manifest = "dist/chunks/.vite/manifest.json";
const jsx = { oxc: { jsx: { runtime: "automatic", importSource: "preact" } } } as const;

function chunks(): UserConfig {
  return {
    ...jsx,
    publicDir: false,
    build: {
      outDir: "dist/chunks",
      emptyOutDir: true,
      target: "es2022",
      manifest: true,
      modulePreload: false,
      rolldownOptions: {
        input: { kiosk: "src/widget/embed-entry.ts" },
        preserveEntrySignatures: "strict",
        output: {
          format: "es",
          entryFileNames: "[name]-[hash].js",
          chunkFileNames: "[name]-[hash].js",
        },
      },
    },
  };
}

function loader(): UserConfig {
  const entries = JSON.parse(readFileSync(manifest, "utf8")) as Record<
    string,
    { file: string; isEntry?: boolean; imports?: string[] }
  >;
  const entry = Object.values(entries).find((chunk) => chunk.isEntry);
  if (!entry) throw new Error(`${manifest} names no entry: run \`vite build\` first`);
  // Every chunk the entry imports statically, so the loader can ask for them beside the entry.
  const preload: string[] = [];
  const visit = (imports: readonly string[] = []) => {
    for (const key of imports) {
      const chunk = entries[key];
      if (!chunk || preload.includes(chunk.file)) continue;
      preload.push(chunk.file);
      visit(chunk.imports);
    }
  };
  visit(entry.imports);
  return {
    publicDir: false,
    define: {
      __KIOSK_ENTRY__: JSON.stringify(entry.file),
      __KIOSK_PRELOAD__: JSON.stringify(preload),
    },
    build: {
      outDir: "dist",
      emptyOutDir: false,
      target: "es2020",
      copyPublicDir: false,
      rolldownOptions: {
        input: "src/embed.ts",
        output: { format: "iife", entryFileNames: "embed.js" },
      },
    },
  };
}

function library(): UserConfig {
  return {
    ...jsx,
    publicDir: false,
    build: {
      outDir: "dist",
      emptyOutDir: false,
      target: "es2022",
      copyPublicDir: false,
      minify: false,
      lib: { entry: "src/index.ts", formats: ["es"], fileName: () => "kiosk.js" },
      rolldownOptions: {
        external: [/^preact($|\/)/, /^@preact\/signals/, /^zod($|\/)/],
        output: { codeSplitting: false },
      },
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === "loader") return loader();
  if (mode === "lib") return library();
  return chunks();
});
