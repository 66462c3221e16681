/**
 * The widget's look as CSS custom properties, for the widget's shadow roots and the proxy's own
 * pages alike, so both always show the same colours. Each short name falls back to the
 * merchant's `--kiosk-*` variable when it is set; the values here are the defaults.
 */
export const lightTheme =
  "--a:var(--kiosk-accent,#4f46e5);--at:var(--kiosk-accent-text,#fff);--r:var(--kiosk-radius,10px);" +
  "--bg:var(--kiosk-bg,#fff);--fg:var(--kiosk-text,#1c1c22);--mu:var(--kiosk-muted,#61616b);" +
  "--bd:var(--kiosk-border,#dcdce3);--sk:var(--kiosk-skeleton,#ececf1);--er:var(--kiosk-danger,#b42318);" +
  "--ok:var(--kiosk-success,#067647)";

/** The dark scheme's defaults for the same names (the radius stays). */
export const darkTheme =
  "--a:var(--kiosk-accent,#8b93ff);--at:var(--kiosk-accent-text,#0b0b10);" +
  "--bg:var(--kiosk-bg,#1d1d22);--fg:var(--kiosk-text,#f1f1f4);--mu:var(--kiosk-muted,#a3a3ad);" +
  "--bd:var(--kiosk-border,#3a3a44);--sk:var(--kiosk-skeleton,#2b2b33);--er:var(--kiosk-danger,#ff8a80);--ok:var(--kiosk-success,#6ee7a8)";

/** The widget's text: size, line height and font family (`--kiosk-font`). */
export const themeFont =
  '15px/1.45 var(--kiosk-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif)';

/** The widget's two buttons: the accent one (`.buy`, `.primary`) and the quiet one (`.ghost`). */
export const buttonRules =
  // A transparent border (the padding 2px less): in forced-colors mode it is drawn, so the
  // button keeps its shape when its background is taken away.
  ".buy,.primary{background:var(--a);color:var(--at);border:2px solid transparent;border-radius:var(--r);padding:8px 14px;font-weight:600;width:100%}\n" +
  ".ghost{background:none;border:1px solid var(--bd);border-radius:var(--r);padding:6px 13px}";
