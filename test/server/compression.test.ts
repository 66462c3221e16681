import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app";
import { createEncodedCache, hashOf, preferredEncoding } from "../../src/server/http/compress";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { nodeEncoders } from "../../src/server/runtime/node-encoders";
import { nodeFiles } from "../../src/server/runtime/node-files";
import { demoCatalog } from "../factories/sandbox-app";

/** A widget folder as the build leaves it, precompressed by the build's own script. */
let widgetDir: string;
const chunk = "kiosk-Ab12Cd34.js";
// Repetitive enough to compress well, long enough to pass any threshold.
const chunkText = `export const cards = ${JSON.stringify(
  Array.from({ length: 200 }, (_, index) => ({ id: `card-${index}`, price: index * 100 })),
)};\n`;
const embedText = `(function(){${"import('./chunks/kiosk-Ab12Cd34.js');".repeat(40)}})();\n`;

beforeAll(() => {
  widgetDir = mkdtempSync(join(tmpdir(), "kiosk-widget-"));
  mkdirSync(join(widgetDir, "chunks"));
  writeFileSync(join(widgetDir, "embed.js"), embedText);
  writeFileSync(join(widgetDir, "kiosk.js"), embedText);
  writeFileSync(join(widgetDir, "chunks", chunk), chunkText);
  execFileSync(process.execPath, ["scripts/precompress.js", widgetDir]);
});

afterAll(() => rmSync(widgetDir, { recursive: true, force: true }));

function appWith(encoders?: typeof nodeEncoders) {
  return createApp({
    platform: createSandboxPlatform(demoCatalog()),
    widgetDir,
    files: nodeFiles,
    ...(encoders ? { encoders } : {}),
  });
}

const decode = (encoding: string | null, bytes: Uint8Array) =>
  new TextDecoder().decode(
    encoding === "br"
      ? brotliDecompressSync(bytes)
      : encoding === "gzip"
        ? gunzipSync(bytes)
        : bytes,
  );

async function fetchAs(app: ReturnType<typeof createApp>, path: string, accept?: string) {
  const response = await app.request(
    path,
    accept ? { headers: { "accept-encoding": accept } } : {},
  );
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, bytes, text: decode(response.headers.get("content-encoding"), bytes) };
}

