// Fresh page loads in Debian's Chromium, measured from the browser's own records: script time
// and long tasks from a performance trace, layout shifts and the moment the cards show from
// observers installed before any page script runs.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { observe } from "./observe.js";

const chromiumPath = "/usr/bin/chromium";

/** Headless Chromium that cannot reach anything but loopback (no image CDN, no vendor API). */
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-extensions",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
}

// v8.execute: the microtasks run after a task, where much of a page's script runs.
export const traceCategories = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "toplevel",
  "v8.execute",
];

/**
 * A trace's events, and the page's main thread in it: the renderer thread that parsed `url`'s
 * document (without `url`, or if none did, the renderer thread busiest with tasks by thread
 * time: a renderer left from an earlier page can be busier by the clock while doing nothing).
 */
export function mainThreadOf(traceBuffer, url) {
  const parsed = JSON.parse(traceBuffer.toString());
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const key = (event) => `${event.pid}:${event.tid}`;
  const mains = new Set(
    events
      .filter((event) => event.name === "thread_name" && event.args?.name === "CrRendererMain")
      .map(key),
  );
  const parser = events.find(
    (event) =>
      event.name === "ParseHTML" &&
      url &&
      event.args?.beginData?.url === url &&
      mains.has(key(event)),
  );
  const byThread = new Map();
  for (const event of events) {
    if (event.name !== "RunTask" || event.ph !== "X" || !event.dur) continue;
    const thread = key(event);
    if (!mains.has(thread)) continue;
    if (!byThread.has(thread)) byThread.set(thread, []);
    byThread.get(thread).push(event);
  }
  let main = parser ? key(parser) : "";
  if (!main) {
    let most = -1;
    for (const [thread, tasks] of byThread) {
      const total = tasks.reduce((sum, task) => sum + (task.tdur ?? task.dur), 0);
      if (total > most) {
        most = total;
        main = thread;
      }
    }
  }
  // Only top-level tasks: a task nested in another is part of it.
  const tasks = outermost({ events, thread: main }, taskEvents, (event) => !event.dur);
  // First contentful paint, where total blocking time starts counting (as Lighthouse counts it):
  // before it the page shows nothing, and the longest task there is the browser's own commit of
  // the navigation, the same on a page without any script.
  const paint = events.find(
    (event) => event.name === "firstContentfulPaint" && key(event) === main,
  );
  return { events, thread: main, tasks, paintedAt: paint?.ts };
}

/** What runs the page's JavaScript: a script, a module, a callback, the microtasks after a task. */
const scriptEvents = new Set([
  "EvaluateScript",
  "v8.evaluateModule",
  "FunctionCall",
  "RunMicrotasks",
]);

/**
 * A call of `observe`'s own callbacks (the bench watching the cards, not the page's script):
 * an init script's functions have no script URL.
 */
const observerCall = (event) =>
  event.name === "FunctionCall" &&
  !event.args?.data?.url &&
  ["check", "changed"].includes(event.args?.data?.functionName);

/** A main-thread task. */
const taskEvents = new Set(["RunTask"]);

/** The rendering a script can force by reading a style or a layout. */
const renderingEvents = new Set(["UpdateLayoutTree", "Layout"]);

/**
 * The outermost of `names`' events on `thread`, in order: an event inside another of them is
 * part of it.
 */
function outermost({ events, thread }, names, skip = () => false) {
  const matching = events
    .filter(
      (event) =>
        event.ph === "X" &&
        names.has(event.name) &&
        `${event.pid}:${event.tid}` === thread &&
        !skip(event),
    )
    .sort((a, b) => a.ts - b.ts);
  const result = [];
  let end = 0;
  for (const event of matching) {
    if (event.ts < end) continue;
    result.push(event);
    end = event.ts + event.dur;
  }
  return result;
}

/**
 * The main thread's time (ms) in JavaScript, from a trace, and apart the style and layout that
 * it forced (a style or layout it read), which DevTools and Lighthouse count as rendering, not
 * as scripting: every outermost script event, less the rendering inside it. DevTools'
 * ScriptDuration leaves out the microtasks run after a task, where a promise's callbacks run,
 * such as a module's rendering. The bench's own observer's calls are left out. `scriptCpuMs` is
 * the same by thread time.
 */
export function scriptTime(main) {
  const scripts = outermost(main, scriptEvents, observerCall);
  const rendering = outermost(main, renderingEvents);
  let total = 0;
  let forced = 0;
  // The same by thread time: the CPU the thread spent, where the clock also counts the moments
  // the machine's other work held it off the core (and both count CPU throttling's pauses).
  let totalCpu = 0;
  let forcedCpu = 0;
  let next = 0;
  for (const script of scripts) {
    total += script.dur;
    totalCpu += script.tdur ?? script.dur;
    const end = script.ts + script.dur;
    while (next < rendering.length && rendering[next].ts < script.ts) next += 1;
    for (let index = next; index < rendering.length && rendering[index].ts < end; index += 1) {
      const inside = rendering[index];
      forced += Math.min(inside.dur, end - inside.ts);
      // A rendering event inside a script is whole inside it.
      if (inside.ts + inside.dur <= end) forcedCpu += inside.tdur ?? inside.dur;
    }
  }
  return {
    scriptMs: (total - forced) / 1000,
    forcedMs: forced / 1000,
    scriptCpuMs: (totalCpu - forcedCpu) / 1000,
  };
}

