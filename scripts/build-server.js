// Bundles the proxy into dist/server; dependencies stay in node_modules.
import { build } from "esbuild";

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
