import { elementOptions, type MountedPage } from "./page";
import { elementTags } from "./selectors";

/** The page the elements mount on: the last one `defineElements` was given. */
let page: MountedPage | undefined;

/**
 * A Kiosk custom element: it mounts on its page when connected, re-renders when one of its
 * options changes (attribute or property) and tears down when removed. Each option is an
 * attribute and a property reflecting it (`element.product = "pro-license"`).
 */
class KioskElement extends HTMLElement {
  static observedAttributes = elementOptions;
  #unmount: (() => void) | undefined;

  connectedCallback() {
    // A property set before the element was defined hides the setter: pass it on to it.
    const self = this as unknown as Record<string, unknown>;
    for (const name of elementOptions) {
      if (!Object.hasOwn(this, name)) continue;
      const value = self[name];
      delete self[name];
      self[name] = value;
    }
    this.#unmount?.();
    this.#unmount = page?.mount(this);
  }

  disconnectedCallback() {
    this.#unmount?.();
    this.#unmount = undefined;
  }

  attributeChangedCallback() {
    if (this.#unmount && page) this.#unmount = page.mount(this);
  }
}

for (const name of elementOptions) {
  Object.defineProperty(KioskElement.prototype, name, {
    get(this: Element) {
      return this.getAttribute(name);
    },
    set(this: Element, value: unknown) {
      if (value === null || value === undefined) this.removeAttribute(name);
      else this.setAttribute(name, String(value));
    },
  });
}

/**
 * Defines `<kiosk-product>`, `<kiosk-buy-button>` and `<kiosk-storefront>` for `target`'s
 * widgets; elements already in the page mount at once, sharing the page's product batch.
 * Defining again (after `destroy()`, or for a second page) defines nothing twice: the elements
 * move to the newest page. (A second `embed.js` on the page does not get this far.)
 */
export function defineElements(target: MountedPage): void {
  page = target;
  for (const tag of elementTags.split(",")) {
    if (!customElements.get(tag)) customElements.define(tag, class extends KioskElement {});
    // Defined already, for an earlier page: its elements move to this one.
    else
      for (const element of document.querySelectorAll<KioskElement>(tag))
        element.connectedCallback();
  }
}
