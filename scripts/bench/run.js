// `npm run bench`: Kiosk against the embeds a merchant would otherwise pick, in one run on this
// machine. Builds nothing itself (npm runs the build first); prints the table and writes it to
// bench/results.md. Options: --runs N (fresh loads per case, default 9), --seconds S (per
// proxy route, default 5), --out FILE, --only KEYS (only these loads, e.g. `k4,s4`: their
// figures are printed, and no table is written and no proxy load run), --root DIR (the proxy and
// the widget it serves from another checkout's build: `ab.js` compares two builds so).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { launchBrowser, measureLoad } from "./browser.js";
import { loadProxy } from "./load.js";
import { cardIds, kioskPages, page } from "./pages.js";
import { loadPeers } from "./peers.js";
import { openBench, startSite } from "./sites.js";
import { kioskFiles, sumSizes } from "./sizes.js";
import { spread } from "./stats.js";
import { renderResults } from "./table.js";

const { values: options } = parseArgs({
  options: {
    runs: { type: "string", default: "9" },
    seconds: { type: "string", default: "5" },
    out: { type: "string", default: "bench/results.md" },
    only: { type: "string" },
    root: { type: "string" },
  },
});
const runs = Math.max(1, Number.parseInt(options.runs, 10) || 9);
const seconds = Math.max(1, Number.parseInt(options.seconds, 10) || 5);
const log = (line) => process.stderr.write(`bench: ${line}\n`);
const started = Date.now();

function machine() {
  const lscpu = (() => {
    try {
      return execFileSync("lscpu", { encoding: "utf8" });
    } catch {
      return "";
    }
  })();
  const model = /Model name:\s+(.+)/.exec(lscpu)?.[1]?.trim() ?? cpus()[0]?.model ?? "unknown";
  const cores = execFileSync("nproc", { encoding: "utf8" }).trim();
  // Other work on the machine slows every figure: the load average says how much there was.
  const load = loadavg()[1]?.toFixed(1);
  return `${cores} cores (${model}, 5-minute load average ${load} at the end), Node ${process.version}`;
}

const { proxy, stops, close } = await openBench("kiosk-bench-", options.root);
try {
  const peers = await loadPeers();
  const ids = cardIds;
  const pages = kioskPages(proxy.origin);
  const files = {};
  for (const peer of peers) {
    pages[`/peer/${peer.name}`] = page(peer.tags, "<h1>A merchant</h1><p>Script alone.</p>");
    Object.assign(files, peer.files);
  }
  const site = await startSite(pages, files);
  stops.push(site.stop);

  log("sizes");
  const kiosk = kioskFiles("dist");
  const sizes = {
    kiosk: {
      preClick: sumSizes(kiosk.preClick.map((file) => readFileSync(file))),
      all: sumSizes(kiosk.all.map((file) => readFileSync(file))),
    },
    peers: peers.map((peer) => sumSizes(Object.values(peer.files))),
  };

  const cases = [
    { key: "k1", url: `${site.origin}/kiosk-12`, cpu: 1, latency: 0, until: "cards", click: true },
    { key: "k4", url: `${site.origin}/kiosk-12`, cpu: 4, latency: 0, until: "cards", click: true },
    {
      key: "kl1",
      url: `${site.origin}/kiosk-12`,
      cpu: 1,
      latency: 100,
      until: "cards",
      click: true,
    },
    {
      key: "kl4",
      url: `${site.origin}/kiosk-12`,
      cpu: 4,
      latency: 100,
      until: "cards",
      click: true,
    },
    // A buy link opened from an email: the proxy's own page, which opens its checkout itself.
    { key: "b1", url: `${proxy.origin}/buy/bench-001`, cpu: 1, latency: 100, until: "total" },
    {
      key: "s4",
      url: `${site.origin}/kiosk-100`,
      cpu: 4,
      latency: 0,
      until: "storefront",
      count: 100,
    },
    ...peers.flatMap((peer, index) =>
      [1, 4].map((cpu) => ({
        key: `p${index}-${cpu}`,
        url: `${site.origin}/peer/${peer.name}`,
        cpu,
        latency: 0,
        until: "idle",
      })),
    ),
  ];
  if (options.only) {
    const keys = options.only.split(",");
    const unknown = keys.filter((key) => !cases.some((item) => item.key === key));
    if (unknown.length > 0) throw new Error(`no such loads: ${unknown.join(", ")}`);
    cases.splice(0, cases.length, ...cases.filter((item) => keys.includes(item.key)));
  }
  const samples = Object.fromEntries(cases.map((item) => [item.key, []]));
  const browser = await launchBrowser();
  stops.push(() => browser.close());
  const chromium = browser.version();
  // One unrecorded round first: the proxy's and the browser's code paths are then warm, as on a
  // server that has been up; each recorded load still starts with an empty browser cache.
  log("warm-up round");
  for (const item of cases) await measureLoad(browser, item);
  // Round-robin over the cases, so a busy moment on the machine spreads over all of them.
  for (let run = 1; run <= runs; run += 1) {
    log(`loads, run ${run} of ${runs}`);
    for (const item of cases) samples[item.key].push(await measureLoad(browser, item));
  }

  if (options.only) {
    for (const item of cases) {
      const figures = [
        "longestMs",
        "longestAnyMs",
        "longestCpuMs",
        "tbtMs",
        "shownMs",
        "answeredMs",
        "scriptMs",
        "scriptCpuMs",
        "forcedMs",
        "cls",
        "productRequests",
      ]
        .map(
          (name) =>
            `${name} ${spread(
              samples[item.key].map((sample) => sample[name]),
              "",
              name === "cls" ? 3 : 0,
            )}`,
        )
        .join(", ");
      process.stdout.write(`${item.key}: ${figures}\n`);
    }
    log(`machine: ${machine()}`);
  } else {
    // The browser is done: closed now, its processes take no share of the two cores from the
    // proxy and the load generator.
    await browser.close();
    log(`proxy under load, ${seconds} s per route`);
    const load = await loadProxy({
      origin: proxy.origin,
      pid: proxy.pid,
      seconds,
      connections: 50,
      routes: [
        { name: "`GET /api/products/:id` (cached)", path: "/api/products/bench-001" },
        { name: "`GET /api/products?ids=` 12 ids", path: `/api/products?ids=${ids.join(",")}` },
        {
          name: "`POST /api/quote`",
          path: "/api/quote",
          method: "POST",
          body: { items: [{ productId: "bench-001", quantity: 1 }] },
        },
      ],
    });

    const markdown = renderResults({
      date: new Date().toISOString().slice(0, 16).replace("T", " "),
      machine: `${machine()}, Chromium ${chromium}`,
      runs,
      seconds,
      peers,
      sizes,
      samples,
      load,
      elapsed: Math.round((Date.now() - started) / 1000),
    });
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, markdown);
    process.stdout.write(`${markdown}\n`);
    log(`written to ${options.out} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
} finally {
  await close();
}
