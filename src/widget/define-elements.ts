import type * as Widgets from "./elements";
import type { MountedPage } from "./page";
import { elementOptions, elementTags } from "./selectors";

/** The page the elements mount on: the last one `defineElements` was given. */
let page: MountedPage | undefined;
/** The elements' own code (`elements.ts`), once loaded. */
let widgets: typeof Widgets | undefined;
let loading: Promise<typeof Widgets> | undefined;

/**
 * The elements in the document, shadow roots' too (which no query of the document finds): those
 * of an earlier page move to the next.
 */
const present = new Set<KioskElement>();

/** The elements' own code if it is here already: custom widgets mount only once it is. */
export const elementWidgets = (): typeof Widgets | undefined => widgets;

/** Tells the elements' code that `element` connected, disconnected or changed: at once once it
 * is loaded, and in order until then. */
function tell(element: HTMLElement, event: "connected" | "disconnected" | "changed"): void {
  if (widgets) widgets[event](element, page);
  else {
    loading ??= import("./elements");
    loading.then(
      (loaded) => {
        if (!widgets) loaded.reflect(KioskElement.prototype);
        widgets = loaded;
        loaded[event](element, page);
      },
      // The next element to connect asks again.
      () => {
        loading = undefined;
      },
    );
  }
}

/**
 * A Kiosk custom element: it mounts on its page when connected, re-renders when one of its
 * options changes (attribute or property) and tears down when removed. Each option is an
 * attribute and a property reflecting it (`element.product = "pro-license"`). Only this stub is
 * in the page code: the rest loads with the first element that connects.
 */
// Where there is no DOM (a server rendering a page that imports the widget), the module still
// loads: nothing defines the elements there.
class KioskElement extends ((globalThis.HTMLElement ?? Object) as typeof HTMLElement) {
  static observedAttributes = elementOptions;

  connectedCallback() {
    present.add(this);
    // Asked for now, so the product joins the page's batch while the elements' code loads.
    const id = this.getAttribute("product")?.trim();
    if (id) page?.kiosk.products.get(id);
    tell(this, "connected");
  }

  disconnectedCallback() {
    present.delete(this);
    tell(this, "disconnected");
  }

  attributeChangedCallback() {
    tell(this, "changed");
  }
}

/** The page the elements mounted on until it stopped: they move back to it when it starts again. */
let resting: MountedPage | undefined;

/**
 * Leaves the elements without a page while `target` is stopped (`stopped`); once it starts
 * again, they mount on it again, if they were on it when it stopped.
 */
export function restPage(target: MountedPage, stopped: boolean): void {
  if (!stopped) {
    if (resting === target) defineElements(target);
  } else if (page === target) {
    page = undefined;
    resting = target;
  }
}

/**
 * Defines `<kiosk-product>`, `<kiosk-buy-button>` and `<kiosk-storefront>` for `target`'s
 * widgets; elements already in the page mount at once, sharing the page's product batch.
 * Defining again (after `destroy()`, or for a second page) defines nothing twice: the elements
 * move to the newest page. (A second `embed.js` on the page does not get this far.)
 */
export function defineElements(target: MountedPage): void {
  page = target;
  resting = undefined;
  // Defined already, for an earlier page: its elements move to this one.
  for (const element of [...present]) element.connectedCallback();
  for (const tag of elementTags.split(",")) {
    if (!customElements.get(tag)) customElements.define(tag, class extends KioskElement {});
  }
}
