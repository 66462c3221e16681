// The widget's theme colours, shared by the widget's CSS and the proxy's hosted pages.

/**
 * The theme's colours, each set by the merchant as `--kiosk-<name>` (`accentText` is
 * `--kiosk-accent-text`), with the defaults of the light and the dark scheme.
 */
export const themeColors = {
  accent: ["#4f46e5", "#8b93ff"],
  accentText: ["#fff", "#0b0b10"],
  bg: ["#fff", "#1d1d22"],
  text: ["#1c1c22", "#f1f1f4"],
  muted: ["#61616b", "#a3a3ad"],
  border: ["#dcdce3", "#3a3a44"],
  skeleton: ["#ececf1", "#2b2b33"],
  danger: ["#b42318", "#ff8a80"],
  success: ["#067647", "#6ee7a8"],
} as const satisfies Record<string, readonly [string, string]>;

export type ThemeColor = keyof typeof themeColors;

/** Each theme colour's light and dark value. */
export type ThemePalette = Readonly<Record<ThemeColor, readonly [string, string]>>;
