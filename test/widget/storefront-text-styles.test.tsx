import { render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Storefront } from "../../src/widget/components/storefront";
import { createHarness, onLayoutRead, requestsTo } from "./harness";

afterEach(() => {
  document.body.innerHTML = "";
  vi.restoreAllMocks();
});

describe("the storefront", () => {
  it("lays the cards' text styles out, a style a task, before drawing its first cards", async () => {
    // Each layout read, with the styles laid out by then.
    const reads: string[][] = [];
    onLayoutRead((element) => {
      reads.push([...element.querySelectorAll(":scope > span.sr")].map((span) => span.className));
    });
    const harness = createHarness();
    const { container } = render(<Storefront kiosk={harness.kiosk} limit={4} />);
    const section = container.querySelector("section");
    const box = section?.lastElementChild;
    // Not yet: the first style comes in a task of its own.
    expect(box?.tagName).toBe("DIV");
    expect(box?.childElementCount).toBe(0);
    // What each task left: the styles laid out, and the cards drawn.
    const tasks: Array<[number, number]> = [];
    const observer = new MutationObserver(() => {
      tasks.push([
        box?.childElementCount ?? -1,
        container.querySelectorAll("article[aria-labelledby]").length,
      ]);
    });
    observer.observe(container, { childList: true, subtree: true });
    await waitFor(() => expect(screen.queryAllByRole("heading")).toHaveLength(4));
    observer.disconnect();
    const styles = ["sr name", "sr price", "sr stock", "sr badge", "sr buy"];
    // Each laid out as it joins, the ones before it still there, a task each; the page of
    // products (asked for at once) waits for the last before its cards are drawn.
    expect(reads).toEqual(styles.map((_, index) => styles.slice(0, index + 1)));
    expect(tasks.slice(0, styles.length)).toEqual(styles.map((_, index) => [index + 1, 0]));
    expect(tasks.filter(([, cards]) => cards > 0).every(([laidOut]) => laidOut === 0)).toBe(true);
    expect(requestsTo(harness, "/products")).toHaveLength(1);
    // Emptied once done, its own element still where it was.
    expect(box?.childElementCount).toBe(0);
    expect(box?.isConnected).toBe(true);
  });
});
