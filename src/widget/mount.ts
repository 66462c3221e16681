import { effect } from "@preact/signals-core";
import { type ComponentChild, render } from "preact";
import { active } from "./i18n/locale";
import { adoptStyles, baseCss } from "./styles";

/** Widgets waiting for their turn to render (`mountInShadow`'s `later`), first in line first. */
const waiting: Array<() => void> = [];

/**
 * How long (ms) one task may go on drawing a page's cards: drawn all at once they are one long
 * task on a slow phone; drawn until this is spent, a fast machine draws a page of cards in one
 * task and a slow one in a few, painting and answering input between them.
 */
export const drawBudgetMs = 25;

/** Whether the page's first number format is made, or being made elsewhere. */
let numbersMade: unknown = false;

/**
 * Says the page's first number format is being made elsewhere (`embed.js` has a worker make it
 * while the network works): `made` settles truthy once it is, so cards draw in the task they
 * are in then, with no task of their own for it; falsy if it could not be.
 */
export function numbersFrom(made: Promise<unknown>): void {
  numbersMade = made;
}

/**
 * Readies the page's number formats, then calls `then`: the first format a page makes has the
 * browser list every locale it can format numbers in, one piece of work long enough on a slow
 * phone to make a long task of any it shares a task with. Made elsewhere (see
 * {@link numbersFrom}), `then` is called as soon as it is; made here, in a task of its own, and
 * `then` in the task after.
 */
export function readyNumbers(then: () => void): void {
  Promise.resolve(numbersMade).then((made) => {
    if (made) then();
    else
      setTimeout(() => {
        Intl.NumberFormat();
        numbersMade = true;
        setTimeout(then);
      });
  });
}

let theme: Promise<typeof import("./theme")> | undefined;

/**
 * The theme's code, asked for once: every widget's theming and the cards' wait for it (see
 * `mountPage`) hang on this one promise, so they settle in the same moment, with no frame
 * between a card drawn and its colours. (A failed load leaves the page's widgets in the default
 * colours, as one did before for its own widget.)
 */
export const themeCode = (): Promise<typeof import("./theme")> => (theme ??= import("./theme"));

/** What cards wait for before they draw (see {@link drawAfter}). */
let gate: Promise<unknown> = Promise.resolve();

/**
 * Holds the drawing of cards until `ready` settles (the page's language is in), so that a page
 * in German draws its first cards in German, not in English first; their places are held
 * meanwhile.
 */
export function drawAfter(ready: Promise<unknown>): void {
  gate = ready;
}

/**
 * A card's text styles (a font at a size and weight), by the class that sets each: the name,
 * the price, the stock line and description, a badge, the Buy button. The first text a page
 * lays out in a style has the browser find and set that font up, work it then keeps and that
 * costs more than laying out a card: at 4x CPU slowdown 5-20 ms a style, most of the frame after
 * a page's first cards, or after a storefront's first slice. Rarer ones (a sold-out line, bold
 * in a description, a variant select) are left to the frame that first shows them.
 */
const textStyles = ["name", "price", "stock", "badge", "buy"];

/**
 * The steps that lay a card's text styles out before any card is drawn, so that their set-up is
 * spread over tasks of its own size instead of weighing on one frame: each adds a space in one
 * style to `into`, out of sight (`.sr`) and unread (a space), and lays it out. Once the browser
 * has set a style up, laying it out again costs next to nothing.
 */
export function textStyleSteps(into: HTMLElement): Array<() => void> {
  return textStyles.map((style) => () => {
    // Made rather than parsed from markup, which a page enforcing Trusted Types would refuse.
    const letter = into.appendChild(document.createElement("span"));
    letter.className = `sr ${style}`;
    letter.textContent = "\xa0";
    void into.offsetWidth;
  });
}

/** Draws cards until the budget of a task begun at `start` is spent, then yields. */
function take(start = performance.now()): void {
  const end = start + drawBudgetMs;
  do waiting.shift()?.();
  while (waiting.length > 0 && performance.now() < end);
  if (waiting.length > 0) setTimeout(() => take());
}

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
 * takes its theme from `source` (see {@link ThemeSource}). With `later` (a page's cards), it
 * holds the card's place and renders in turn, as many widgets per task as {@link drawBudgetMs}
 * allows. Returns a function that unmounts it.
 */
export function mountInShadow(
  host: Element,
  ui: ComponentChild,
  css: string[] = [],
  source: ThemeSource = {},
  later = false,
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
  let gone = false;
  // The defaults need no code: only a widget that is themed (a dialog by its opener, a forced
  // scheme, the page's own colours) loads the code that themes it.
  let untheme = () => {};
  const themed = () =>
    themeCode().then(
      (code) => {
        if (!gone) untheme = code.applyTheme(container, from, source.theme);
      },
      () => {},
    );
  if (source.from || source.theme || from.closest("[data-theme]")) themed();
  // The page's own colours are read at the next frame, every widget's at once: read now, each
  // widget would have the browser work out the page's styles again.
  else
    requestAnimationFrame(() => {
      if (getComputedStyle(container).getPropertyValue("--t")) themed();
    });
  // Screen readers pronounce the widget in its own language, which may not be the page's.
  const stopLanguage = effect(() => {
    container.lang = active.value.locale;
  });
  let place: HTMLElement | undefined;
  const draw = () => {
    if (gone) return;
    place?.remove();
    // Into an empty container: the page code's Preact adopts no DOM it finds (vite.config.ts).
    render(ui, container);
  };
  if (later) {
    // A card's place, held until its turn comes, so that nothing moves when it is drawn.
    place = container.appendChild(document.createElement("div"));
    place.className = "card";
    // The first in line waits for the page's language (see `drawAfter`), then for the number
    // formats (see `readyNumbers`).
    const first = waiting.length === 0;
    // The first place lays the text styles out, a step of the drawing's budget each, before
    // the first card takes it away (see `textStyleSteps`).
    if (first) waiting.push(...textStyleSteps(place));
    waiting.push(draw);
    if (first) {
      // Cards mostly draw in the task that mounts them, after the page code's evaluation and
      // the mounting: the budget counts from here. (Drawn in a later task, the first draws one.)
      const queued = performance.now();
      const start = () => readyNumbers(() => take(queued));
      gate.then(start, start);
    }
  } else draw();
  return () => {
    gone = true;
    untheme();
    stopLanguage();
    render(null, container);
    container.remove();
    if (target !== host) target.remove();
  };
}
