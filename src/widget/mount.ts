import { effect } from "@preact/signals-core";
import { type ComponentChild, render } from "preact";
import { active } from "./i18n/locale";
import { adoptStyles, baseCss } from "./styles";

/**
 * Renders widget UI into an open shadow root on `host`, so the page's CSS cannot reach in and
 * ours cannot leak out. Elements that cannot host a shadow root get a `<div>` that can.
 * Returns a function that unmounts it.
 */
export function mountInShadow(host: Element, ui: ComponentChild, css: string[] = []): () => void {
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
