// The proxy under load: autocannon on loopback, a few seconds per route, with the proxy
// process's resident memory sampled from /proc throughout.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

/** The proxy's resident set size in MiB, from /proc (Linux). */
export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/**
 * The CPU time (user + system, ms) the process has used, from /proc (Linux). Per request it says
 * what the proxy itself spends, which other work on a shared machine inflates far less than it
 * lowers the request rate.
 */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One autocannon run with these options, to its end. */
export function fire(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * Each route for `seconds` with `connections` open connections, as a browser would ask
 * (`Accept-Encoding: gzip, deflate, br`), after a one-second warm-up that fills any cache.
 */
export async function loadProxy({ origin, pid, routes, seconds, connections }) {
  const results = [];
  const rss = { start: rssMiB(pid), peak: 0 };
  const sampler = setInterval(() => {
    rss.peak = Math.max(rss.peak, rssMiB(pid));
  }, 200);
  try {
    for (const route of routes) {
      const options = {
        url: origin + route.path,
        method: route.method ?? "GET",
        connections,
        pipelining: 1,
        headers: {
          "accept-encoding": "gzip, deflate, br",
          ...(route.body ? { "content-type": "application/json" } : {}),
          ...route.headers,
        },
        ...(route.body ? { body: JSON.stringify(route.body) } : {}),
      };
      await fire({ ...options, duration: 1 });
      const cpuBefore = cpuMs(pid);
      const result = await fire({ ...options, duration: seconds });
      const cpu = cpuMs(pid) - cpuBefore;
      results.push({
        name: route.name,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx + result.errors + result.timeouts,
        total: result.requests.total,
        cpuUs: result.requests.total > 0 ? (cpu * 1000) / result.requests.total : Number.NaN,
      });
    }
  } finally {
    clearInterval(sampler);
  }
  rss.end = rssMiB(pid);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  rss.idle = rssMiB(pid);
  return { results, rss };
}
