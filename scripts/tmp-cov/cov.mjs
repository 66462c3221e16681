import { openPageBench } from "../bench/sites.js";
const { site, browser, close } = await openPageBench("cov-");
const context = await browser.newContext();
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.startPreciseCoverage", { callCount: true, detailed: false });
await page.goto(`${site.origin}/kiosk-12`, { waitUntil: "load" });
await page.waitForLoadState("networkidle");
const { result } = await cdp.send("Profiler.takePreciseCoverage");
for (const script of result) {
  if (!/kiosk-.*\.js$/.test(script.url)) continue;
  const src = (await cdp.send("Debugger.getScriptSource", { scriptId: script.scriptId }).catch(() => null))?.scriptSource;
  const unused = [];
  for (const fn of script.functions) {
    const r = fn.ranges[0];
    if (r && r.count === 0 && r.endOffset - r.startOffset > 150) unused.push([r.endOffset - r.startOffset, fn.functionName, r.startOffset]);
  }
  unused.sort((a, b) => b[0] - a[0]);
  console.log(script.url, unused.slice(0, 40).map((u) => `${u[0]} ${u[1]} @${u[2]}`).join("\n"));
}
await close();
