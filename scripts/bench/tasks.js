// `npm run bench:tasks`: what the main thread's long tasks are made of, on the bench's own pages.
// Loads each page fresh (as the bench does, after one unrecorded warm-up load), records a trace
// with the JavaScript sampler on, and prints every task over --over ms with the self time of
// what ran in it (script evaluation, compilation, microtasks, style, layout, paint) and the
// scripts' busiest functions (with --js, which slows the page down). On a shared machine compare
// thread times at --cpu 1: the clock counts other work too. Builds nothing itself. Options: --page 12|100 (both by default),
// --cpu N (4), --runs N (3), --over MS (30), --save DIR (keep each trace, for DevTools), --sum
// (the whole load's self thread time by event, averaged over the runs: compare two builds).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { blockingTime, mainThreadOf, measureLoad, traceCategories } from "./browser.js";
import { openPageBench } from "./sites.js";

const { values: options } = parseArgs({
  options: {
    page: { type: "string", multiple: true },
    cpu: { type: "string", default: "4" },
    runs: { type: "string", default: "3" },
    over: { type: "string", default: "30" },
    save: { type: "string" },
    js: { type: "boolean", default: false },
    sum: { type: "boolean", default: false },
  },
});
const cpu = Number(options.cpu) || 4;
const runs = Math.max(1, Number.parseInt(options.runs, 10) || 3);
const over = Number(options.over) || 30;
const wanted = options.page ?? ["12", "100"];

// The sampler slows the page down: only with --js.
const categories = [
  ...traceCategories,
  "disabled-by-default-v8.compile",
  ...(options.js ? ["disabled-by-default-v8.cpu_profiler"] : []),
];

