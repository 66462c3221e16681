import { waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { mountInShadow } from "../../src/widget/mount";
import { applyTheme } from "../../src/widget/theme";

afterEach(() => {
  document.body.innerHTML = "";
  document.documentElement.removeAttribute("data-theme");
});

/** A widget's container, under an element that sets the merchant's accent. */
function containerIn(accent: string): { section: HTMLElement; container: HTMLElement } {
  const section = document.createElement("section");
  section.style.setProperty("--kiosk-accent", accent);
  const container = document.createElement("div");
  section.append(container);
  document.body.append(section);
  return { section, container };
}

describe("a themed widget", () => {
  it("follows the page's theme while it is themed, and no longer once stopped", async () => {
    const { container } = containerIn("#0f766e");
    const stop = applyTheme(container, container);
    document.documentElement.setAttribute("data-theme", "dark");
    await waitFor(() => expect(container.style.colorScheme).toBe("dark"));
    stop();
    document.documentElement.setAttribute("data-theme", "light");
    // The page's next change reaches the widgets still themed: this one is not among them.
    const { container: other } = containerIn("#b91c1c");
    const stopOther = applyTheme(other, other);
    document.documentElement.setAttribute("data-theme", "auto");
    document.documentElement.setAttribute("data-theme", "light");
    await waitFor(() => expect(other.style.colorScheme).toBe("light"));
    expect(container.style.colorScheme).toBe("dark");
    stopOther();
  });

  it("is let go when it is unmounted, not held until the page's theme next changes", async () => {
    const host = document.createElement("div");
    document.body.append(host);
    const unmount = mountInShadow(host, null, [], { theme: "dark" });
    const container = host.shadowRoot?.querySelector(".kiosk") as HTMLElement;
    await waitFor(() => expect(container.style.colorScheme).toBe("dark"));
    unmount();
    // Put back by whoever still held it, it would be themed again were it still followed; a
    // widget themed now shows when the page's change has been applied.
    document.body.append(container);
    const { container: control } = containerIn("#0f766e");
    const stop = applyTheme(control, control);
    document.documentElement.setAttribute("data-theme", "light");
    await waitFor(() => expect(control.style.colorScheme).toBe("light"));
    expect(container.style.colorScheme).toBe("dark");
    stop();
  });
});
