// `node scripts/bench/bare-cards.js`: the floor under the bench's JavaScript figure. Twelve cards
// drawn by the least script that can draw them (one classic script: one product request, then
// the card's markup written into each shadow root with the widget's own styles; no framework, no
// state, no events, no checkout), once with prices formatted by `Intl.NumberFormat` as every
// page that formats money in the buyer's language must, once with a fixed "$12.34" as none may,
// measured in the same run as Kiosk's page and Shopify's script alone, as `npm run bench` loads
// them. Needs a build (`npm run build`). Options: --runs N (fresh loads per case, default 9).

import { parseArgs } from "node:util";
import { build } from "esbuild";
import { launchBrowser, measureLoad } from "./browser.js";
import { cardIds, kioskPages, page } from "./pages.js";
import { loadPeers } from "./peers.js";
import { openBench, startSite } from "./sites.js";
import { median, spread } from "./stats.js";

const { values: options } = parseArgs({ options: { runs: { type: "string", default: "9" } } });
const runs = Math.max(1, Number.parseInt(options.runs, 10) || 9);
const log = (line) => process.stderr.write(`bare-cards: ${line}\n`);

/** The widget's card styles, as the page code adopts them in each shadow root. */
async function cardCss() {
  const { outputFiles } = await build({
    entryPoints: ["src/widget/styles.ts"],
    bundle: true,
    format: "esm",
    write: false,
    logLevel: "error",
  });
  const code = outputFiles[0].text;
  const { baseCss } = await import(`data:text/javascript,${encodeURIComponent(code)}`);
  return baseCss;
}

/** The bare script: `format` is the expression that turns an amount in cents into its text. */
const bareScript = (api, css, format) => `(function(){
var hosts=[].slice.call(document.querySelectorAll("[data-kiosk-product]"));
var ids=hosts.map(function(h){return h.dataset.kioskProduct});
fetch(${JSON.stringify(api)}+"/products?ids="+encodeURIComponent(ids.join())).then(function(r){return r.json()}).then(function(body){
var money=${format};
var sheet=new CSSStyleSheet();sheet.replaceSync(${JSON.stringify(css)});
hosts.forEach(function(host){
var p=body.data.find(function(x){return x.id===host.dataset.kioskProduct});
var root=host.attachShadow({mode:"open"});root.adoptedStyleSheets=[sheet];
root.innerHTML='<div class="kiosk"><article class="card"><div class="media"></div><div class="body"><h2 class="name">'+p.name+'</h2><div class="row"><span class="price">'+money(p.price.amount)+'</span><span class="stock">'+(p.stock==null?"In stock":p.stock+" in stock")+'</span></div><div class="desc">'+p.descriptionHtml+'</div><button class="buy" type="button">Buy now</button></div></article></div>';
});
});
})();`;

const { proxy, stops, close } = await openBench("kiosk-bare-");
try {
  const [shopify] = await loadPeers();
  const css = await cardCss();
  const api = `${proxy.origin}/api`;
  const grid = `<h1>Twelve products</h1><main style="display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:16px;padding:16px">${cardIds.map((id) => `<div data-kiosk-product="${id}"></div>`).join("")}</main>`;
  const intl = `(function(f){return function(c){return f.format(c/100)}})(new Intl.NumberFormat("en",{style:"currency",currency:"USD"}))`;
  const fixed = `function(c){return "$"+(c/100).toFixed(2)}`;
  const pages = {
    "/kiosk-12": kioskPages(proxy.origin)["/kiosk-12"],
    "/bare-intl": page(`<script src="/bare-intl.js" defer></script>`, grid),
    "/bare-fixed": page(`<script src="/bare-fixed.js" defer></script>`, grid),
    "/shopify": page(shopify.tags, "<h1>A merchant</h1><p>Script alone.</p>"),
  };
  const site = await startSite(pages, {
    ...shopify.files,
    "/bare-intl.js": Buffer.from(bareScript(api, css, intl)),
    "/bare-fixed.js": Buffer.from(bareScript(api, css, fixed)),
  });
  stops.push(site.stop);
  const browser = await launchBrowser();
  stops.push(() => browser.close());

  const cases = [];
  for (const cpu of [1, 4]) {
    for (const [name, path, until] of [
      ["Kiosk, 12 cards", "/kiosk-12", "cards"],
      ["bare cards, Intl", "/bare-intl", "cards"],
      ["bare cards, fixed $", "/bare-fixed", "cards"],
      [`Shopify ${shopify.version}, alone`, "/shopify", "idle"],
    ]) {
      cases.push({ name, cpu, url: `${site.origin}${path}`, latency: 0, until, samples: [] });
    }
  }
  log("warm-up round");
  for (const item of cases) await measureLoad(browser, item);
  for (let run = 1; run <= runs; run += 1) {
    log(`loads, run ${run} of ${runs}`);
    for (const item of cases) item.samples.push(await measureLoad(browser, item));
  }
  for (const cpu of [1, 4]) {
    const these = cases.filter((item) => item.cpu === cpu);
    const shopifyMs = median(these.at(-1).samples.map((sample) => sample.scriptMs));
    process.stdout.write(`\n${cpu}× CPU (${runs} loads each): all JavaScript / 12th card shown\n`);
    for (const item of these) {
      const script = item.samples.map((sample) => sample.scriptMs);
      const ratio = (median(script) / shopifyMs).toFixed(2);
      const shown = item.until === "cards" ? spread(item.samples.map((s) => s.shownMs)) : "—";
      process.stdout.write(
        `  ${item.name.padEnd(34)} ${spread(script, "ms", 1).padEnd(24)} ${ratio} of Shopify's   ${shown}\n`,
      );
    }
  }
} finally {
  await close();
}