describe("compressed responses", () => {
  it("sends JSON as brotli, else gzip, else plain, always the same bytes and with Vary", async () => {
    const app = appWith(nodeEncoders);
    const path = "/api/products?limit=12";
    const plain = await fetchAs(app, path);
    const brotli = await fetchAs(app, path, "gzip, deflate, br");
    const gzip = await fetchAs(app, path, "gzip;q=1, br;q=0");
    expect(plain.response.headers.get("content-encoding")).toBeNull();
    expect(brotli.response.headers.get("content-encoding")).toBe("br");
    expect(gzip.response.headers.get("content-encoding")).toBe("gzip");
    expect(plain.bytes.byteLength).toBeGreaterThan(1024);
    expect(brotli.bytes.byteLength).toBeLessThan(plain.bytes.byteLength / 2);
    expect(brotli.text).toBe(plain.text);
    expect(gzip.text).toBe(plain.text);
    expect(Number(brotli.response.headers.get("content-length"))).toBe(brotli.bytes.byteLength);
    for (const { response } of [plain, brotli, gzip]) {
      expect(response.headers.get("vary")).toMatch(/accept-encoding/i);
    }
  });

  it("falls back to gzip through CompressionStream when the runtime brings no brotli", async () => {
    const app = appWith();
    const plain = await fetchAs(app, "/api/products?limit=12");
    const packed = await fetchAs(app, "/api/products?limit=12", "br, gzip");
    expect(packed.response.headers.get("content-encoding")).toBe("gzip");
    expect(packed.text).toBe(plain.text);
  });

  it("encodes a body once however often it is sent, and a different body afresh", async () => {
    const calls: number[] = [];
    const app = appWith({
      br: (body) => {
        calls.push(body.byteLength);
        return nodeEncoders.br?.(body) ?? body;
      },
    });
    const twelve = await fetchAs(app, "/api/products?limit=12");
    for (let round = 0; round < 3; round += 1) {
      expect((await fetchAs(app, "/api/products?limit=12", "br")).text).toBe(twelve.text);
    }
    expect(calls).toHaveLength(1);
    const four = await fetchAs(app, "/api/products?limit=4", "br");
    expect(calls).toHaveLength(2);
    expect(four.text).toBe((await fetchAs(app, "/api/products?limit=4")).text);
    expect(four.text).not.toBe(twelve.text);
  });

  it("leaves small bodies and unaccepted codings alone", async () => {
    const app = appWith(nodeEncoders);
    const small = await app.request("/healthz", { headers: { "accept-encoding": "br" } });
    expect(small.headers.get("content-encoding")).toBeNull();
    expect(await small.json()).toEqual({ status: "ok" });
    const refused = await app.request("/api/products?limit=12", {
      headers: { "accept-encoding": "identity, br;q=0, *;q=0" },
    });
    expect(refused.headers.get("content-encoding")).toBeNull();
    expect((await refused.json()).data.length).toBeGreaterThan(1);
  });

  it("keeps a product's ETag across codings and answers a revalidation with 304", async () => {
    const app = appWith(nodeEncoders);
    const first = await app.request("/api/products/pro-license", {
      headers: { "accept-encoding": "br" },
    });
    const plain = await app.request("/api/products/pro-license");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\//);
    expect(plain.headers.get("etag")).toBe(etag);
    const again = await app.request("/api/products/pro-license", {
      headers: { "accept-encoding": "br", "if-none-match": etag ?? "" },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get("vary")).toMatch(/accept-encoding/i);
    expect(await again.text()).toBe("");
  });
});

describe("the widget's files", () => {
  it("serves the build's brotli and gzip copies, decoding to the file, with Vary", async () => {
    const app = appWith();
    for (const path of ["/embed.js", `/chunks/${chunk}`]) {
      const plain = await fetchAs(app, path);
      const brotli = await fetchAs(app, path, "gzip, deflate, br");
      const gzip = await fetchAs(app, path, "gzip");
      expect(plain.response.headers.get("content-encoding")).toBeNull();
      expect(brotli.response.headers.get("content-encoding")).toBe("br");
      expect(gzip.response.headers.get("content-encoding")).toBe("gzip");
      expect(brotli.text).toBe(plain.text);
      expect(gzip.text).toBe(plain.text);
      expect(brotli.bytes.byteLength).toBeLessThan(gzip.bytes.byteLength);
      expect(brotli.response.headers.get("vary")).toMatch(/accept-encoding/i);
      expect(plain.response.headers.get("content-type")).toMatch(/^text\/javascript/);
    }
  });

  it("marks hashed chunks immutable and revalidates embed.js by ETag", async () => {
    const app = appWith();
    const chunkResponse = await app.request(`/chunks/${chunk}`);
    expect(chunkResponse.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const embed = await app.request("/embed.js", { headers: { "accept-encoding": "br" } });
    expect(embed.headers.get("cache-control")).toMatch(/^public, max-age=300\b/);
    const etag = embed.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    // A plain request names the same file, so the same tag; a gzip one revalidates with it.
    expect((await app.request("/embed.js")).headers.get("etag")).toBe(etag);
    const revalidated = await app.request("/embed.js", {
      headers: { "accept-encoding": "gzip", "if-none-match": `"other", ${etag}` },
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("etag")).toBe(etag);
    expect(revalidated.headers.get("access-control-allow-origin")).toBe("*");
    expect(await revalidated.text()).toBe("");
    const changed = await app.request("/embed.js", { headers: { "if-none-match": '"other"' } });
    expect(changed.status).toBe(200);
  });

  it("ignores a compressed copy older than its file, compressing the new file instead", async () => {
    const app = appWith();
    const path = join(widgetDir, "kiosk.js");
    const newer = `${embedText}// rebuilt\n`;
    writeFileSync(path, newer);
    const later = new Date(Date.now() + 60_000);
    utimesSync(path, later, later);
    const response = await fetchAs(app, "/kiosk.js", "br, gzip");
    expect(response.text).toBe(newer);
  });
});

describe("preflights", () => {
  it("lets a browser keep a preflight for ten minutes", async () => {
    const app = appWith();
    const response = await app.request("/api/quote", {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-max-age")).toBe("600");
  });
});

describe("the encoded-body cache", () => {
  it("never answers for a different body that shares its bucket", () => {
    // Two 8-byte bodies whose 32-bit hashes collide, found by brute force from a fixed seed.
    const seen = new Map<number, Uint8Array>();
    let state = 0x2545f491;
    let pair: [Uint8Array, Uint8Array] | undefined;
    while (!pair) {
      const body = new Uint8Array(8).map(() => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state >>> 24;
      });
      const other = seen.get(hashOf(body));
      if (other) pair = [other, body];
      else seen.set(hashOf(body), body);
    }
    const [first, second] = pair;
    expect(hashOf(first)).toBe(hashOf(second));
    const cache = createEncodedCache(1024 * 1024);
    cache.set("br", first, new Uint8Array([1]));
    expect(cache.get("br", first)).toEqual(new Uint8Array([1]));
    expect(cache.get("br", second)).toBeUndefined();
    expect(cache.get("gzip", first)).toBeUndefined();
  });
});

describe("Accept-Encoding", () => {
  it("follows q-values and wildcards, preferring brotli on a tie", () => {
    const offered = ["br", "gzip"] as const;
    expect(preferredEncoding("gzip, deflate, br", offered)).toBe("br");
    expect(preferredEncoding("gzip;q=1.0, br;q=0.5", offered)).toBe("gzip");
    expect(preferredEncoding("*", offered)).toBe("br");
    expect(preferredEncoding("br;q=0, *", offered)).toBe("gzip");
    expect(preferredEncoding("identity", offered)).toBeUndefined();
    expect(preferredEncoding(undefined, offered)).toBeUndefined();
    expect(preferredEncoding("br", ["gzip"])).toBeUndefined();
    // A header read before answers again by what is offered this time.
    expect(preferredEncoding("gzip;q=1.0, br;q=0.5", ["br"])).toBe("br");
    expect(preferredEncoding("gzip, deflate, br", ["gzip"])).toBe("gzip");
    const long = `${"x-coding;q=0.1, ".repeat(20)}gzip;q=0.2, br;q=0.9`;
    expect(preferredEncoding(long, offered)).toBe("br");
    expect(preferredEncoding(long, ["gzip"])).toBe("gzip");
  });
});
