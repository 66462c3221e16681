// What the bench installs in a page before its scripts run: the observers of layout shifts, of
// the cards showing their prices and of the checkout showing its total.

/**
 * Runs in the page before its scripts: sums layout shifts, and watches every shadow root the
 * widget attaches, noting (at the frame after a change) when every card shows a price, or the
 * storefront `count` prices, and, after a click (or from the start, with `total`: a page that
 * opens its checkout itself), when the checkout shows a total. It looks once
 * per frame, not once per change, so that its own work stays out of the page's tasks, and says
 * when the cards show by a console message: waiting for them with an evaluation would inject
 * Playwright's own script into the page while the trace records it.
 */
export function observe({ count, total } = {}) {
  const bench = { cls: 0, roots: [], ...(total ? { clickAt: 0 } : {}) };
  window.__bench = bench;
  let cardsDone;
  let totalDone;
  bench.cards = new Promise((resolve) => {
    cardsDone = resolve;
  });
  bench.total = new Promise((resolve) => {
    totalDone = resolve;
  });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) bench.cls += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  } catch {}
  const priced = (root) => {
    const price = root.querySelector(".price")?.textContent ?? "";
    return /\d/.test(price) || /\$\s?\d/.test(root.textContent ?? "");
  };
  const check = () => {
    queued = false;
    if (bench.cardsAt === undefined) {
      const wanted = document.querySelectorAll("[data-kiosk-product]").length;
      const cards = bench.roots.filter((root) => root.host.hasAttribute("data-kiosk-product"));
      const shown = count
        ? bench.roots.some((root) => (root.textContent?.match(/\$\s?\d/g) ?? []).length >= count)
        : wanted > 0 && cards.length >= wanted && cards.every(priced);
      if (shown) {
        bench.cardsAt = performance.now();
        console.debug(`kiosk-bench:shown ${bench.cardsAt}`);
        cardsDone(bench.cardsAt);
      }
    }
    if (bench.clickAt !== undefined && bench.totalAt === undefined) {
      const shown = bench.roots.some((root) =>
        /\d/.test(root.querySelector('[data-kiosk="total"]')?.textContent ?? ""),
      );
      if (shown) {
        bench.totalAt = performance.now();
        console.debug(`kiosk-bench:total ${bench.totalAt}`);
        totalDone(bench.totalAt - bench.clickAt);
      }
    }
  };
  let queued = false;
  const changed = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(check);
  };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(init) {
    const root = attach.call(this, init);
    bench.roots.push(root);
    new MutationObserver(changed).observe(root, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    return root;
  };
}
