import { waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHarness } from "./harness";

// Apart from the other checkout tests: it loads a second copy of every module, which the rest of
// a file would then share.

afterEach(() => {
  document.body.innerHTML = "";
});

describe("a page with the script tag and an app's bundle", () => {
  it("keeps one checkout open across bundles: the script tag's and an app's each have their own code", async () => {
    const harness = createHarness();
    await harness.kiosk.checkout({ productId: "pro-license" });
    // Another copy of every module, as an app's bundle beside embed.js is.
    vi.resetModules();
    const bundled = await import("../../src/widget/kiosk");
    const app = bundled.createKiosk({ ...harness.kiosk.options });
    const closed: string[] = [];
    harness.kiosk.events.on("kiosk:close", ({ productId }) => closed.push(productId));
    await app.checkout({ productId: "retro-pack" });
    expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(1);
    expect(closed).toEqual(["pro-license"]);
    app.close();
    await waitFor(() => expect(document.querySelectorAll("[data-kiosk-checkout]")).toHaveLength(0));
  });
});
