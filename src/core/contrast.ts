/**
 * Legible colours: WCAG 2 contrast, and the widget's theme colours with every text colour made
 * readable on what it sits on. The widget applies it to a merchant's `--kiosk-*` colours; the
 * proxy's hosted pages can apply it to the same colours, so both read alike.
 */
import type { ThemeColor, ThemePalette } from "./theme-colors";

/** An opaque sRGB colour, each channel 0–255. */
export type Rgb = readonly [number, number, number];

/** WCAG 2 level AA for body text. */
export const minimumContrast = 4.5;

/**
 * `#rgb`, `#rrggbb` (or with a full alpha) and `rgb()`/`rgba()` in either syntax, as browsers
 * compute colours. Anything else, and any translucent colour (what shows through is unknown),
 * is `undefined`.
 */
export function parseColor(text: string | undefined): Rgb | undefined {
  const value = text?.trim().toLowerCase() ?? "";
  const hex = /^#([\da-f]{3,8})$/.exec(value)?.[1];
  if (hex) {
    const digits = hex.length < 5 ? hex.replace(/./g, "$&$&") : hex;
    if (digits.length !== 6 && !(digits.length === 8 && digits.endsWith("ff"))) return undefined;
    return [0, 2, 4].map((start) =>
      Number.parseInt(digits.slice(start, start + 2), 16),
    ) as unknown as Rgb;
  }
  const functional =
    /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/]\s*([\d.]+)(%?)\s*)?\)$/.exec(value);
  if (!functional) return undefined;
  const alpha = functional[4] === undefined ? 1 : Number(functional[4]) / (functional[5] ? 100 : 1);
  if (!(alpha >= 1)) return undefined;
  const channels = [1, 2, 3].map((index) => Number(functional[index]));
  return channels.every((channel) => channel <= 255) ? (channels as unknown as Rgb) : undefined;
}

/** `#rrggbb`. */
export function hexColor(color: Rgb): string {
  return `#${color.map((channel) => Math.round(channel).toString(16).padStart(2, "0")).join("")}`;
}

/** WCAG 2 relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(color: Rgb): number {
  const [r, g, b] = color.map((channel) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours, 1 to 21, the same either way round. */
export function contrastRatio(first: Rgb, second: Rgb): number {
  const [light, dark] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

const black: Rgb = [0, 0, 0];
const white: Rgb = [255, 255, 255];

/**
 * The first of `candidates` that reads on `background` at AA; when none does, black or white,
 * whichever reads better (one of them always reaches 4.58:1).
 */
export function readableOn(background: Rgb, ...candidates: (Rgb | undefined)[]): Rgb {
  for (const candidate of candidates) {
    if (candidate && contrastRatio(candidate, background) >= minimumContrast) return candidate;
  }
  return contrastRatio(black, background) >= contrastRatio(white, background) ? black : white;
}

/** A complete theme as `#rrggbb`: the colours, plus `link`, the accent where it is text. */
export type LegibleTheme = Record<ThemeColor | "link", string>;

/**
 * Completes a merchant's colours (a missing or unreadable one takes the `palette`'s default for
 * `scheme`; pass `themeColors` for the widget's) and makes every text colour legible at AA:
 * text, muted text, danger and success on the background, the accent's text on the accent, and
 * links (the accent, else the text colour). A colour that fails is replaced by the palette's
 * light or dark one that passes, else by black or white.
 */
export function legibleTheme(
  colors: Partial<Record<ThemeColor, string>>,
  palette: ThemePalette,
  scheme: "light" | "dark" = "light",
): LegibleTheme {
  const given = (name: ThemeColor) =>
    parseColor(colors[name]) ?? (parseColor(palette[name][scheme === "dark" ? 1 : 0]) as Rgb);
  const defaults = (name: ThemeColor) => palette[name].map(parseColor);
  const bg = given("bg");
  const accent = given("accent");
  const onBg = (name: ThemeColor, ...more: Rgb[]) =>
    readableOn(bg, given(name), ...defaults(name), ...more);
  const text = onBg("text");
  return {
    accent: hexColor(accent),
    accentText: hexColor(readableOn(accent, given("accentText"), ...defaults("accentText"))),
    bg: hexColor(bg),
    text: hexColor(text),
    muted: hexColor(onBg("muted", text)),
    border: hexColor(given("border")),
    skeleton: hexColor(given("skeleton")),
    danger: hexColor(onBg("danger")),
    success: hexColor(onBg("success")),
    link: hexColor(readableOn(bg, accent, text)),
  };
}
