import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const packs = join(root, ".tsbuild", "packed");
/**
 * One folder per test run, named by a pid: `npm test`'s own (`TEST_RUN_PID`), which both of its
 * vitest runs share, else the vitest process's (its worker threads share it). A run packs once
 * for the package and the installed-package suites, and the next run packs its own build again.
 */
const folder = join(packs, process.env.TEST_RUN_PID || String(process.pid));
const doneFile = join(folder, "tarball.txt");

let packed: Promise<string> | undefined;

/**
 * The absolute path of `npm pack` of the current build (no scripts run: `npm run build` first),
 * packed once per test run however many files ask. Treat it as read-only.
 */
export function packedTarball(): Promise<string> {
  packed ??= packOrWait();
  return packed;
}

async function packOrWait(): Promise<string> {
  mkdirSync(packs, { recursive: true });
  try {
    // Creating the folder is the lock: whoever creates it packs, the others wait for its note.
    mkdirSync(folder);
  } catch {
    return waitForTarball();
  }
  for (const other of readdirSync(packs)) {
    if (!alive(Number(other))) rmSync(join(packs, other), { recursive: true, force: true });
  }
  try {
    await run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", folder], {
      cwd: root,
    });
    const tarball = readdirSync(folder).find((name) => name.endsWith(".tgz"));
    if (!tarball) throw new Error("npm pack wrote no tarball");
    note(join(folder, tarball));
  } catch (error) {
    note(`!${String(error)}`);
  }
  return waitForTarball();
}

/** Written whole or not at all, so a waiting worker never reads half a path. */
function note(text: string): void {
  writeFileSync(`${doneFile}.partial`, text);
  renameSync(`${doneFile}.partial`, doneFile);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForTarball(): Promise<string> {
  for (;;) {
    let note: string | undefined;
    try {
      note = readFileSync(doneFile, "utf8");
    } catch {
      // Not packed yet.
    }
    if (note?.startsWith("!")) throw new Error(`npm pack failed: ${note.slice(1)}`);
    if (note) return note;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
