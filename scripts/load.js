// `npm run load`: the proxy under load on loopback, a few seconds per case — cached product
// reads, a 12-id batch and a quote — on one instance, then on two instances sharing one
// `redis-server` (started here on a free loopback port). Prints req/s, p50/p99 and the error
// rate. Option: --seconds S per case (default 3), --connections C (default 50).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fire } from "./bench/load.js";
import { benchCatalog, startProxy } from "./bench/sites.js";

const { values: options } = parseArgs({
  options: {
    seconds: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
  },
});
const seconds = Math.max(1, Number.parseInt(options.seconds, 10) || 3);
const connections = Math.max(2, Number.parseInt(options.connections, 10) || 50);
const log = (line) => process.stderr.write(`load: ${line}\n`);

// The bench's catalog: the demo's products stretched to 100 distinct ids.
const ids = Array.from({ length: 12 }, (_, index) => `bench-${String(index + 1).padStart(3, "0")}`);
const cases = [
  { name: "GET /api/products/:id (cached)", path: "/api/products/bench-001" },
  { name: "GET /api/products?ids= (12 ids)", path: `/api/products?ids=${ids.join(",")}` },
  {
    name: "POST /api/quote",
    path: "/api/quote",
    method: "POST",
    body: JSON.stringify({ items: [{ productId: "bench-001", quantity: 2 }] }),
  },
];

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** A `redis-server` on a free loopback port, with nothing saved to disk. */
async function startRedis() {
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve();
    });
    child.once("error", (error) =>
      reject(new Error(`redis-server could not run: ${error.message}`)),
    );
    child.once("exit", (code) => reject(new Error(`redis-server exited ${code}: ${output}`)));
  });
  child.stdout.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * One case against every origin at once, the connections split between them: a warm-up second,
 * then `seconds` measured. Requests per second add up; p50 is the mean of the instances' medians
 * and p99 the worst instance's.
 */
async function measure(origins, testCase) {
  const run = (duration) =>
    Promise.all(
      origins.map((origin) =>
        fire({
          url: origin + testCase.path,
          method: testCase.method ?? "GET",
          connections: Math.floor(connections / origins.length),
          duration,
          headers: {
            "accept-encoding": "gzip, br",
            ...(testCase.body ? { "content-type": "application/json" } : {}),
          },
          ...(testCase.body ? { body: testCase.body } : {}),
        }),
      ),
    );
  await run(1);
  const results = await run(seconds);
  const total = results.reduce((sum, result) => sum + result.requests.total, 0);
  const failed = results.reduce(
    (sum, result) => sum + result.non2xx + result.errors + result.timeouts,
    0,
  );
  return {
    name: testCase.name,
    rps: results.reduce((sum, result) => sum + result.requests.average, 0),
    p50: results.reduce((sum, result) => sum + result.latency.p50, 0) / results.length,
    p99: Math.max(...results.map((result) => result.latency.p99)),
    errors: total === 0 ? 1 : failed / total,
  };
}

function table(title, rows) {
  const lines = [
    `${title}`,
    "",
    "| case | req/s | p50 | p99 | errors |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (row) =>
        `| ${row.name} | ${Math.round(row.rps).toLocaleString("en-US")} | ${row.p50.toFixed(0)} ms | ${row.p99.toFixed(0)} ms | ${(row.errors * 100).toFixed(2)} % |`,
    ),
  ];
  return lines.join("\n");
}

const work = mkdtempSync(join(tmpdir(), "kiosk-load-"));
const catalog = join(work, "catalog.json");
writeFileSync(catalog, JSON.stringify(benchCatalog()));
const stops = [];
try {
  log(`${seconds} s per case, ${connections} connections, after a 1 s warm-up`);
  const single = await startProxy(catalog);
  stops.push(single.stop);
  const one = [];
  for (const testCase of cases) one.push(await measure([single.origin], testCase));
  await single.stop();
  stops.pop();

  const redis = await startRedis();
  stops.push(redis.stop);
  const shared = { KIOSK_REDIS_URL: redis.url };
  const pair = await Promise.all([startProxy(catalog, shared), startProxy(catalog, shared)]);
  for (const proxy of pair) stops.push(proxy.stop);
  const two = [];
  for (const testCase of cases)
    two.push(
      await measure(
        pair.map((proxy) => proxy.origin),
        testCase,
      ),
    );

  process.stdout.write(`${table("One instance (memory store)", one)}\n\n`);
  process.stdout.write(`${table("Two instances sharing one redis-server", two)}\n`);
} finally {
  for (const stop of stops.reverse()) await stop();
  rmSync(work, { recursive: true, force: true });
}
