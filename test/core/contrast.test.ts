import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contrastRatio,
  hexColor,
  legibleTheme,
  minimumContrast,
  parseColor,
  type Rgb,
  readableOn,
  type ThemeColor,
  themeColors,
} from "../../src/core";

const channel = fc.integer({ min: 0, max: 255 });
const rgb = fc.tuple(channel, channel, channel) as fc.Arbitrary<Rgb>;
const hex = rgb.map(hexColor);
const names = Object.keys(themeColors) as ThemeColor[];
/** Any subset of the theme's colours, each any opaque colour. */
const merchantColors = fc.record(
  Object.fromEntries(names.map((name) => [name, hex])) as Record<ThemeColor, fc.Arbitrary<string>>,
  { requiredKeys: [] },
);
const ratio = (a: string, b: string) => contrastRatio(parseColor(a) as Rgb, parseColor(b) as Rgb);

describe("contrast", () => {
  it("matches WCAG's figures", () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBe(21);
    expect(contrastRatio([255, 255, 255], [255, 255, 255])).toBe(1);
    // WCAG's own examples: #767676 on white just passes AA, #777777 just fails it.
    expect(ratio("#767676", "#fff")).toBeGreaterThanOrEqual(4.5);
    expect(ratio("#777777", "#fff")).toBeLessThan(4.5);
    expect(ratio("#4f46e5", "#fff")).toBeCloseTo(6.29, 2);
  });

  it("reads the colours browsers compute, and nothing translucent", () => {
    expect(parseColor("#fff")).toEqual([255, 255, 255]);
    expect(parseColor("#4F46E5")).toEqual([79, 70, 229]);
    expect(parseColor("#4f46e5ff")).toEqual([79, 70, 229]);
    expect(parseColor("rgb(28, 28, 34)")).toEqual([28, 28, 34]);
    expect(parseColor("rgb(28 28 34 / 1)")).toEqual([28, 28, 34]);
    expect(parseColor("rgba(28, 28, 34, 1)")).toEqual([28, 28, 34]);
    for (const unknown of [
      "rgba(0, 0, 0, 0)",
      "#4f46e580",
      "#12345",
      "oklch(0.5 0.1 200)",
      "red",
      "",
    ])
      expect(parseColor(unknown), unknown).toBeUndefined();
  });

  it("is symmetric and between 1 and 21", () => {
    fc.assert(
      fc.property(rgb, rgb, (a, b) => {
        const forth = contrastRatio(a, b);
        expect(forth).toBe(contrastRatio(b, a));
        expect(forth).toBeGreaterThanOrEqual(1);
        expect(forth).toBeLessThanOrEqual(21);
      }),
    );
  });

  it("always finds a readable colour: a passing candidate, else black or white", () => {
    fc.assert(
      fc.property(rgb, fc.array(rgb, { maxLength: 3 }), (background, candidates) => {
        const chosen = readableOn(background, ...candidates);
        expect(contrastRatio(chosen, background)).toBeGreaterThanOrEqual(minimumContrast);
        const first = candidates.find((c) => contrastRatio(c, background) >= minimumContrast);
        if (first) expect(chosen).toBe(first);
      }),
    );
  });

  it("makes every text colour of any merchant theme legible, keeping the ones that already are", () => {
    fc.assert(
      fc.property(merchantColors, fc.constantFrom("light", "dark" as const), (colors, scheme) => {
        const theme = legibleTheme(colors, themeColors, scheme);
        for (const name of ["text", "muted", "danger", "success", "link"] as const) {
          expect(ratio(theme[name], theme.bg), name).toBeGreaterThanOrEqual(minimumContrast);
        }
        expect(ratio(theme.accentText, theme.accent)).toBeGreaterThanOrEqual(minimumContrast);
        // What the merchant set and already reads stays as set.
        for (const name of names) {
          const set = colors[name];
          if (set === undefined) continue;
          const on = name === "accentText" ? theme.accent : theme.bg;
          const isText = !["accent", "bg", "border", "skeleton"].includes(name);
          if (!isText || ratio(set, on) >= minimumContrast) expect(theme[name], name).toBe(set);
        }
      }),
    );
  });

  it("gives a dark background only, in either scheme, dark text's light counterpart", () => {
    expect(legibleTheme({ bg: "#fff" }, themeColors, "dark")).toMatchObject({
      bg: "#ffffff",
      text: "#1c1c22",
      muted: "#61616b",
      danger: "#b42318",
    });
    expect(legibleTheme({ bg: "#101014" }, themeColors, "light")).toMatchObject({
      text: "#f1f1f4",
      muted: "#a3a3ad",
    });
    // A yellow accent keeps white from its text and links.
    expect(legibleTheme({ accent: "#ffd60a", accentText: "#fff" }, themeColors)).toMatchObject({
      accentText: "#0b0b10",
      link: "#1c1c22",
    });
    // The defaults pass as they are.
    for (const scheme of ["light", "dark"] as const) {
      const defaults = Object.fromEntries(
        names.map((name) => [name, themeColors[name][scheme === "dark" ? 1 : 0]]),
      );
      const theme = legibleTheme({}, themeColors, scheme);
      for (const name of names)
        expect(theme[name], name).toBe(hexColor(parseColor(defaults[name]) as Rgb));
    }
  });
});
