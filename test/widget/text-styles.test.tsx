import { waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type MountedPage, mountPage } from "../../src/widget/page";
import { apiBase, createHarness, onLayoutRead, requestsTo } from "./harness";

let page: MountedPage | undefined;
afterEach(() => {
  page?.stop();
  page = undefined;
  document.body.innerHTML = "";
  vi.restoreAllMocks();
});

const cards = (count: number) =>
  Array.from({ length: count }, () => `<div data-kiosk-product="pro-license"></div>`).join("");

describe("the cards' text styles", () => {
  it("are laid out one at a time, out of sight, in the first card's place before any card is drawn", async () => {
    // A clock that moves 10 ms a read: a task's budget holds a step or two, so the steps spread
    // over tasks as they would on a slow phone.
    let clock = 0;
    vi.spyOn(performance, "now").mockImplementation(() => {
      clock += 10;
      return clock;
    });
    // Each layout read, with the styles laid out by then and the cards drawn by then.
    const reads: string[][] = [];
    const drawnAtReads: number[] = [];
    onLayoutRead((element) => {
      reads.push([...element.querySelectorAll("span.sr")].map((span) => span.className));
      drawnAtReads.push(document.querySelectorAll("[data-kiosk-product]").length - places());
    });
    const harness = createHarness();
    document.body.innerHTML = cards(3);
    // The cards not drawn yet: each holds its place until then.
    const places = () =>
      [...document.querySelectorAll("[data-kiosk-product]")].filter((host) =>
        host.shadowRoot?.querySelector(".kiosk > div.card"),
      ).length;
    page = mountPage({ ...harness.kiosk.options, apiBase, root: document.body });
    const roots = [...document.querySelectorAll("[data-kiosk-product]")].map(
      (element) => element.shadowRoot as ShadowRoot,
    );
    const place = roots[0]?.querySelector(".kiosk > .card");
    // What each task left: the styles laid out in the first place, and the cards drawn.
    const tasks: Array<[number, number]> = [];
    const observer = new MutationObserver(() => {
      const laidOut = place?.isConnected ? place.querySelectorAll("span.sr").length : -1;
      tasks.push([laidOut, roots.filter((root) => root.querySelector("article")).length]);
    });
    for (const root of roots) observer.observe(root, { childList: true, subtree: true });
    await waitFor(() => expect(roots.every((root) => root.querySelector("article"))).toBe(true));
    observer.disconnect();

    const styles = ["sr name", "sr price", "sr stock", "sr badge", "sr buy"];
    // Each style is laid out as it joins: a read after each, the styles before it still there,
    // and no card drawn yet.
    expect(reads).toEqual(styles.map((_, index) => styles.slice(0, index + 1)));
    expect(drawnAtReads).toEqual(styles.map(() => 0));
    // Over several tasks (styles only, more of them each); the first card then takes the place
    // (and the letters in it) away.
    const before = tasks.filter(([, drawn]) => drawn === 0);
    expect(before.length).toBeGreaterThan(1);
    expect(before.map(([laidOut]) => laidOut)).toEqual(
      [...before.map(([laidOut]) => laidOut)].sort((a, b) => a - b),
    );
    expect(tasks.find(([, drawn]) => drawn > 0)?.[0]).toBe(-1);
    // Out of sight and unread: a space each, clipped to nothing by `.sr`.
    expect(place?.textContent?.trim()).toBe("");
    expect(requestsTo(harness, "/products")).toHaveLength(1);
  });
});
