import { describe, expect, it } from "vitest";
import { type ThemeColor, themeColors } from "../../src/core";
import { baseCss } from "../../src/widget/styles";

describe("the widget's default colours", () => {
  it("are core's themeColors, in light and in dark, so the hosted pages and the widget agree", () => {
    const [light, dark] = baseCss.split("@media (prefers-color-scheme:dark)");
    for (const name of Object.keys(themeColors) as ThemeColor[]) {
      const property = `--kiosk-${name.replace(/[A-Z]/g, "-$&").toLowerCase()}`;
      const [lightDefault, darkDefault] = themeColors[name];
      expect(light, name).toContain(`var(${property},${lightDefault})`);
      expect(dark, name).toContain(`var(${property},${darkDefault})`);
      // A page that sets it loads the code that keeps it legible.
      if (name !== "border" && name !== "skeleton") expect(light).toContain(`var(${property},)`);
    }
  });
});
