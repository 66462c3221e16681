import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { loadCatalog, nodeOptions } from "kiosk-checkout/node";
import { createApp, createSandboxPlatform } from "kiosk-checkout/server";

// The proxy under /shop: its API at /shop/api, its bundle at /shop/embed.js.
const kiosk = createApp({
  platform: createSandboxPlatform(await loadCatalog("catalog.json")),
  basePath: "/shop",
  ...nodeOptions(),
});

const app = new Hono();
app.get("/", (c) =>
  c.html(`<script src="/shop/embed.js" data-api="/shop/api" defer></script>
<div data-kiosk-storefront></div>`),
);
app.all("/shop/*", (c) => kiosk.fetch(c.req.raw, c.env));

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.log(`Shop listening on http://127.0.0.1:${info.port}`);
});
