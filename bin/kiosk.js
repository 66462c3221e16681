#!/usr/bin/env node
import { runCli } from "../dist/server/cli.js";

runCli(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`kiosk: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
