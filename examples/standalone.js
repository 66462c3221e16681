import { runCli } from "kiosk-checkout/node";

// Exactly `npx kiosk serve`, from code: settings from flags, the environment and .env, one line
// naming a bad setting, and a graceful stop on SIGTERM or Ctrl-C.
process.exitCode = await runCli(["serve", ...process.argv.slice(2)], process.env);
