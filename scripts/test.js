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
import { stripVTControlCharacters } from "node:util";

const root = join(import.meta.dirname, "..");
const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const env = {
  ...process.env,
  PATH: [join(root, "node_modules", ".bin"), process.env.PATH].join(delimiter),
  // Both vitest runs share one `npm pack` of the build (see test/support/packed-package.ts).
  TEST_RUN_PID: String(process.pid),
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

/** Each step's wall time, printed at the end: where a slow run's time went. */
const timings = [];
process.on("exit", () => process.stdout.write(`\nnpm test: ${timings.join(", ")}\n`));

/**
 * Runs a command; `capture` keeps its output for the end, `"tee"` also shows it as it comes (and
 * keeps it, for the counts).
 */
function run(name, command, capture, extraEnv = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    const colour = capture === "tee" && process.stdout.isTTY ? { FORCE_COLOR: "1" } : {};
    const child = spawn(command, {
      cwd: root,
      env: { ...env, ...colour, ...extraEnv },
      shell: true,
      stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    const keep = (stream) => (chunk) => {
      output += chunk;
      if (capture === "tee") stream.write(chunk);
    };
    child.stdout?.on("data", keep(process.stdout));
    child.stderr?.on("data", keep(process.stderr));
    child.on("exit", (code, signal) => {
      timings.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
      resolve({ name, ok: code === 0, code, signal, output });
    });
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

const quote = (arg) => `'${arg.replaceAll("'", "'\\''")}'`;
const args = process.argv.slice(2);

/*
 * The whole suite runs as two vitest runs at once (`TEST_PART`, see vitest.config.ts): the
 * browser and installed-package files spend most of their time waiting on Chromium, the proxy's
 * process and npm, and the node and widget files on their own servers and timers, so one run's
 * waits leave the cores to the other (in one run, vitest runs its projects one after another).
 * With arguments (`npm test -- test/server`), one run as asked.
 */
const vitestRuns =
  args.length > 0
    ? [run("vitest", `vitest run ${args.map(quote).join(" ")}`, false)]
    : [
        run("vitest", "vitest run", "tee", { TEST_PART: "main" }),
        run("vitest (browser, installed)", "vitest run", true, { TEST_PART: "apart" }),
      ];
const results = await Promise.all([
  run("lint", scripts.lint, true),
  run("typecheck", scripts.typecheck, true),
  ...vitestRuns,
]);
for (const result of results.filter((step) => step.output && !step.name.startsWith("vitest"))) {
  process.stdout.write(`\n> ${result.name}\n${result.output}`);
}
const apart = results.find((step) => step.name.startsWith("vitest ("));
if (apart) process.stdout.write(`\n> ${apart.name}\n${apart.output}`);
if (vitestRuns.length > 1) printCounts(results.filter((step) => step.name.startsWith("vitest")));
const failed = results.filter((step) => !step.ok).map((step) => step.name);
if (failed.length > 0) {
  process.stderr.write(`\nnpm test: ${failed.join(", ")} failed\n`);
  process.exit(1);
}

/** The two runs' counts as one line in vitest's words (`Tests  N passed | …`). */
function printCounts(runs) {
  const counts = { failed: 0, passed: 0, skipped: 0, todo: 0 };
  for (const { output } of runs) {
    const line = stripVTControlCharacters(output)
      .split("\n")
      .findLast((text) => /^ +Tests +/.test(text));
    for (const name of Object.keys(counts)) {
      counts[name] += Number(new RegExp(`(\\d+) ${name}`).exec(line ?? "")?.[1] ?? 0);
    }
  }
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const parts = Object.entries(counts)
    .filter(([name, count]) => count > 0 || name === "passed")
    .map(([name, count]) => `${count} ${name}`);
  process.stdout.write(`\n> both vitest runs\n      Tests  ${parts.join(" | ")} (${total})\n`);
}
