import { effect } from "@preact/signals-core";
import { type ComponentChild, render } from "preact";
import { active } from "./i18n/locale";
import { adoptStyles, baseCss } from "./styles";

/** Whose theme a widget wears. */
export interface ThemeSource {
  /** The element whose `data-theme` and `--kiosk-*` properties apply; the host by default. */
  readonly from?: Element | null | undefined;
  /** The page's `data-theme` (`light`, `dark`, `auto`), used where no element sets one. */
  readonly theme?: string | undefined;
}

/**
 * Renders widget UI into an open shadow root on `host`, so the page's CSS cannot reach in and
 * ours cannot leak out. Elements that cannot host a shadow root get a `<div>` that can. It
 * takes its theme from `source` (see {@link ThemeSource}). Returns a function that unmounts it.
 */
export function mountInShadow(
  host: Element,
  ui: ComponentChild,
  css: string[] = [],
  source: ThemeSource = {},
): () => void {
  let target = host;
  let shadow = host.shadowRoot;
  if (!shadow) {
    try {
      shadow = host.attachShadow({ mode: "open" });
    } catch {
      target = document.createElement("div");
      host.append(target);
      shadow = target.attachShadow({ mode: "open" });
    }
  }
  for (const sheet of [baseCss, ...css]) adoptStyles(shadow, sheet);
  // Preact owns this container only, so a fallback <style> beside it survives renders.
  const container = document.createElement("div");
  container.className = "kiosk";
  shadow.append(container);
  const from = source.from ?? host;
  // The defaults need no code: only a widget that is themed (a dialog by its opener, a forced
  // scheme, the page's own colours) loads the code that themes it.
  if (
    source.from ||
    source.theme ||
    from.closest("[data-theme]") ||
    getComputedStyle(container).getPropertyValue("--t")
  ) {
    import("./theme").then(
      (theme) => theme.applyTheme(container, from, source.theme),
      () => {},
    );
  }
  // Screen readers pronounce the widget in its own language, which may not be the page's.
  const stopLanguage = effect(() => {
    container.lang = active.value.locale;
  });
  render(ui, container);
  return () => {
    stopLanguage();
    render(null, container);
    container.remove();
    if (target !== host) target.remove();
  };
}
