import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { ConfigError, loadConfig } from "./config";
import { flushLogLines } from "./logger";
import { packageRoot } from "./package-root";
import { startServer } from "./serve";
import {
  flagOf,
  nearest,
  type SettingName,
  settingNames,
  settingsHelp,
  starterEnv,
} from "./settings";

const usage = `Usage: kiosk <command>

Commands:
  serve    start the Kiosk proxy (kiosk serve --help for its settings)
  init     write a starter .env and catalog.json for the sandbox into this folder

Options:
  -h, --help  show this help`;

const serveUsage = `Usage: kiosk serve [--setting value ...]

Starts the Kiosk proxy. Each setting comes from, first to last:
  1. its flag, such as --port 0 or --platform=sx
  2. the environment, such as PORT=0 or KIOSK_PLATFORM=sx
  3. the .env file in the working directory
Each flag is named after its setting: KIOSK_SANDBOX_CATALOG is --sandbox-catalog, PORT is --port.
An unknown KIOSK_* variable or flag stops the start.

Settings:
${settingsHelp()}`;

/** The starter files of `kiosk init`, by name. */
const starterFiles = [".env", "catalog.json"] as const;

/** The settings named by `--name value` or `--name=value` flags. */
function parseFlags(args: readonly string[]): Record<string, string> {
  const byFlag = new Map(settingNames.map((name) => [flagOf(name), name] as const));
  const values: Record<string, string> = {};
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? "";
    const [flag = "", inline] = arg.startsWith("--") ? arg.split(/=(.*)/s, 2) : [arg];
    const name: SettingName | undefined = byFlag.get(flag);
    if (!name) {
      const near = nearest(flag, [...byFlag.keys()]);
      throw new ConfigError(
        `${arg}: is not a kiosk serve option${flag.startsWith("--") && near ? ` (did you mean ${near}?)` : ""}`,
      );
    }
    const value = inline ?? args[++index];
    if (value === undefined) throw new ConfigError(`${flag}: needs a value`);
    values[name] = value;
  }
  return values;
}

/** The `.env` in the working directory, or nothing when there is none. */
function readDotEnv(): Record<string, string | undefined> {
  if (!existsSync(".env")) return {};
  return parseEnv(readFileSync(".env", "utf8"));
}

/** Writes the starter files, or none of them when one is already there. */
function init(): number {
  const present = starterFiles.filter((name) => existsSync(name));
  if (present.length > 0) {
    process.stderr.write(`kiosk: ${present.join(" and ")} already here; nothing written\n`);
    return 1;
  }
  writeFileSync(".env", starterEnv({ KIOSK_SANDBOX_CATALOG: "catalog.json" }), { flag: "wx" });
  writeFileSync("catalog.json", readFileSync(join(packageRoot(), "demo", "catalog.json")), {
    flag: "wx",
  });
  process.stdout.write(
    "Wrote .env (every setting, described) and catalog.json (the sandbox's products and coupons).\nStart the sandbox shop with: npx kiosk serve\n",
  );
  return 0;
}

/** The setting a failed listen points at, by the error's code. */
const listenErrors: Readonly<Record<string, SettingName>> = {
  EADDRINUSE: "PORT",
  EACCES: "PORT",
  // An address this machine does not have, or a name that resolves to none.
  EADDRNOTAVAIL: "HOST",
  ENOTFOUND: "HOST",
  EAI_AGAIN: "HOST",
};

const wantsHelp = (args: readonly string[]) =>
  args.some((arg) => arg === "--help" || arg === "-h" || arg === "help");

/**
 * Runs the `kiosk` command line as `npx kiosk` does: `runCli(["serve"], process.env)` reads
 * flags, then `env`, then the working directory's `.env`; a bad setting is one line on standard
 * error and resolves to 1; serving, it never resolves, and SIGTERM or Ctrl-C stop it gracefully
 * (requests in flight finish, order streams end) and exit the process.
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || (command !== "serve" && command !== "init")) {
    const help = command !== undefined && wantsHelp([command]);
    if (help) process.stdout.write(`${usage}\n\n${serveUsage}\n`);
    else {
      // One line naming what was wrong, then how it is done.
      const wrong = command === undefined ? "no command" : `unknown command: ${command}`;
      process.stderr.write(`kiosk: ${wrong}\n${usage}\n`);
    }
    return help ? 0 : 2;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(`${command === "serve" ? serveUsage : usage}\n`);
    return 0;
  }
  try {
    if (command === "init") {
      // Nothing to set: a flag given (`--force`, say) would otherwise be silently ignored.
      if (rest.length > 0) {
        process.stderr.write(`kiosk: init takes no options: ${rest.join(" ")}\n${usage}\n`);
        return 2;
      }
      return init();
    }
    const config = loadConfig({ ...readDotEnv(), ...env, ...parseFlags(rest) });
    const server = await startServer(config);
    // A stop lets requests in flight finish and ends order streams, then exits cleanly.
    const stop = () => {
      void server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    // Said once a stop is heard: a supervisor (or a test) that stops the proxy as soon as it reads
    // this line killed it outright when the signal came before the handlers.
    process.stdout.write(`Kiosk proxy (${config.platform}) listening on ${server.url}\n`);
    return await new Promise<number>(() => {});
  } catch (error) {
    // The log's routine lines wait for its next write: theirs comes before the line saying why.
    flushLogLines();
    if (error instanceof ConfigError) {
      process.stderr.write(`kiosk: ${error.message}\n`);
      return 1;
    }
    const code = (error as { code?: string }).code;
    const setting = code === undefined ? undefined : listenErrors[code];
    if (setting) {
      process.stderr.write(`kiosk: ${setting}: cannot listen there (${code})\n`);
      return 1;
    }
    process.stderr.write(
      `kiosk: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}
