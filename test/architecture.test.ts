import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;

function sources(directory: string): string[] {
  return readdirSync(join(root, directory)).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const importsOf = (path: string) =>
  [
    ...readFileSync(join(root, path), "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g),
  ].map((match) => match[1] ?? "");

describe("the layers", () => {
  it("keeps src/core free of the DOM, Node and the other layers", () => {
    for (const file of sources("src/core")) {
      for (const specifier of importsOf(file)) {
        expect(`${file} → ${specifier}`).not.toMatch(
          /→ (node:|.*\/(server|widget)\/|preact|ky$|hono)/,
        );
      }
      expect(readFileSync(join(root, file), "utf8")).not.toMatch(/\b(document|window|process)\./);
    }
  });

  it("never lets the widget and the server import each other", () => {
    for (const file of sources("src/widget")) {
      for (const specifier of importsOf(file)) {
        expect(`${file} → ${specifier}`).not.toMatch(/→ (node:|.*\/server\/|hono|zod$)/);
      }
    }
    for (const file of sources("src/server")) {
      for (const specifier of importsOf(file))
        expect(`${file} → ${specifier}`).not.toMatch(/→ .*\/widget\//);
    }
  });

  it("keeps Node-only libraries in the server's runtime folder, so the handler stays Web-standard", () => {
    for (const file of sources("src/server")) {
      if (file.startsWith("src/server/runtime/")) continue;
      for (const specifier of importsOf(file)) {
        expect(`${file} → ${specifier}`).not.toMatch(/→ (ioredis|@hono\/node-server)/);
      }
    }
  });

  it("imports node: modules only in the server's runtime folder", () => {
    for (const file of [...sources("src/server"), ...sources("src/core")]) {
      if (file.startsWith("src/server/runtime/")) continue;
      for (const specifier of importsOf(file)) {
        expect(`${file} → ${specifier}`).not.toMatch(/→ node:/);
      }
    }
  });

  it("builds kiosk-checkout/server without a Node module or the Node runtime in it", async () => {
    const result = await build({
      entryPoints: [join(root, "src/server/index.ts")],
      bundle: true,
      write: false,
      platform: "neutral",
      format: "esm",
      packages: "external",
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.entries(result.metafile.inputs);
    const nodeImports = inputs.flatMap(([file, input]) =>
      input.imports
        .filter((entry) => entry.path.startsWith("node:"))
        .map((entry) => `${file} → ${entry.path}`),
    );
    expect(nodeImports).toEqual([]);
    // The logger is the one runtime file the handler uses; it writes through a given function.
    expect(inputs.map(([file]) => file).filter((file) => file.includes("/runtime/"))).toEqual([
      "src/server/runtime/logger.ts",
    ]);
  });

  it("has no default exports in the source", () => {
    for (const file of [
      ...sources("src/core"),
      ...sources("src/server"),
      ...sources("src/widget"),
    ]) {
      expect(`${file}: ${readFileSync(join(root, file), "utf8")}`).not.toMatch(/\nexport default /);
    }
  });
});
