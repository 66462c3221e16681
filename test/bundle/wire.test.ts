import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { nodeEncoders } from "../../src/server/runtime/node-encoders";
import { nodeFiles } from "../../src/server/runtime/node-files";
import { demoCatalog } from "../factories/sandbox-app";

/** What a merchant's page downloads before any click, as the proxy sends it to a browser. */
const dist = join(process.cwd(), "dist");
const chunksDir = join(dist, "chunks");

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

function built(path: string): Buffer {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return readFileSync(path);
}

/** `embed.js` and the chunks the entry imports statically, by their URL paths. */
function preClickPaths(): string[] {
  const manifest = JSON.parse(
    built(join(chunksDir, ".vite", "manifest.json")).toString(),
  ) as Record<string, ManifestChunk>;
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return ["/embed.js", ...[...files].map((file) => `/chunks/${file}`)];
}

const onDisk = (path: string) => built(join(dist, path));
const brotli = (bytes: Buffer) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;

describe("the bundle on the wire", () => {
  it("sends each pre-click file as its brotli copy: the bytes the build measured, under gzip -9", async () => {
    const app = createApp({
      platform: createSandboxPlatform(demoCatalog()),
      widgetDir: dist,
      files: nodeFiles,
      encoders: nodeEncoders,
    });
    const paths = preClickPaths();
    expect(paths.length).toBeGreaterThan(1);
    let wire = 0;
    let gzip = 0;
    for (const path of paths) {
      const response = await app.request(path, {
        headers: { "accept-encoding": "gzip, deflate, br, zstd" },
      });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-encoding"), path).toBe("br");
      const sent = (await response.arrayBuffer()).byteLength;
      expect(sent, `${path} on the wire`).toBe(brotli(onDisk(path)));
      wire += sent;
      gzip += gzipSync(onDisk(path), { level: 9 }).length;
    }
    expect(wire, `${paths.join(" + ")}: ${wire} B brotli against ${gzip} B gzip -9`).toBeLessThan(
      gzip,
    );
  });
});
