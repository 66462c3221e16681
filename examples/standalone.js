import { loadConfig, startServer } from "kiosk-checkout/node";

// What `npx kiosk serve` does, from code: settings from the environment, as the table above.
const server = await startServer(loadConfig(process.env));
console.log(`Kiosk listening on ${server.url}`);
