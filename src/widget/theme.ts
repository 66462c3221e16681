// widget/theme: loaded only by widgets that are themed (see mountInShadow); the defaults need none of it.
import { hexColor, legibleTheme, parseColor } from "../core/contrast";
import { type ThemeColor, themeColors } from "../core/theme-colors";

/** `data-theme`: a forced scheme, or `auto` to follow `prefers-color-scheme`. */
export type Theme = "light" | "dark" | "auto";

/** Each theme colour's short name inside the widget's CSS (`styles.ts`). */
const short: Record<ThemeColor, string> = {
  accent: "a",
  accentText: "at",
  bg: "bg",
  text: "fg",
  muted: "mu",
  border: "bd",
  skeleton: "sk",
  danger: "er",
  success: "ok",
};
const names = Object.keys(short) as ThemeColor[];
/** `accentText` → `--kiosk-accent-text`. */
const kioskProperty = (name: string) => `--kiosk-${name.replace(/[A-Z]/g, "-$&").toLowerCase()}`;
/** Every custom property a merchant themes with. */
const merchantProperties = [...names, "radius", "font"].map(kioskProperty);

const themes: readonly string[] = ["light", "dark", "auto"];
const themeSelector = themes.map((theme) => `[data-theme=${theme}]`).join();

/** The nearest `data-theme` around `element`, looking out through shadow roots. */
function nearestTheme(element: Element | null): string | undefined {
  while (element) {
    const found = element.closest(themeSelector);
    if (found) return found.getAttribute("data-theme") ?? undefined;
    element = (element.getRootNode() as ShadowRoot).host ?? null;
  }
  return undefined;
}

const darkScheme = matchMedia("(prefers-color-scheme: dark)");
/** Every themed widget's refresh, run again when the scheme or the page's theme changes. */
const themed = new Set<() => void>();

/**
 * Themes every themed widget again from what is around it now: for a change the page makes
 * elsewhere than on `<html>` or `<body>` (a provider's `theme`, say).
 */
export function refresh(): void {
  for (const update of themed) update();
}
darkScheme.addEventListener?.("change", refresh);
// Sites switch themes with a class or an attribute on <html> or <body>.
const observer = new MutationObserver(refresh);
for (const element of [document.documentElement, document.body]) {
  if (element) observer.observe(element, { attributeFilter: ["class", "style", "data-theme"] });
}

/**
 * Themes a widget's container (`.kiosk`) from `from`, the element the widget belongs to (its
 * host, or the Buy button that opened the checkout): the nearest `data-theme` there, else
 * `fallback` (the script's), else `auto`; the `--kiosk-*` properties `from` sees, so a dialog
 * attached to `<body>` wears its opener's theme; and a legible counterpart for each text colour
 * that would not reach AA contrast on its background. Kept up to date while it is on the page;
 * the function returned stops that.
 */
export function applyTheme(container: HTMLElement, from: Element, fallback?: string): () => void {
  const update = () => {
    if (!container.isConnected) {
      themed.delete(update);
      return;
    }
    const found = nearestTheme(from) ?? fallback;
    const theme = found && themes.includes(found) ? (found as Theme) : "auto";
    const dark = theme === "dark" || (theme === "auto" && darkScheme.matches);
    const { style } = container;
    style.cssText = "";
    const seen = getComputedStyle(from);
    for (const name of merchantProperties) {
      const value = seen.getPropertyValue(name);
      if (value) style.setProperty(name, value);
    }
    if (theme !== "auto") {
      // A forced scheme's defaults, in place of the ones prefers-color-scheme chose.
      for (const name of names) {
        style.setProperty(
          `--${short[name]}`,
          `var(${kioskProperty(name)},${themeColors[name][+dark]})`,
        );
      }
      style.colorScheme = theme;
    }
    makeLegible(container, dark);
  };
  themed.add(update);
  update();
  // Taken off when the widget goes, so a closed dialog (and the Buy button that opened it) is
  // not held until the page's theme next changes.
  return () => themed.delete(update);
}

/** Replaces each text colour that would not read on its background (see `legibleTheme`). */
function makeLegible(container: HTMLElement, dark: boolean): void {
  // The browser resolves each colour, whatever form it was written in, to rgb().
  const probes = names.map((name) => {
    const probe = document.createElement("i");
    probe.style.color = `var(--${short[name]})`;
    return container.appendChild(probe);
  });
  const seen: Partial<Record<ThemeColor, string>> = {};
  names.forEach((name, index) => {
    seen[name] = getComputedStyle(probes[index] as Element).color;
  });
  for (const probe of probes) probe.remove();
  const legible = legibleTheme(seen, themeColors, dark ? "dark" : "light");
  for (const name of names) {
    const was = parseColor(seen[name]);
    if (was && hexColor(was) !== legible[name]) {
      container.style.setProperty(`--${short[name]}`, legible[name]);
    }
  }
  if (legible.link !== legible.accent) container.style.setProperty("--ln", legible.link);
}
