import { type Context, Hono } from "hono";
import { type Encoding, encodings } from "../http/compress";
import { type PreparedBody, prepareBody, sendPrepared } from "../http/prepared-body";
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
/** A file name the asset routes serve: never a path, never a dotfile. */
export const safeName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * How the proxy reads the files it serves, given by the runtime (the Node one reads the disk), so
 * the handler itself needs no file system.
 */
export interface StaticFiles {
  /** The file's size and modification time, or `undefined` when it is not a file. */
  stat(path: string): Promise<{ readonly size: number; readonly modified: number } | undefined>;
  /** The file's bytes, or `undefined` when it cannot be read. */
  read(path: string): Promise<Uint8Array | undefined>;
}

const join = (...parts: string[]) => parts.join("/");
const extname = (path: string) => /\.[^./]+$/.exec(path)?.[0] ?? "";

/** Where the build puts each precompressed copy: beside the file, with this suffix. */
const suffixes: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

/** A file as read, with the build's precompressed copies at least as new as the file itself. */
interface StaticFile {
  readonly modified: number;
  readonly size: number;
  readonly body: PreparedBody;
}

async function readIfNewer(
  files: StaticFiles,
  path: string,
  since: number,
): Promise<Uint8Array | undefined> {
  const info = await files.stat(path);
  return info && info.modified >= since ? files.read(path) : undefined;
}

/** The files already read, checked against their source by size and time on every request. */
const loaded = new WeakMap<StaticFiles, Map<string, StaticFile>>();

async function load(files: StaticFiles, path: string): Promise<StaticFile> {
  const notFound = () => new ProblemError("not_found", 404, "No such file");
  const info = await files.stat(path);
  if (!info) throw notFound();
  const cache = loaded.get(files) ?? new Map<string, StaticFile>();
  loaded.set(files, cache);
  const known = cache.get(path);
  if (known && known.modified === info.modified && known.size === info.size) return known;
  const raw = await files.read(path);
  if (!raw) throw notFound();
  const encoded: Partial<Record<Encoding, Uint8Array>> = {};
  for (const encoding of encodings) {
    const copy = await readIfNewer(files, path + suffixes[encoding], info.modified);
    if (copy) encoded[encoding] = copy;
  }
  const type = types[extname(path)] ?? "application/octet-stream";
  const file = {
    modified: info.modified,
    size: info.size,
    body: await prepareBody(raw, type, encoded),
  };
  cache.set(path, file);
  return file;
}

/**
 * A file from disk with an `ETag` (a matching `If-None-Match` gets a 304) and, when the request
 * accepts it, the build's brotli or gzip copy instead of the plain bytes.
 */
async function fileResponse(
  files: StaticFiles,
  context: Context,
  path: string,
  cacheControl: string,
  extra: Record<string, string> = {},
) {
  const file = await load(files, path);
  return sendPrepared(context, file.body, {
    headers: { "cache-control": cacheControl, "x-content-type-options": "nosniff", ...extra },
  });
}

export interface AssetOptions {
  /** The built widget: `embed.js`, `kiosk.js` and `chunks/`. */
  readonly widgetDir?: string;
  /** The demo merchant page: a folder with `index.html` and `demo/` (its pictures in `images/`). */
  readonly demoDir?: string;
  /**
   * Whether the demo page itself is served (`/` and `/demo/:file`), or only its pictures, which
   * the sandbox catalog's products show wherever the proxy is mounted. Default: served.
   */
  readonly demoPage?: boolean;
  /** How the folders above are read; needed when either is given. */
  readonly files?: StaticFiles;
}

/** The widget bundle and the demo page: only named files, never a path. */
export function assetRoutes(options: AssetOptions): Hono {
  const routes = new Hono();
  const { widgetDir, demoDir, files } = options;
  if ((widgetDir || demoDir) && !files) {
    throw new TypeError("widgetDir and demoDir need files to read them with (nodeFiles on Node)");
  }
  const widgetHeaders = {
    "access-control-allow-origin": "*",
    "cross-origin-resource-policy": "cross-origin",
  };

  if (widgetDir && files) {
    // The loader's name never changes, so it is cached briefly and then revalidated by ETag.
    const briefly = "public, max-age=300, must-revalidate";
    routes.get("/embed.js", (context) =>
      fileResponse(files, context, join(widgetDir, "embed.js"), briefly, widgetHeaders),
    );
    routes.get("/kiosk.js", (context) =>
      fileResponse(files, context, join(widgetDir, "kiosk.js"), briefly, widgetHeaders),
    );
    routes.get("/chunks/:file", (context) => {
      const file = context.req.param("file");
      if (!safeName.test(file)) throw new ProblemError("not_found", 404, "No such file");
      // Chunk names carry a content hash, so they may be cached for good.
      return fileResponse(
        files,
        context,
        join(widgetDir, "chunks", file),
        "public, max-age=31536000, immutable",
        widgetHeaders,
      );
    });
  }

  if (demoDir && files && options.demoPage !== false) {
    // The demo shop holds itself to the policy a merchant's strict page would have: scripts,
    // requests and images from the proxy only, no inline script or style, and the one worker
    // embed.js starts (the page's first number format, made off its thread) from a `data:` URL.
    const demoPolicy = {
      "content-security-policy":
        "default-src 'none'; script-src 'self'; worker-src data:; connect-src 'self'; img-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    };
    routes.get("/", (context) =>
      fileResponse(files, context, join(demoDir, "index.html"), "no-cache", demoPolicy),
    );
    routes.get("/demo/:file", (context) => {
      const file = context.req.param("file");
      if (!safeName.test(file) || file === "catalog.json") {
        throw new ProblemError("not_found", 404, "No such file");
      }
      return fileResponse(files, context, join(demoDir, "demo", file), "no-cache");
    });
  }

  if (demoDir && files) {
    // The sandbox catalog's product images: cards on any origin load them, and an SVG opened on
    // its own runs nothing. Their folder is a parameter, not the word `images`: beside
    // `/demo/:file`, a fixed word where another route has a parameter is a path Hono's fastest
    // router cannot take, and every route of the app would be matched by its slower one.
    routes.get("/demo/:folder/:file", (context) => {
      const file = context.req.param("file");
      if (
        context.req.param("folder") !== "images" ||
        !/^[a-z0-9-]{1,64}\.(svg|webp|png)$/.test(file)
      ) {
        throw new ProblemError("not_found", 404, "No such file");
      }
      return fileResponse(
        files,
        context,
        join(demoDir, "demo", "images", file),
        "public, max-age=86400",
        {
          ...widgetHeaders,
          "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        },
      );
    });
  }

  return routes;
}
