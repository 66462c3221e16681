// `npm test`: the build (the CLI, bundle, package and browser suites read dist/), then vitest with
// the linter and the type check running beside it, since the tests alone leave the cores idle at
// times. Each step is the package.json script of its name, run without a further npm start.
// Arguments go to vitest: `npm test -- test/server`.
//
// The suite is bound by CPU (both cores are busy through vitest), so the type checks run on one
// thread each (`--singleThreaded` in build:types and typecheck: less CPU in all than tsc's worker
// threads contending with everything else).
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statfsSync } from "node:fs";
import { delimiter, join } from "node:path";

const root = join(import.meta.dirname, "..");
const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const env = {
  ...process.env,
  PATH: [join(root, "node_modules", ".bin"), process.env.PATH].join(delimiter),
};

const tmpfsMagic = 0x01021994;
const shm = "/dev/shm";

/**
 * A folder for the run's temporary files in memory, when /dev/shm is a tmpfs with room to spare
 * (Chromium keeps its shared memory there too): the installed-package suite's npm install,
 * Chromium's profile and the suites' scratch folders then cost the kernel about 2 s less CPU
 * than on disk. One folder per run, named by its pid; those of ended runs are removed.
 */
function memoryTmpdir() {
  try {
    const stats = statfsSync(shm);
    if (stats.type !== tmpfsMagic || stats.bavail * stats.bsize < 4 * 2 ** 30) return undefined;
    for (const name of readdirSync(shm)) {
      const pid = Number(/^kiosk-test-(\d+)$/.exec(name)?.[1]);
      if (pid && !alive(pid)) rmSync(join(shm, name), { recursive: true, force: true });
    }
    const dir = join(shm, `kiosk-test-${process.pid}`);
    mkdirSync(dir);
    return dir;
  } catch {
    return undefined;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

const tmp = memoryTmpdir();
if (tmp) {
  env.TMPDIR = tmp;
  process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
}

/** Runs a package.json script's command; `capture` keeps its output for the end. */
function run(name, command, capture) {
  return new Promise((resolve) => {
    const child = spawn(command, {
      cwd: root,
      env,
      shell: true,
      stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code, signal) => resolve({ name, ok: code === 0, code, signal, output }));
  });
}

/** `npm run build`'s steps, each run as its own script. */
const buildSteps = scripts.build.split("&&").map((step) => {
  const name = /^npm run ([\w:-]+)$/.exec(step.trim())?.[1];
  if (!name || !scripts[name]) throw new Error(`scripts.build: cannot run "${step.trim()}"`);
  return name;
});

// The build's steps write apart (dist/ and its chunks, dist/server, dist/types), so they run at
// once: each leaves part of the cores idle on its own.
const built = await Promise.all(buildSteps.map((name) => run(name, scripts[name], true)));
for (const result of built.filter((step) => step.output)) {
  process.stdout.write(`\n> ${result.name}\n${result.output}`);
}
const buildFailed = built.filter((step) => !step.ok);
if (buildFailed.length > 0) {
  process.stderr.write(`\nnpm test: ${buildFailed.map((step) => step.name).join(", ")} failed\n`);
  process.exit(buildFailed[0]?.code ?? 1);
}

const vitest = ["vitest", "run", ...process.argv.slice(2)]
  .map((arg) => `'${arg.replaceAll("'", "'\\''")}'`)
  .join(" ");
const results = await Promise.all([
  run("lint", scripts.lint, true),
  run("typecheck", scripts.typecheck, true),
  run("vitest", vitest, false),
]);
for (const result of results.filter((step) => step.output)) {
  process.stdout.write(`\n> ${result.name}\n${result.output}`);
}
const failed = results.filter((step) => !step.ok).map((step) => step.name);
if (failed.length > 0) {
  process.stderr.write(`\nnpm test: ${failed.join(", ")} failed\n`);
  process.exit(1);
}
