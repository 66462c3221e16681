// The loopback servers of a run: the Kiosk proxy through its real CLI, and a merchant site on a
// second origin serving the pages and the peers' files (brotli or gzip when the browser asks).
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { launchBrowser } from "./browser.js";
import { kioskPages } from "./pages.js";

export /** The demo catalog stretched to 100 products with distinct ids and no remote images. */
function benchCatalog() {
  const demo = JSON.parse(readFileSync("demo/catalog.json", "utf8"));
  const usable = demo.products.filter(
    (product) => product.visible !== false && (product.currency ?? "USD") === "USD",
  );
  const copies = new Map();
  const products = Array.from({ length: 100 }, (_, index) => {
    const source = usable[index % usable.length];
    const id = `bench-${String(index + 1).padStart(3, "0")}`;
    copies.set(source.id, [...(copies.get(source.id) ?? []), id]);
    return { ...source, id, slug: id, name: `${source.name} ${index + 1}`, images: [] };
  });
  // A code for some products is for their copies: the sandbox refuses one naming no product.
  const coupons = (demo.coupons ?? []).map((coupon) =>
    coupon.productIds
      ? { ...coupon, productIds: coupon.productIds.flatMap((id) => copies.get(id) ?? []) }
      : coupon,
  );
  return { ...demo, products, coupons };
}

/**
 * A run's proxy on the bench catalog (from the checkout at `root`, this one by default), written
 * to a folder of its own (named from `prefix`), and `stops`, where the run adds what else it
 * starts; `close()` stops all of it, last started first, and removes the folder.
 */
export async function openBench(prefix, root = process.cwd()) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const stops = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const catalogPath = join(work, "catalog.json");
    writeFileSync(catalogPath, JSON.stringify(benchCatalog()));
    const proxy = await startProxy(catalogPath, {}, root);
    stops.push(proxy.stop);
    return { proxy, stops, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A run on Kiosk's own pages (`pages.js`): the proxy of {@link openBench}, a merchant site
 * serving the pages, and a browser; `close()` stops all of it.
 */
export async function openPageBench(prefix) {
  const bench = await openBench(prefix);
  try {
    const site = await startSite(kioskPages(bench.proxy.origin), {});
    bench.stops.push(site.stop);
    const browser = await launchBrowser();
    bench.stops.push(() => browser.close());
    return { ...bench, site, browser };
  } catch (error) {
    await bench.close();
    throw error;
  }
}

/**
 * Starts `node bin/kiosk.js serve` on the sandbox with the given catalog file (and settings),
 * from the checkout at `root` (its build, and the widget it serves). Its output goes to a file
 * of its own, as an operator's would go to a file or the journal: read
 * through a pipe, a line per request under load would be read by this process, the one that
 * also runs the load generator, and the proxy would be measured with that work taken from it.
 * Given `cpu`, the proxy runs on that core alone (`taskset`).
 */
export async function startProxy(catalogPath, settings = {}, root = process.cwd(), cpu) {
  const logs = mkdtempSync(join(tmpdir(), "kiosk-proxy-log-"));
  const logPath = join(logs, "proxy.log");
  const output = openSync(logPath, "w");
  const serve = [process.execPath, join(root, "bin", "kiosk.js"), "serve"];
  // `taskset` runs the proxy itself (same process), held to one core.
  const [command, ...args] = cpu === undefined ? serve : ["taskset", "-c", String(cpu), ...serve];
  const child = spawn(command, args, {
    env: {
      ...process.env,
      PORT: "0",
      KIOSK_PLATFORM: "sandbox",
      KIOSK_SANDBOX_CATALOG: catalogPath,
      // All the load comes from one loopback address: still counted, never refused.
      KIOSK_LIMIT_REQUESTS: "999999999/1m",
      ...settings,
    },
    stdio: ["ignore", output, output],
  });
  closeSync(output);
  const written = () => readFileSync(logPath, "utf8");
  const origin = await new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(written());
      if (found) finish(() => resolve(found[0]));
    }, 20);
    const timer = setTimeout(
      () =>
        finish(() => {
          child.kill("SIGTERM");
          reject(new Error(`proxy did not start:\n${written()}`));
        }),
      15_000,
    );
    const exited = (code) =>
      finish(() => reject(new Error(`proxy exited with ${code}:\n${written()}`)));
    const finish = (then) => {
      clearInterval(poll);
      clearTimeout(timer);
      child.off("exit", exited);
      then();
    };
    child.once("exit", exited);
  });
  return {
    origin,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        if (child.exitCode === null) child.kill("SIGTERM");
        else resolve();
      }).then(() => rmSync(logs, { recursive: true, force: true })),
  };
}

const typeOf = (path) =>
  path.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8";

function encodedCopies(bytes) {
  return {
    br: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }),
    gzip: gzipSync(bytes, { level: 9 }),
  };
}

/**
 * A merchant's site: `pages` and `files` by URL path. Files are compressed once, as a CDN
 * would serve them; nothing is cached by the browser between loads (each load is a fresh
 * context).
 */
export async function startSite(pages, files) {
  const table = new Map();
  for (const [path, text] of Object.entries(pages)) {
    const bytes = Buffer.from(text);
    table.set(path, { bytes, type: typeOf(".html"), ...encodedCopies(bytes) });
  }
  for (const [path, bytes] of Object.entries(files)) {
    table.set(path, { bytes, type: typeOf(path), ...encodedCopies(bytes) });
  }
  const server = createServer((request, response) => {
    const entry = table.get(new URL(request.url ?? "/", "http://x").pathname);
    if (!entry) {
      response.writeHead(404).end();
      return;
    }
    const accepted = request.headers["accept-encoding"] ?? "";
    const encoding = /\bbr\b/.test(accepted) ? "br" : /\bgzip\b/.test(accepted) ? "gzip" : "";
    const body = encoding ? entry[encoding] : entry.bytes;
    response.writeHead(200, {
      "content-type": entry.type,
      "content-length": body.length,
      "cache-control": "no-store",
      vary: "Accept-Encoding",
      ...(encoding ? { "content-encoding": encoding } : {}),
    });
    response.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
