// `node scripts/bench/timeline.js`: the bench's twelve-card page alone, as a timeline of where
// the time to the 12th price goes. Needs a build (`npm run build`). For each fresh load it
// notes when the 12th card's price shows; for the median load it prints every request (from the
// DevTools Network domain: queued, connection, sent, first byte, last byte) and the page's
// main-thread tasks (from a trace), in milliseconds from navigation start. Options: --latency
// MS (default 100), --cpu RATE (default 1), --runs N (default 5), --page PATH (default
// /kiosk-12).
import { parseArgs } from "node:util";
import { observe } from "./observe.js";
import { openPageBench } from "./sites.js";

const { values: options } = parseArgs({
  options: {
    latency: { type: "string", default: "100" },
    cpu: { type: "string", default: "1" },
    runs: { type: "string", default: "5" },
    page: { type: "string", default: "/kiosk-12" },
    profile: { type: "boolean", default: false },
  },
});
const latency = Number(options.latency);
const cpu = Number(options.cpu);
const runs = Math.max(1, Number.parseInt(options.runs, 10) || 5);

const categories = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "toplevel",
  "blink.user_timing",
  "loading",
  "v8.execute",
];
/** What a task did, by the trace events inside it worth naming. */
const named = new Set([
  "ParseHTML",
  "EvaluateScript",
  "v8.compileModule",
  "v8.evaluateModule",
  "v8.compile",
  "FunctionCall",
  "TimerFire",
  "FireAnimationFrame",
  "EventDispatch",
  "RunMicrotasks",
  "UpdateLayoutTree",
  "Layout",
  "PrePaint",
  "Paint",
  "Commit",
  "ResourceReceiveResponse",
  "ResourceFinish",
  "ResourceReceivedData",
  "ParseAuthorStyleSheet",
  "HitTest",
]);

/** One fresh load: the requests, the main thread's tasks, and when the cards showed. */
async function load(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(observe);
    // Whether any card showed its placeholder (a render before its product was in).
    await page.addInitScript(() => {
      window.__placeholders = 0;
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function attachShadow(init) {
        const root = attach.call(this, init);
        new MutationObserver(() => {
          if (root.querySelector("[aria-busy=true]")) window.__placeholders += 1;
        }).observe(root, { childList: true, subtree: true });
        return root;
      };
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    if (cpu > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
    if (latency > 0) {
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
    }
    const requests = new Map();
    cdp.on("Network.requestWillBeSent", (event) => {
      requests.set(event.requestId, {
        url: event.request.url,
        method: event.request.method,
        type: event.type,
        sent: event.timestamp,
        initiator: event.initiator?.type,
      });
    });
    cdp.on("Network.responseReceived", (event) => {
      const request = requests.get(event.requestId);
      if (!request) return;
      request.status = event.response.status;
      request.timing = event.response.timing;
      request.protocol = event.response.protocol;
      request.connection = event.response.connectionId;
      request.reused = event.response.connectionReused;
      request.encoding = event.response.headers["content-encoding"] ?? "";
      request.received = event.timestamp;
    });
    cdp.on("Network.loadingFinished", (event) => {
      const request = requests.get(event.requestId);
      if (request) {
        request.finished = event.timestamp;
        request.bytes = event.encodedDataLength;
      }
    });
    if (options.profile) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
      await cdp.send("Profiler.start");
    }
    await browser.startTracing(page, { categories });
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    const shownAt = await page.evaluate(() => window.__bench.cards);
    await page.waitForLoadState("networkidle");
    const trace = JSON.parse((await browser.stopTracing()).toString());
    const profile = options.profile ? (await cdp.send("Profiler.stop")).profile : undefined;
    const cls = await page.evaluate(() => window.__bench.cls);
    const placeholders = await page.evaluate(() => window.__placeholders);
    return { shownAt, cls, placeholders, requests: [...requests.values()], trace, profile };
  } finally {
    await context.close();
  }
}

const ms = (value) => (value === undefined ? "     " : value.toFixed(0).padStart(5));

function tasksOf(trace) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mains = new Set(
    events
      .filter((event) => event.name === "thread_name" && event.args?.name === "CrRendererMain")
      .map((event) => `${event.pid}:${event.tid}`),
  );
  // The page's navigation start, as a trace time (µs), from the frame that was navigated.
  const start = events.find(
    (event) => event.name === "navigationStart" && event.args?.data?.isLoadingMainFrame,
  );
  const byThread = new Map();
  for (const event of events) {
    const thread = `${event.pid}:${event.tid}`;
    if (!mains.has(thread) || event.ph !== "X") continue;
    if (!byThread.has(thread)) byThread.set(thread, []);
    byThread.get(thread).push(event);
  }
  let busiest = [];
  let most = -1;
  for (const list of byThread.values()) {
    const total = list.filter((e) => e.name === "RunTask").reduce((sum, e) => sum + e.dur, 0);
    if (total > most) {
      most = total;
      busiest = list;
    }
  }
  busiest.sort((a, b) => a.ts - b.ts);
  const tasks = [];
  let current;
  for (const event of busiest) {
    if (event.name === "RunTask") {
      if (current && event.ts < current.end) continue;
      current = {
        ts: event.ts,
        end: event.ts + event.dur,
        dur: event.dur,
        cpu: event.tdur ?? event.dur,
        parts: new Map(),
      };
      tasks.push(current);
    } else if (current && event.ts < current.end && named.has(event.name)) {
      const detail =
        event.args?.data?.url?.split("/").pop() ||
        event.args?.data?.type ||
        event.args?.data?.functionName ||
        "";
      const key = detail ? `${event.name}(${detail})` : event.name;
      current.parts.set(key, (current.parts.get(key) ?? 0) + event.dur);
    }
  }
  return { origin: start?.ts, tasks };
}

