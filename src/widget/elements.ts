import { type ComponentChild, h } from "preact";
import { bindBuyButton } from "./buy-button";
import type { Kiosk } from "./kiosk-types";
import type { MountedPage } from "./page";
import type { Prefill } from "./prefill";
import { elementOptions } from "./selectors";
import type { PageKit } from "./template";
import { tracked } from "./tracked";

export { mountTemplate, type PageKit } from "./template";

/*
 * The custom elements' own code, a chunk of its own: only a page with `<kiosk-*>` elements loads
 * it (`embed.js` asks for it beside the page code when it sees one; `define-elements.ts` when one
 * connects later).
 */

/** Each element's widget, while it is mounted. */
const unmounts = new WeakMap<Element, () => void>();

/** Makes each option a property of the elements' `prototype` that reflects its attribute. */
export function reflect(prototype: HTMLElement): void {
  for (const name of elementOptions) {
    Object.defineProperty(prototype, name, {
      get(this: Element) {
        return this.getAttribute(name);
      },
      set(this: Element, value: unknown) {
        if (value === null || value === undefined) this.removeAttribute(name);
        else this.setAttribute(name, String(value));
      },
    });
  }
}

/** `element` joined the document: it mounts on `page` (or moves to it). */
export function connected(element: HTMLElement, page: MountedPage | undefined): void {
  // A property set before the setters were there hides them: pass it on to them.
  const self = element as unknown as Record<string, unknown>;
  for (const name of elementOptions) {
    if (!Object.hasOwn(element, name)) continue;
    const value = self[name];
    delete self[name];
    self[name] = value;
  }
  disconnected(element);
  const unmount = page?.mount(element);
  if (unmount) unmounts.set(element, unmount);
}

/** `element` left the document: its widget is taken down. */
export function disconnected(element: Element, _page?: MountedPage): void {
  unmounts.get(element)?.();
  unmounts.delete(element);
}

/** One of `element`'s options changed: a mounted element re-renders. */
export function changed(element: Element, page: MountedPage | undefined): void {
  if (unmounts.has(element) && page) unmounts.set(element, page.mount(element));
}

/** The button's words: the element's own content when it has some, else "Buy". */
const Label = tracked((kit: PageKit) => h("slot", null, kit.strings.buy));

/**
 * `<kiosk-buy-button>`'s content: a real `<button>` (styled as the cards' Buy button,
 * `::part(button)` to restyle it), bound like a merchant's own buy button.
 */
export function buyButton(
  kiosk: Kiosk,
  productId: string,
  prefill: Prefill,
  kit: PageKit,
): ComponentChild {
  let unbind = () => {};
  return h(
    "button",
    {
      type: "button",
      class: "buy",
      part: "button",
      // Called with the button as it renders, and with null as it unmounts.
      ref: (button: HTMLButtonElement | null) => {
        unbind();
        unbind = button ? bindBuyButton(kiosk, button, productId, prefill) : () => {};
      },
    },
    h(Label, kit),
  );
}
