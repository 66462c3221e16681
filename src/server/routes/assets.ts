import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { Hono } from "hono";
import { html } from "hono/html";
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

async function fileResponse(
  path: string,
  cacheControl: string,
  extra: Record<string, string> = {},
) {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch {
    throw new ProblemError("not_found", 404, "No such file");
  }
  return new Response(new Uint8Array(data), {
    headers: {
      "content-type": types[extname(path)] ?? "application/octet-stream",
      "cache-control": cacheControl,
      "x-content-type-options": "nosniff",
      ...extra,
    },
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
    routes.get("/embed.js", () =>
      fileResponse(join(widgetDir, "embed.js"), "public, max-age=300", widgetHeaders),
    );
    routes.get("/kiosk.js", () =>
      fileResponse(join(widgetDir, "kiosk.js"), "public, max-age=300", widgetHeaders),
    );
    routes.get("/chunks/:file", (context) => {
      const file = context.req.param("file");
      if (!safeName.test(file)) throw new ProblemError("not_found", 404, "No such file");
      // Chunk names carry a content hash, so they may be cached for good.
      return fileResponse(
        join(widgetDir, "chunks", file),
        "public, max-age=31536000, immutable",
        widgetHeaders,
      );
    });
  }

  if (demoDir) {
    routes.get("/", () => fileResponse(join(demoDir, "index.html"), "no-cache"));
    routes.get("/demo/:file", (context) => {
      const file = context.req.param("file");
      if (!safeName.test(file) || file === "catalog.json") {
        throw new ProblemError("not_found", 404, "No such file");
      }
      return fileResponse(join(demoDir, "demo", file), "no-cache");
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