/**
 * The main thread's CPU time (trace thread time, which other processes on the machine barely
 * move) from the last of the page code and product answers arriving to the 12th price showing,
 * and how many of its tasks laid out the page.
 */
function afterArrival(result) {
  const { origin, tasks } = tasksOf(result.trace);
  const arrived = Math.max(
    ...result.requests
      .filter((request) => /\/chunks\/kiosk-|\/api\/products/.test(request.url))
      .map((request) => request.finished ?? 0),
  );
  const shown = origin + result.shownAt * 1000;
  const inside = tasks.filter((task) => task.end > arrived * 1e6 && task.ts < shown);
  const before = tasks.filter((task) => task.ts < shown);
  return {
    arrived,
    total: before.reduce((sum, task) => sum + task.cpu, 0) / 1000,
    cpu: inside.reduce((sum, task) => sum + task.cpu, 0) / 1000,
    layouts: inside.filter((task) => task.parts.has("Layout")).length,
  };
}

function print(result, navigationSent) {
  const zero = navigationSent;
  const at = (seconds) => (seconds === undefined ? undefined : (seconds - zero) * 1000);
  console.log("\nrequests (ms from the document's request): sent | first byte | done | what");
  for (const request of result.requests.sort((a, b) => a.sent - b.sent)) {
    const timing = request.timing;
    const phase = (from, to) =>
      timing && timing[from] >= 0 && timing[to] >= 0 ? timing[to] - timing[from] : undefined;
    const connect = phase("connectStart", "connectEnd");
    const firstByte = timing ? at(timing.requestTime) + timing.receiveHeadersEnd : undefined;
    // From the page's asking to the network stack's start, and from sending to the headers.
    const queued = timing ? at(timing.requestTime) - at(request.sent) : undefined;
    const waited = phase("sendEnd", "receiveHeadersStart");
    const name = request.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, "");
    console.log(
      `${ms(at(request.sent))} |${ms(firstByte)} |${ms(at(request.finished))} | ${request.method} ${name.slice(0, 70)} ${request.type} ${request.status ?? "-"} ${request.protocol ?? ""} conn ${request.connection ?? "-"}${request.reused ? " reused" : ""}${connect ? ` connect ${connect.toFixed(1)} ms` : ""}${queued === undefined ? "" : ` queued ${queued.toFixed(1)} ms`}${waited === undefined ? "" : ` wait ${waited.toFixed(1)} ms`} ${request.encoding} ${request.bytes ?? ""} B`,
    );
  }
  const { origin, tasks } = tasksOf(result.trace);
  console.log("\nmain-thread tasks ≥ 0.5 ms (ms from navigation start): start | length | inside");
  for (const task of tasks) {
    if (task.dur < 500) continue;
    const parts = [...task.parts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([key, dur]) => `${key} ${(dur / 1000).toFixed(1)}`)
      .join(", ");
    console.log(`${ms((task.ts - origin) / 1000)} |${ms(task.dur / 1000)} | ${parts}`);
  }
  if (result.profile) printProfile(result.profile, afterArrival(result).arrived * 1e6);
  console.log(`\n12th price shown at ${result.shownAt.toFixed(0)} ms (rAF after the last price)`);
}

/** The functions that took the most time in the load's CPU profile, by self time. */
function printProfile(profile, from) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index] ?? 0;
    if (time < from) return;
    const node = byId.get(id);
    const frame = node.callFrame;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[index + 1] ?? 0));
  });
  console.log("\nCPU profile from the last answer's arrival on, self time (ms):");
  for (const [key, micros] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`${(micros / 1000).toFixed(1).padStart(6)}  ${key}`);
  }
}

const { site, browser, close } = await openPageBench("kiosk-timeline-");
try {
  const url = `${site.origin}${options.page}`;
  await load(browser, url); // warm-up, unrecorded, as in the bench
  const results = [];
  for (let run = 0; run < runs; run += 1) results.push(await load(browser, url));
  const sorted = [...results].sort((a, b) => a.shownAt - b.shownAt);
  const after = sorted.map(afterArrival);
  console.log(
    `${latency} ms latency, ${cpu}× CPU, ${runs} loads: 12th price at ${sorted.map((r) => r.shownAt.toFixed(0)).join(", ")} ms; CLS ${Math.max(...results.map((r) => r.cls)).toFixed(3)}`,
  );
  console.log(
    `main-thread CPU from the last answer to the 12th price: ${after.map((a) => a.cpu.toFixed(1)).join(", ")} ms; tasks with a layout: ${after.map((a) => a.layouts).join(", ")}; all main-thread CPU before it: ${after.map((a) => a.total.toFixed(1)).join(", ")} ms; cards that showed a placeholder: ${sorted.map((r) => r.placeholders).join(", ")}`,
  );
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const document = median.requests.find((request) => request.url === url);
  print(median, document.sent);
} finally {
  await close();
}
