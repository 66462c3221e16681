// Bundles the proxy into dist/server; dependencies stay in node_modules.
import { rmSync } from "node:fs";
import { build } from "esbuild";

// Chunks are named by their content: without a clean folder every build's would pile up there,
// and a package packed from it would ship them all.
rmSync("dist/server", { recursive: true, force: true });

await build({
  entryPoints: {
    index: "src/server/index.ts",
    node: "src/server/node.ts",
    cli: "src/server/runtime/cli.ts",
  },
  outdir: "dist/server",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  splitting: true,
  sourcemap: true,
  logLevel: "warning",
});
