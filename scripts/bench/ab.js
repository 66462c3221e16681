// `npm run bench:ab -- --base REV`: this tree's build against REV's on the same loads, in
// alternating rounds, so that a change is told from the machine's drift (on two shared cores
// the clock-based figures move between runs by as much as most changes). Builds this tree, and
// REV in a temporary worktree sharing this one's node_modules; then, each round, runs
// `run.js --only KEYS --runs N` once for REV and once for this tree (the proxy and the widget it
// serves from each build; the browser, the pages and the bench's code are this tree's) and
// prints both rows of figures. Options: --base REV (required), --only KEYS (default
// k4,kl1,s4), --runs N (loads per case and round, default 9), --rounds N (default 3).
// With --proxy, the two builds' proxies instead, loaded at once on one core (`proxy-ab.js`):
// --rounds N rounds of --seconds S (default 4) per route, and the ratio of their requests;
// --pages N first gives each proxy N Chromium loads of the 12-card page, the state the bench
// loads its proxy in (see `proxy-ab.js`); --with NAME=VALUE (repeatable) starts this tree's proxy
// with that setting, so that `--base HEAD --proxy --with KIOSK_ACCESS_LOG=off` weighs a setting.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { compareProxies } from "./proxy-ab.js";
import { median } from "./stats.js";

const { values: options } = parseArgs({
  options: {
    base: { type: "string" },
    only: { type: "string", default: "k4,kl1,s4" },
    runs: { type: "string", default: "9" },
    rounds: { type: "string", default: "3" },
    proxy: { type: "boolean", default: false },
    seconds: { type: "string", default: "4" },
    pages: { type: "string", default: "0" },
    with: { type: "string", multiple: true, default: [] },
  },
});
if (!options.base) {
  console.error("ab: --base REV is required (a commit, tag or branch to compare against)");
  process.exit(2);
}
// The browser rounds start their own proxies: a setting would be left out of them, and their rows
// still named after it.
if (options.with.length > 0 && !options.proxy) {
  console.error("ab: --with sets this tree's proxy in --proxy rounds only");
  process.exit(2);
}
const unread = options.with.find((setting) => !/^[A-Z][A-Z0-9_]*=/.test(setting));
if (unread !== undefined) {
  console.error(`ab: --with ${unread}: must be NAME=VALUE, such as KIOSK_ACCESS_LOG=off`);
  process.exit(2);
}
const rounds = Math.max(1, Number.parseInt(options.rounds, 10) || 3);
const pagesFirst = Math.max(0, Number.parseInt(options.pages, 10) || 0);
const here = process.cwd();
const run = (command, args, cwd) => execFileSync(command, args, { cwd, stdio: "inherit" });

const worktree = mkdtempSync(join(tmpdir(), "kiosk-ab-"));
try {
  const commit = execFileSync("git", ["rev-parse", "--short", options.base], { encoding: "utf8" });
  run("git", ["worktree", "add", "--detach", "--force", worktree, options.base], here);
  symlinkSync(resolve(here, "node_modules"), join(worktree, "node_modules"), "dir");
  // A proxy that serves pages (`--pages`) serves its build's widget too.
  const build = options.proxy && pagesFirst === 0 ? "build:server" : "build";
  run("npm", ["run", "--silent", build], worktree);
  run("npm", ["run", "--silent", build], here);
  const builds = [
    { name: `base ${commit.trim()}`, root: worktree },
    {
      name: options.with.length > 0 ? `this tree with ${options.with.join(" ")}` : "this tree",
      root: here,
      settings: Object.fromEntries(
        options.with.map((setting) => [
          setting.slice(0, setting.indexOf("=")),
          setting.slice(setting.indexOf("=") + 1),
        ]),
      ),
    },
  ];
  if (options.proxy) {
    const results = await compareProxies({
      builds,
      rounds,
      seconds: Math.max(1, Number(options.seconds) || 4),
      pages: pagesFirst,
    });
    const rate = (side) =>
      `${Math.round(side.rps)} req/s, ${Math.round(side.cpuUs)} µs${side.failed ? `, ${side.failed} failed` : ""}`;
    for (const { route, round, first, second, ratio } of results) {
      console.log(
        `${route} round ${round}: ${builds[0].name} ${rate(first)} | ${builds[1].name} ${rate(second)} | ratio ${ratio.toFixed(3)}`,
      );
    }
    for (const route of new Set(results.map((result) => result.route))) {
      const ratios = results
        .filter((result) => result.route === route)
        .map((result) => result.ratio)
        .sort((a, b) => a - b);
      console.log(
        `${route}: this tree answers ${median(ratios)?.toFixed(3)}× the base's requests (rounds ${ratios[0]?.toFixed(3)}–${ratios.at(-1)?.toFixed(3)})`,
      );
    }
  }
  for (let round = 1; round <= (options.proxy ? 0 : rounds); round++) {
    for (const build of builds) {
      const result = spawnSync(
        process.execPath,
        [
          join(here, "scripts", "bench", "run.js"),
          "--only",
          options.only,
          "--runs",
          options.runs,
          "--root",
          build.root,
          "--out",
          join(worktree, "results.md"),
        ],
        { cwd: here, encoding: "utf8" },
      );
      if (result.status !== 0) throw new Error(`run.js failed:\n${result.stderr}`);
      // run.js prints each load's figures on a line of its own: `k4: longestMs 44 (38–79), …`.
      const figures = result.stdout.split("\n").filter((line) => /^\w+: \w+Ms /.test(line));
      console.log(`round ${round}, ${build.name}`);
      for (const line of figures) console.log(`  ${line}`);
    }
  }
} finally {
  spawnSync("git", ["worktree", "remove", "--force", worktree], { cwd: here, stdio: "ignore" });
  rmSync(worktree, { recursive: true, force: true });
  spawnSync("git", ["worktree", "prune"], { cwd: here, stdio: "ignore" });
}