/** The main-thread tasks (ms) of the page at `url`, from a trace. */
export const mainThreadTasks = (traceBuffer, url) =>
  mainThreadOf(traceBuffer, url).tasks.map((task) => task.dur / 1000);

/** Total blocking time: what every task spends past 50 ms. */
export const blockingTime = (tasks) => tasks.reduce((sum, task) => sum + Math.max(0, task - 50), 0);

/**
 * The main thread's tasks from first contentful paint on (ms), each cut to its part after it,
 * and their total blocking time: what each spends past its first 50 ms, counted only after the
 * paint (Lighthouse's definition). Without a paint in the trace, every task counts whole.
 */
export function afterPaint({ tasks, paintedAt }) {
  const from = paintedAt ?? 0;
  const durations = [];
  let blocking = 0;
  for (const task of tasks) {
    const end = task.ts + task.dur;
    if (end <= from) continue;
    durations.push((end - Math.max(task.ts, from)) / 1000);
    blocking += Math.max(0, end - Math.max(task.ts + 50_000, from)) / 1000;
  }
  return { durations, blocking };
}

/**
 * One fresh load (new browser context: empty cache, no connections) of `url` at `cpu`×
 * throttling and `latency` ms of added latency. `until` says when the page counts as shown:
 * "cards" (every card priced), "storefront" (`count` prices in the storefront), "total" (a page
 * that opens its checkout itself shows the total) or "idle".
 * With `click`, a card's Buy button is then clicked and the time to the checkout's total kept.
 * `categories` and `onTrace` (given the trace's bytes) serve a closer look (`tasks.js`).
 */
export async function measureLoad(
  browser,
  { url, cpu, latency, until, count, click, categories = traceCategories, onTrace },
) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(observe, {
      count: until === "storefront" ? count : 0,
      total: until === "total",
    });
    const shown = new Promise((resolve) => {
      page.on("console", (message) => {
        const [name, at] = message.text().split(" ");
        if (name === `kiosk-bench:${until === "total" ? "total" : "shown"}`) resolve(Number(at));
      });
    });
    const cdp = await context.newCDPSession(page);
    if (cpu > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
    if (latency > 0) {
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
    }
    const requests = [];
    page.on("request", (request) => requests.push(request));
    await browser.startTracing(page, { categories });
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    let shownAt;
    if (until === "cards" || until === "storefront" || until === "total") {
      let timer;
      shownAt = await Promise.race([
        shown,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the ${until} never showed prices`)), 60_000);
        }),
      ]).finally(() => clearTimeout(timer));
    }
    await page.waitForLoadState("networkidle");
    const trace = await browser.stopTracing();
    onTrace?.(trace);
    const main = mainThreadOf(trace, url);
    const tasks = main.tasks.map((task) => task.dur / 1000);
    const painted = afterPaint(main);
    const cls = await page.evaluate(() => window.__bench.cls);
    // Requests over the network: a data: URL (embed.js's worker) is the page's own text.
    const loaded = requests.filter(
      (request) => request.url() !== url && /^https?:/.test(request.url()),
    );
    const wire = { script: 0, api: 0 };
    // When the last answer that came before the cards showed was in, from the document's
    // request: with latency, what the round trips cost, and what is left the page's own work.
    const navigation = requests.find((request) => request.url() === url)?.timing();
    let answeredMs;
    for (const request of loaded) {
      const response = await request.response();
      if (!response) continue;
      const sizes = await request.sizes();
      const kind = request.resourceType() === "script" ? "script" : "api";
      wire[kind] += sizes.responseBodySize;
      const timing = request.timing();
      const end = timing.startTime + timing.responseEnd - (navigation?.startTime ?? 0);
      if (navigation && timing.responseEnd >= 0 && shownAt !== undefined && end <= shownAt) {
        answeredMs = Math.max(answeredMs ?? 0, end);
      }
    }
    const result = {
      ...scriptTime(main),
      tbtMs: painted.blocking,
      longestMs: Math.max(0, ...painted.durations),
      longestAnyMs: Math.max(0, ...tasks),
      // The same task's thread time: the CPU it took, which other processes on a busy machine
      // barely change, while the clock counts their time too.
      longestCpuMs: Math.max(
        0,
        ...main.tasks
          .filter((task) => task.ts + task.dur > (main.paintedAt ?? 0))
          .map((task) => (task.tdur ?? task.dur) / 1000),
      ),
      shownMs: shownAt,
      answeredMs,
      requests: loaded.length,
      productRequests: loaded.filter((request) => /\/api\/products\b/.test(request.url())).length,
      cls,
      wire,
    };
    if (click) {
      result.clickMs = await page.evaluate(() => {
        const bench = window.__bench;
        const button = bench.roots
          .filter((root) => root.host.hasAttribute("data-kiosk-product"))
          .map((root) =>
            [...root.querySelectorAll("button")].find((b) => /buy/i.test(b.textContent)),
          )
          .find((candidate) => candidate && !candidate.disabled);
        if (!button) return undefined;
        bench.clickAt = performance.now();
        button.click();
        return Promise.race([
          bench.total,
          new Promise((resolve) => setTimeout(() => resolve(undefined), 15_000)),
        ]);
      });
    }
    return result;
  } finally {
    await context.close();
  }
}
