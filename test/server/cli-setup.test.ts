import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { settingNames } from "../../src/server/runtime/settings";
import { startKiosk } from "../support/kiosk-process";

const cli = fileURLToPath(new URL("../../bin/kiosk.js", import.meta.url));

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI to its exit in `cwd`, with only these variables and PATH. */
function kiosk(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Result> {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // "close", not "exit": the exit can come before the last of the output has been read.
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kiosk-cli-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("kiosk --help and kiosk serve --help", () => {
  it("print usage and exit 0 without starting anything", async () => {
    const top = await kiosk(["--help"], dir);
    expect(top).toMatchObject({ code: 0, stderr: "" });
    expect(top.stdout).toMatch(/^Usage: kiosk <command>/);
    const serve = await kiosk(["serve", "--help"], dir, { PORT: "0" });
    expect(serve).toMatchObject({ code: 0, stderr: "" });
    expect(serve.stdout).not.toContain("listening");
    expect(serve.stdout).toMatch(/its flag.*\n.*the environment.*\n.*the \.env file/);
    for (const name of settingNames) expect(serve.stdout).toContain(name);
    // As the README says: the platform's own payment link wins; this is for orders without one.
    expect(serve.stdout).toMatch(
      /KIOSK_CHECKOUT_URL +where a buyer pays when the platform gives no payment link;.*\(default none \(such orders answer payment: email\)\)/,
    );
  });
});

describe("kiosk with a command it does not know", () => {
  it("names it on its first line, shows the usage and exits 2", async () => {
    const wrong = await kiosk(["bogus"], dir);
    expect(wrong).toMatchObject({ code: 2, stdout: "" });
    expect(wrong.stderr.split("\n").slice(0, 2)).toEqual([
      "kiosk: unknown command: bogus",
      "Usage: kiosk <command>",
    ]);
    const none = await kiosk([], dir);
    expect(none).toMatchObject({ code: 2, stdout: "" });
    expect(none.stderr).toMatch(/^kiosk: no command\nUsage: kiosk <command>/);
  });
});

describe("kiosk init", () => {
  it("writes a starter .env with every setting and a catalog that serve reads from this folder", async () => {
    const first = await kiosk(["init"], dir);
    expect(first.code).toBe(0);
    const env = readFileSync(join(dir, ".env"), "utf8");
    for (const name of settingNames) expect(env).toMatch(new RegExp(`^(# )?${name}=`, "m"));
    // Each commented value may be uncommented as it is: "none" would be taken literally.
    expect(env).not.toMatch(/=none$/m);
    const active = env.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
    expect(active).toEqual(["KIOSK_SANDBOX_CATALOG=catalog.json"]);

    const catalog = JSON.parse(readFileSync(join(dir, "catalog.json"), "utf8"));
    catalog.store.name = "My own test shop";
    writeFileSync(join(dir, "catalog.json"), JSON.stringify(catalog));
    const server = await startKiosk({}, { command: [process.execPath, cli, "serve"], cwd: dir });
    try {
      const store = await (await fetch(`${server.url}/api/store`)).json();
      expect(store.name).toBe("My own test shop");
    } finally {
      await server.stop();
    }
  });

  it("refuses to overwrite, writing nothing", async () => {
    writeFileSync(join(dir, "catalog.json"), "mine");
    const result = await kiosk(["init"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("kiosk: catalog.json already here; nothing written\n");
    expect(readFileSync(join(dir, "catalog.json"), "utf8")).toBe("mine");
    expect(() => readFileSync(join(dir, ".env"))).toThrow();
  });

  it("refuses an option it does not take, writing nothing", async () => {
    writeFileSync(join(dir, "catalog.json"), "mine");
    const result = await kiosk(["init", "--force"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe("kiosk: init takes no options: --force");
    expect(readFileSync(join(dir, "catalog.json"), "utf8")).toBe("mine");
    expect(() => readFileSync(join(dir, ".env"))).toThrow();
  });
});

describe("where settings come from", () => {
  it("takes flags over the environment over .env", async () => {
    // .env asks for a platform that cannot start without a key; the environment overrides it,
    // and the flag overrides the environment's impossible port.
    writeFileSync(join(dir, ".env"), "KIOSK_PLATFORM=sellvy\n");
    const server = await startKiosk(
      { KIOSK_PLATFORM: "sandbox", PORT: "70000" },
      { command: [process.execPath, cli, "serve", "--port", "0", "--host=127.0.0.1"], cwd: dir },
    );
    await server.stop();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const fromDotEnv = await kiosk(["serve"], dir, { PORT: "0" });
    expect(fromDotEnv.stderr).toBe(
      "kiosk: KIOSK_SECRET_KEY: is required for KIOSK_PLATFORM=sellvy\n",
    );
  });

  it("stops on a misspelt variable or flag, naming the nearest real one", async () => {
    const variable = await kiosk(["serve"], dir, { KIOSK_PLATFROM: "sellvy", PORT: "0" });
    expect(variable.code).toBe(1);
    expect(variable.stderr).toBe(
      "kiosk: KIOSK_PLATFROM: is not a Kiosk setting (did you mean KIOSK_PLATFORM?)\n",
    );
    const flag = await kiosk(["serve", "--platfrom", "sx"], dir, { PORT: "0" });
    expect(flag.code).toBe(1);
    expect(flag.stderr).toBe(
      "kiosk: --platfrom: is not a kiosk serve option (did you mean --platform?)\n",
    );
  });
});
