// The proxy under load: autocannon on loopback, in a process of its own, a few seconds per route,
// process's resident memory sampled from /proc throughout.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
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

/** One autocannon run with these options, to its end, in this process. */
export function fire(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * One autocannon run in a process of its own: the bench's process holds every trace it took
 * and the merchant site's server, and a load generator sharing its heap and its event loop
 * would be measured along with the proxy.
 */
export function fireApart(options) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--fire"], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve(JSON.parse(output));
      else reject(new Error(`autocannon exited with ${code}`));
    });
    child.stdin.end(JSON.stringify(options));
  });
}

// `node load.js --fire`: the child of `fireApart`, its options on standard input.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "--fire") {
  let input = "";
  process.stdin.on("data", (chunk) => {
    input += chunk;
  });
  process.stdin.on("end", async () => {
    const result = await fire(JSON.parse(input));
    process.stdout.write(JSON.stringify(result));
  });
}

/**
 * Each route for `seconds` with `connections` open connections, as a browser would ask
 * (`Accept-Encoding: gzip, deflate, br`), after a one-second warm-up that fills any cache;
 * `rounds` times, the routes taken in turn each round, so that a busy moment on the machine
 * spreads over all of them. A route's figures are those of its median round by requests per
 * second (p50 and p99 from that round), with the range of its rounds' rates beside them.
 */
export async function loadProxy({ origin, pid, routes, seconds, connections, rounds = 3 }) {
  const rss = { start: rssMiB(pid), peak: 0 };
  const sampler = setInterval(() => {
    rss.peak = Math.max(rss.peak, rssMiB(pid));
  }, 200);
  const runs = routes.map(() => []);
  try {
    const optionsOf = (route) => ({
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
    });
    for (const route of routes) await fireApart({ ...optionsOf(route), duration: 1 });
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, route] of routes.entries()) {
        const cpuBefore = cpuMs(pid);
        const result = await fireApart({ ...optionsOf(route), duration: seconds });
        const cpu = cpuMs(pid) - cpuBefore;
        runs[index].push({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx + result.errors + result.timeouts,
          total: result.requests.total,
          cpuUs: result.requests.total > 0 ? (cpu * 1000) / result.requests.total : Number.NaN,
        });
      }
    }
  } finally {
    clearInterval(sampler);
  }
  const results = routes.map((route, index) => {
    const sorted = [...runs[index]].sort((a, b) => a.rps - b.rps);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    return {
      name: route.name,
      ...median,
      rpsRange: [sorted[0].rps, sorted.at(-1).rps],
      non2xx: sorted.reduce((sum, run) => sum + run.non2xx, 0),
      total: sorted.reduce((sum, run) => sum + run.total, 0),
    };
  });
  rss.end = rssMiB(pid);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  rss.idle = rssMiB(pid);
  return { results, rss, rounds };
}
