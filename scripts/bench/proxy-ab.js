// Two builds' proxies side by side, for `npm run bench:ab -- --proxy`: both held to the same core
// and loaded at the same moment, each by its own autocannon process. Whatever else the machine
// does then slows both alike, so the ratio of their request counts says which build costs less
// per request within a few percent, where the same build's req/s moves by a quarter between
// runs a minute apart. With `pages`, each proxy first serves that many loads of the bench's
// 12-card page in Chromium, as the bench's proxy has when it is loaded: V8 compiles a proxy's
// code again for every shape of request and connection it has met, so a fresh proxy runs faster
// than one that has served a browser, and a change can help one and not the other.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser, measureLoad } from "./browser.js";
import { cpuMs, fireApart } from "./load.js";
import { kioskPages } from "./pages.js";
import { benchCatalog, startProxy, startSite } from "./sites.js";

const ids = Array.from({ length: 12 }, (_, index) => `bench-${String(index + 1).padStart(3, "0")}`);

/** The first core this process may run on (Linux), where both proxies are held. */
function firstCore() {
  const allowed = /Cpus_allowed_list:\s*(\d+)/.exec(readFileSync("/proc/self/status", "utf8"));
  return Number(allowed?.[1] ?? 0);
}

/** The routes compared, as `run.js` loads them. */
export const proxyRoutes = {
  one: "/api/products/bench-001",
  batch: `/api/products?ids=${ids.join(",")}`,
};

/** Gives each of `proxies` `pages` loads of the 12-card page in one Chromium, in turns. */
async function servePages(proxies, pages) {
  const sites = [];
  const browser = await launchBrowser();
  try {
    for (const proxy of proxies) sites.push(await startSite(kioskPages(proxy.origin), {}));
    for (let load = 0; load < pages; load++) {
      for (const site of sites) {
        await measureLoad(browser, {
          url: `${site.origin}/kiosk-12`,
          cpu: 1,
          latency: 0,
          until: "cards",
        });
      }
    }
  } finally {
    await browser.close();
    for (const site of sites) await site.stop();
  }
}

/**
 * Loads the proxies of `builds` (`{ name, root, settings? }`, two of them) at once, `rounds` times for
 * `seconds` on each route, and returns per route and round each build's rate and CPU per request,
 * with the second build's requests over the first's. `pages`: page loads each proxy serves first.
 */
export async function compareProxies({ builds, rounds, seconds, connections = 25, pages = 0 }) {
  const work = mkdtempSync(join(tmpdir(), "kiosk-proxy-ab-"));
  const catalogPath = join(work, "catalog.json");
  writeFileSync(catalogPath, JSON.stringify(benchCatalog()));
  const proxies = [];
  try {
    const core = firstCore();
    for (const build of builds) {
      proxies.push(await startProxy(catalogPath, build.settings ?? {}, build.root, core));
    }
    if (pages > 0) await servePages(proxies, pages);
    const optionsOf = (proxy, path, duration) => ({
      url: proxy.origin + path,
      connections,
      duration,
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    const results = [];
    for (const [route, path] of Object.entries(proxyRoutes)) {
      await Promise.all(proxies.map((proxy) => fireApart(optionsOf(proxy, path, 1))));
      for (let round = 1; round <= rounds; round++) {
        const before = proxies.map((proxy) => cpuMs(proxy.pid));
        const runs = await Promise.all(
          proxies.map((proxy) => fireApart(optionsOf(proxy, path, seconds))),
        );
        const [first, second] = runs.map((run, index) => ({
          rps: run.requests.average,
          cpuUs: ((cpuMs(proxies[index].pid) - before[index]) * 1000) / run.requests.total,
          total: run.requests.total,
          failed: run.non2xx + run.errors + run.timeouts,
        }));
        results.push({ route, round, first, second, ratio: second.total / first.total });
      }
    }
    return results;
  } finally {
    for (const proxy of proxies) await proxy.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
