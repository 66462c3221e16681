import express from "express";
import { loadCatalog, nodeOptions, toNodeHandler } from "kiosk-checkout/node";
import { createApp, createSandboxPlatform } from "kiosk-checkout/server";

const kiosk = createApp({
  platform: createSandboxPlatform(await loadCatalog("catalog.json")),
  basePath: "/shop",
  ...nodeOptions(),
});

const app = express();
// express.json() reads every JSON body first: Kiosk gets the parsed body written again.
app.use(express.json());
app.post("/contact", (req, res) => res.json({ received: req.body }));
app.use("/shop", toNodeHandler(kiosk));

const server = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  console.log(`Shop listening on http://127.0.0.1:${server.address().port}`);
});
