import { serve } from "@hono/node-server";
import { createRedisStore, loadCatalog, nodeOptions } from "kiosk-checkout/node";
import { createApp, createSandboxPlatform } from "kiosk-checkout/server";

// One of several instances: idempotency, order tokens, limits and order notices live in Redis.
const store = await createRedisStore({
  url: process.env.KIOSK_REDIS_URL ?? "redis://127.0.0.1:6379",
});
const app = createApp({
  platform: createSandboxPlatform(await loadCatalog("catalog.json")),
  store,
  trustedProxies: 1,
  ...nodeOptions(),
});

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.log(`Shop listening on http://127.0.0.1:${info.port}`);
});
