import { afterAll, afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { numbersFrom } from "../../src/widget/mount";
import { type MountedPage, mountPage } from "../../src/widget/page";
import { apiBase, createHarness } from "./harness";

let page: MountedPage | undefined;
afterEach(() => {
  page?.stop();
  page = undefined;
  document.body.innerHTML = "";
});
// The module's state is shared with the other widget tests: made, as after any first format.
afterAll(() => numbersFrom(Promise.resolve(true)));

/**
 * Mounts three cards priced from a product answer read already, and counts the cards drawn
 * before the first task after the mounting runs, and once all are drawn. The clock stands still,
 * so the drawing budget (tested in `page.test`) is never what splits them.
 */
async function drawnBeforeATask(): Promise<{ inTheTask: number; all: number }> {
  const now = vi.spyOn(performance, "now").mockReturnValue(1_000);
  onTestFinished(() => now.mockRestore());
  const harness = createHarness();
  const ids = ["pro-license", "team-seats", "tokyo-font"];
  const answer = harness.fetch(`${apiBase}/products?ids=${ids.join(",")}`);
  const body: unknown = await (await answer).clone().json();
  document.body.innerHTML = ids.map((id) => `<div data-kiosk-product="${id}"></div>`).join("");
  const drawn = () =>
    [...document.querySelectorAll("[data-kiosk-product]")].filter((element) =>
      element.shadowRoot?.querySelector("article"),
    ).length;
  let inTheTask = -1;
  setTimeout(() => {
    inTheTask = drawn();
  });
  page = mountPage(
    { ...harness.kiosk.options, apiBase, root: document.body },
    { ids, answer, body },
  );
  // Every card is drawn in the end, however long a busy machine takes to get there.
  await vi.waitFor(() => expect(drawn()).toBe(ids.length), { timeout: 5_000 });
  return { inTheTask, all: drawn() };
}

describe("the page's first number format", () => {
  it("made elsewhere (embed.js's worker), lets cards draw in the task that mounts them", async () => {
    numbersFrom(Promise.resolve(true));
    expect(await drawnBeforeATask()).toEqual({ inTheTask: 3, all: 3 });
  });

  it("not made elsewhere (a CSP refused the worker), is made in a task of its own first", async () => {
    numbersFrom(Promise.resolve(false));
    expect(await drawnBeforeATask()).toEqual({ inTheTask: 0, all: 3 });
  });
});