/** The trace's events nested in `task` on `thread`, as [start, end, name, detail] (µs). */
function eventsIn(events, thread, task) {
  const end = task.ts + task.dur;
  const found = [];
  const open = new Map();
  for (const event of events) {
    if (`${event.pid}:${event.tid}` !== thread || event.ts < task.ts || event.ts > end) continue;
    const detail =
      event.args?.data?.url || event.args?.data?.functionName || event.args?.data?.type || "";
    if (event.ph === "X" && event.dur !== undefined) {
      found.push([event.ts, event.ts + event.dur, event.name, detail, event.tdur ?? event.dur]);
    } else if (event.ph === "B") {
      open.set(event.name, [...(open.get(event.name) ?? []), [event.ts, detail]]);
    } else if (event.ph === "E") {
      const started = open.get(event.name)?.pop();
      if (started)
        found.push([started[0], event.ts, event.name, started[1], event.ts - started[0]]);
    }
  }
  // Outer events first where two start together.
  return found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

/**
 * Self time (ms) by event name: an event's thread time (CPU, which other work on the machine
 * barely changes) less that of the events inside it.
 */
function selfTimes(nested) {
  const self = new Map();
  const stack = [];
  const add = (name, us) => self.set(name, (self.get(name) ?? 0) + us / 1000);
  for (const [start, end, name, , cpu] of nested) {
    while (stack.length > 0 && stack.at(-1).end <= start) stack.pop();
    const parent = stack.at(-1);
    if (parent) add(parent.name, -cpu);
    add(name, cpu);
    stack.push({ end, name });
  }
  return [...self].filter(([, ms]) => ms >= 0.5).sort((a, b) => b[1] - a[1]);
}

/** The sampler's self time (ms) per function within [from, to] µs, from the trace's profile. */
function profileIn(events, thread, from, to) {
  const [pid, tid] = thread.split(":").map(Number);
  const nodes = new Map();
  const times = new Map();
  let at;
  const profile = events.find(
    (event) => event.name === "Profile" && event.pid === pid && event.tid === tid,
  );
  if (!profile) return [];
  at = profile.args.data.startTime;
  for (const event of events) {
    if (event.name !== "ProfileChunk" || event.pid !== pid || event.id !== profile.id) continue;
    const data = event.args.data.cpuProfile ?? {};
    for (const node of data.nodes ?? []) nodes.set(node.id, node);
    const deltas = event.args.data.timeDeltas ?? [];
    (data.samples ?? []).forEach((sample, index) => {
      const previous = at;
      at += deltas[index] ?? 0;
      if (at < from || at > to) return;
      const frame = nodes.get(sample)?.callFrame;
      if (!frame) return;
      const file = frame.url ? frame.url.split("/").at(-1) : "";
      const key = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
      times.set(key, (times.get(key) ?? 0) + (at - previous) / 1000);
    });
  }
  return [...times].sort((a, b) => b[1] - a[1]);
}

const ms = (value) => value.toFixed(1).padStart(6);

const { site, browser, close } = await openPageBench("kiosk-tasks-");
try {
  const cases = {
    12: { url: `${site.origin}/kiosk-12`, until: "cards" },
    100: { url: `${site.origin}/kiosk-100`, until: "storefront", count: 100 },
  };
  for (const name of wanted) {
    const item = { ...cases[name], cpu, latency: 0, categories };
    if (!cases[name]) throw new Error(`no page ${name}: 12 or 100`);
    await measureLoad(browser, item);
    const longest = [];
    const longestCpu = [];
    const sums = new Map();
    for (let run = 1; run <= runs; run += 1) {
      let trace;
      const result = await measureLoad(browser, { ...item, onTrace: (bytes) => (trace = bytes) });
      if (options.save) {
        mkdirSync(options.save, { recursive: true });
        writeFileSync(join(options.save, `trace-${name}-${cpu}x-${run}.json`), trace);
      }
      const { events, thread, tasks } = mainThreadOf(trace, item.url);
      const durations = tasks.map((task) => task.dur / 1000);
      // Thread time: the CPU the task took, which other work on the machine barely changes (at
      // --cpu 1: Chromium's throttling counts in it as well).
      const cpuTimes = tasks.map((task) => (task.tdur ?? task.dur) / 1000);
      longest.push(Math.max(...durations));
      longestCpu.push(Math.max(...cpuTimes));
      console.log(
        `\n== ${name} cards, ${cpu}x, run ${run}: ${tasks.length} tasks, longest ${ms(Math.max(...durations))} ms (by thread time ${ms(Math.max(...cpuTimes))} ms), TBT ${ms(blockingTime(durations))} ms, CLS ${result.cls.toFixed(4)}, product requests ${result.productRequests}`,
      );
      if (options.sum) {
        for (const task of tasks) {
          for (const [label, self] of selfTimes(eventsIn(events, thread, task))) {
            sums.set(label, (sums.get(label) ?? 0) + self / runs);
          }
        }
      }
      const origin = tasks[0]?.ts ?? 0;
      tasks.forEach((task, index) => {
        if (durations[index] < over && cpuTimes[index] < over) return;
        const nested = eventsIn(events, thread, task);
        console.log(
          `-- task at ${ms((task.ts - origin) / 1000)} ms: ${ms(durations[index])} ms, thread time ${ms(cpuTimes[index])} ms; self thread time:`,
        );
        for (const [label, self] of selfTimes(nested).slice(0, 12)) {
          console.log(`   ${ms(self)}  ${label}`);
        }
        const top = nested
          .filter(([, , label]) =>
            /EvaluateScript|v8.compileModule|v8.evaluateModule|FunctionCall|TimerFire|RunMicrotasks|ParseHTML|EventDispatch|FireAnimationFrame|v8.compile$/.test(
              label,
            ),
          )
          .slice(0, 14)
          .map(
            ([start, end, label, detail]) =>
              `${label}${detail ? `(${String(detail).split("/").at(-1)})` : ""} ${((end - start) / 1000).toFixed(1)}`,
          );
        console.log(`   events (wall ms): ${top.join(", ")}`);
        const functions = profileIn(events, thread, task.ts, task.ts + task.dur).slice(0, 10);
        for (const [label, self] of functions) console.log(`   ${ms(self)}  js ${label}`);
      });
    }
    if (options.sum) {
      const total = [...sums.values()].reduce((sum, value) => sum + value, 0);
      console.log(
        `\n${name} cards at ${cpu}x, whole load, self thread time per run: ${ms(total)} ms`,
      );
      for (const [label, self] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 16)) {
        console.log(`   ${ms(self)}  ${label}`);
      }
    }
    const list = (values) => values.map((value) => value.toFixed(0)).join(", ");
    console.log(
      `\n${name} cards at ${cpu}x: longest task per run ${list(longest)} ms; by thread time ${list(longestCpu)} ms`,
    );
  }
} finally {
  await close();
}
