import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { Hono } from "hono";
import { html } from "hono/html";
import { type Encoding, encodings, preferredEncoding } from "../http/compress";
import { pageHeaders } from "../http/page-headers";
import { ProblemError } from "../http/problem-error";

const types: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
};
const safeName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Where the build puts each precompressed copy: beside the file, with this suffix. */
const suffixes: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

interface StaticFile {
  readonly modified: number;
  readonly size: number;
  readonly raw: Uint8Array;
  readonly etag: string;
  /** The build's precompressed copies, only those at least as new as the file itself. */
  readonly encoded: Partial<Record<Encoding, Uint8Array>>;
}

async function readIfNewer(path: string, since: number): Promise<Uint8Array | undefined> {
  try {
    if ((await stat(path)).mtimeMs < since) return undefined;
    return new Uint8Array(await readFile(path));
  } catch {
    return undefined;
  }
}

/** The files already read, checked against the disk by size and time on every request. */
const loaded = new Map<string, StaticFile>();

async function load(path: string): Promise<StaticFile> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new ProblemError("not_found", 404, "No such file");
  const known = loaded.get(path);
  if (known && known.modified === info.mtimeMs && known.size === info.size) return known;
  const raw = new Uint8Array(await readFile(path));
  const encoded: Partial<Record<Encoding, Uint8Array>> = {};
  for (const encoding of encodings) {
    const copy = await readIfNewer(path + suffixes[encoding], info.mtimeMs);
    if (copy) encoded[encoding] = copy;
  }
  const digest = createHash("sha256").update(raw).digest("base64url").slice(0, 27);
  const file = { modified: info.mtimeMs, size: info.size, raw, etag: `W/"${digest}"`, encoded };
  loaded.set(path, file);
  return file;
}

/** Weak comparison of an `If-None-Match` list against one tag. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

/**
 * A file from disk with an `ETag` (a matching `If-None-Match` gets a 304) and, when the request
 * accepts it, the build's brotli or gzip copy instead of the plain bytes.
 */
async function fileResponse(
  request: Request,
  path: string,
  cacheControl: string,
  extra: Record<string, string> = {},
) {
  const file = await load(path);
  const type = types[extname(path)] ?? "application/octet-stream";
  const headers: Record<string, string> = {
    "cache-control": cacheControl,
    etag: file.etag,
    "x-content-type-options": "nosniff",
    ...extra,
  };
  const offered = encodings.filter((encoding) => file.encoded[encoding] !== undefined);
  if (offered.length > 0) headers.vary = "Accept-Encoding";
  if (matches(request.headers.get("if-none-match") ?? undefined, file.etag)) {
    return new Response(null, { status: 304, headers });
  }
  const encoding = preferredEncoding(request.headers.get("accept-encoding") ?? undefined, offered);
  const body = (encoding && file.encoded[encoding]) || file.raw;
  if (encoding) headers["content-encoding"] = encoding;
  return new Response(body as Uint8Array<ArrayBuffer>, {
    headers: { ...headers, "content-type": type, "content-length": String(body.byteLength) },
  });
}

export interface AssetOptions {
  /** The built widget: `embed.js`, `kiosk.js` and `chunks/`. */
  readonly widgetDir?: string;
  /** The demo merchant page: a folder with `index.html` and `demo/`. */
  readonly demoDir?: string;
}

/** The widget bundle, the demo page and the hosted buy page: only named files, never a path. */
export function assetRoutes(options: AssetOptions): Hono {
  const routes = new Hono();
  const { widgetDir, demoDir } = options;
  const widgetHeaders = {
    "access-control-allow-origin": "*",
    "cross-origin-resource-policy": "cross-origin",
  };

  if (widgetDir) {
    // The loader's name never changes, so it is cached briefly and then revalidated by ETag.
    const briefly = "public, max-age=300, must-revalidate";
    routes.get("/embed.js", (context) =>
      fileResponse(context.req.raw, join(widgetDir, "embed.js"), briefly, widgetHeaders),
    );
    routes.get("/kiosk.js", (context) =>
      fileResponse(context.req.raw, join(widgetDir, "kiosk.js"), briefly, widgetHeaders),
    );
    routes.get("/chunks/:file", (context) => {
      const file = context.req.param("file");
      if (!safeName.test(file)) throw new ProblemError("not_found", 404, "No such file");
      // Chunk names carry a content hash, so they may be cached for good.
      return fileResponse(
        context.req.raw,
        join(widgetDir, "chunks", file),
        "public, max-age=31536000, immutable",
        widgetHeaders,
      );
    });
  }

  if (demoDir) {
    routes.get("/", (context) =>
      fileResponse(context.req.raw, join(demoDir, "index.html"), "no-cache"),
    );
    routes.get("/demo/:file", (context) => {
      const file = context.req.param("file");
      if (!safeName.test(file) || file === "catalog.json") {
        throw new ProblemError("not_found", 404, "No such file");
      }
      return fileResponse(context.req.raw, join(demoDir, "demo", file), "no-cache");
    });
  }

  routes.get("/buy/:productId", (context) => {
    const productId = context.req.param("productId");
    const query = (name: string) => {
      const value = context.req.query(name);
      return value !== undefined && value.length <= 256 ? value : undefined;
    };
    const attribute = (name: string, value: string | undefined) =>
      value === undefined ? "" : html` ${name}="${value}"`;
    const body = html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Checkout</title>
    <script src="/embed.js" data-api="/api" defer></script>
  </head>
  <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
    <div data-kiosk-product="${productId}"></div>
    <p>
      <button type="button" data-kiosk-buy="${productId}" data-kiosk-open${attribute("data-kiosk-quantity", query("quantity"))}${attribute("data-kiosk-variant", query("variant"))}${attribute("data-kiosk-coupon", query("coupon"))}${attribute("data-kiosk-email", query("email"))}>Buy now</button>
    </p>
  </body>
</html>`;
    return context.html(body, 200, pageHeaders("self"));
  });

  return routes;
}
