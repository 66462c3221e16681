import { batch } from "@preact/signals-core";
import { createRef, type VNode } from "preact";
import { maxPageSize, maxSearchLength } from "../../core/product-query";
import type { HeadingLevel } from "../heading-level";
import { enStorefront } from "../i18n/en-storefront";
import { active } from "../i18n/locale";
import { KioskError } from "../kiosk-error";
import type { Kiosk } from "../kiosk-types";
import { readyNumbers, textStyleSteps } from "../mount";
import { type ProblemKind, problemMessage, strings } from "../strings";
import { adoptStyles } from "../styles";
import { once, tracked, useMount, useSignal, useSignalEffect } from "../tracked";
import { CardSkeleton, ProductCard } from "./product-card";

/** `<Storefront>`: a searchable, paged grid of product cards, from the `kiosk` it is given. */
export interface StorefrontProps {
  readonly kiosk: Kiosk;
  /** Only this category. */
  readonly category?: string | undefined;
  /** Cards per page; 12 by default. */
  readonly limit?: number | undefined;
  /** The level of each card's product-name heading; 2 by default. */
  readonly headingLevel?: HeadingLevel | undefined;
}

/**
 * Cards rendered per task: a page of 100 drawn at once is one long task on a slow phone; in
 * slices the browser paints the first row and answers input between them. Six, because the
 * frame after a slice lays its cards out: at 12 that frame was the page's longest task at 4×
 * CPU (72 ms against 60 at 6, `npm run bench -- --only s4 --runs 13`; 4 did no better).
 */
export const cardsPerSlice = 6;

/**
 * The storefront's sentences in the page's language, with the merchant's wording: English's
 * come with this chunk, every other language's with its catalogue. Read in a render, it
 * re-renders the storefront when the language changes.
 */
const storefrontWords = (): typeof enStorefront => {
  const { messages, reword } = active.value;
  return reword({ ...enStorefront, ...messages });
};

/**
 * Lays a card's text styles out in `box`, a style a task, while the first page is on its way
 * (see `textStyleSteps`), then empties it: the first slice's frame would otherwise pay for them
 * all at once. Settles once done.
 */
const layOutText = (box: HTMLElement): Promise<void> =>
  new Promise((done) => {
    const steps = textStyleSteps(box);
    const next = () => {
      const step = steps.shift();
      if (step && box.isConnected) {
        step();
        setTimeout(next);
      } else {
        box.textContent = "";
        done();
      }
    };
    setTimeout(next);
  });

type PageState =
  | { readonly status: "loading"; readonly ids: readonly string[] }
  | { readonly status: "ready"; readonly ids: readonly string[] }
  | { readonly status: "error"; readonly kind: ProblemKind };

/**
 * The storefront's rules, which load with its chunk. Text outside the cards sits on the
 * widget's own colours, not on a page that may not match the scheme. Cards off screen skip
 * layout and paint; their fixed height holds their place. The search field shares the text
 * fields' rules of the base styles, and the pager's ends, which stay in the tab order, theirs.
 */
export const storefrontCss = `.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:16px}
.storefront{background:var(--bg);color:var(--fg);border-radius:var(--r);padding:16px}
.tools{display:flex;align-items:center;gap:8px;margin-bottom:16px;white-space:nowrap}
.pager{display:flex;justify-content:center;align-items:center;gap:16px;margin-top:16px}
.grid>.card{content-visibility:auto}
input{min-width:0}`;

/** A grid of product cards with search and paging, from `GET /products?search&category&page`. */
export const Storefront = tracked(function Storefront({
  kiosk,
  category,
  limit = 12,
  headingLevel,
}: StorefrontProps) {
  const search = useSignal("");
  const query = useSignal("");
  const page = useSignal(1);
  const attempt = useSignal(0);
  // A page the proxy takes: a whole number of cards up to its largest page (a fraction rounds
  // down), the default for one below a card.
  const size = Math.min(limit >= 1 ? limit | 0 : 12, maxPageSize);
  const state = useSignal<PageState>({ status: "loading", ids: [] });
  // The last page count the proxy gave: the pager, the focus on it and its live page number stay
  // while the next page loads or fails.
  const pages = useSignal(0);
  const section = once(() => createRef<HTMLElement>());
  // The text styles' set-up, begun as it mounts, in an element Preact renders without children
  // (so it leaves the ones added alone): the first page's cards wait for it.
  const textBox = once(() => createRef<HTMLDivElement>());
  const setUp = once(() => ({ text: Promise.resolve() }));
  // Into the shadow root it renders in, before the first paint; never onto a host page.
  useMount(() => {
    const root = section.current?.getRootNode();
    if (root instanceof ShadowRoot) adoptStyles(root, storefrontCss);
    if (textBox.current) setUp.text = layOutText(textBox.current);
    return undefined;
  });
  const shown = useSignal(cardsPerSlice);
  // Each card's element, made once: Preact skips an element it has drawn before, so a slice
  // draws its own cards and leaves the ones before it alone. (A storefront's props never change:
  // a widget whose options change is mounted afresh.) No prototype: ids are the platform's.
  const cards: Record<string, VNode> = once(() => Object.create(null));
  const card = (id: string) => {
    cards[id] ??= <ProductCard kiosk={kiosk} productId={id} key={id} headingLevel={headingLevel} />;
    return cards[id];
  };

  // Typing settles for a moment before it becomes a request.
  useSignalEffect(() => {
    const text = search.value.trim();
    const timer = setTimeout(() => {
      // Together: a search that starts on page 6 asks for its page 1 only, not the old page first.
      // The last query's page count goes with it: "Page 1 of 2" would be said of this one.
      if (text !== query.peek()) {
        batch(() => {
          query.value = text;
          page.value = 1;
          pages.value = 0;
        });
      }
    }, 300);
    return () => clearTimeout(timer);
  });

  useSignalEffect(() => {
    const wanted = { search: query.value, category, page: page.value, limit: size };
    void attempt.value;
    const previous = state.peek();
    state.value = { status: "loading", ids: previous.status === "error" ? [] : previous.ids };
    let current = true;
    // While the page is on its way, not in the task that draws its first cards.
    readyNumbers(() => {});
    Promise.all([kiosk.client.list(wanted), setUp.text]).then(
      ([result]) => {
        if (!current) return;
        // Past the end (the catalog shrank while the buyer paged): its last page instead.
        if (result.data.length === 0 && wanted.page > result.pageCount && result.pageCount > 0) {
          page.value = result.pageCount;
          return;
        }
        for (const product of result.data) kiosk.products.put(product);
        // A new page starts with one slice; the rest follow, a slice per task.
        shown.value = cardsPerSlice;
        const more = () => {
          if (current && shown.value < result.data.length) {
            shown.value += cardsPerSlice;
            setTimeout(more);
          }
        };
        setTimeout(more);
        pages.value = result.pageCount;
        state.value = { status: "ready", ids: result.data.map((product) => product.id) };
      },
      (error: unknown) => {
        if (!current) return;
        state.value = {
          status: "error",
          kind: error instanceof KioskError ? error.kind : "network",
        };
      },
    );
    return () => {
      current = false;
    };
  });

  // A new page is read from its top: a buyer who paged from the pager below the cards (on a
  // phone, a long way down) is taken up to them, and the focus with them (on the pager, out of
  // sight, the next Tab would start from the bottom). Where the top shows, it stays on the pager.
  const turn = (by: number) => {
    page.value += by;
    const top = section.current;
    if (top && top.getBoundingClientRect().top < 0) {
      top.scrollIntoView();
      top.focus({ preventScroll: true });
    }
  };
  const view = state.value;
  const pageCount = pages.value;
  const words = storefrontWords();
  return (
    // Focusable by script alone: where Try again leaves the focus as it takes its button away.
    <section ref={section} class="storefront" tabIndex={-1}>
      {/* Its label on the field's line, so the storefront is as tall as with none. */}
      <label class="tools">
        {words.find}
        <input
          type="search"
          aria-label={words.search}
          maxLength={maxSearchLength}
          value={search.value}
          onInput={(event) => {
            search.value = event.currentTarget.value;
          }}
        />
      </label>
      {/* There before the answer comes, so a screen reader reads what it says then. */}
      <p class="muted" role="status">
        {view.status === "ready" &&
          (view.ids.length === 0
            ? // Nothing searched (an empty category, a shop with none yet) is no failed search.
              query.value
              ? words.noResults
              : words.noProducts
            : // A search's first page says what it found; the pager says the pages after it.
              query.value &&
              page.value === 1 &&
              words.found({ count: view.ids.length, pages: pageCount }))}
      </p>
      {view.status === "error" ? (
        <div>
          <p class="error" role="alert">
            {problemMessage(view.kind)}
          </p>
          <button
            type="button"
            class="ghost"
            onClick={() => {
              section.current?.focus();
              attempt.value++;
            }}
          >
            {strings.retry}
          </button>
        </div>
      ) : view.status === "loading" && view.ids.length === 0 ? (
        // Only the cards are busy while a page loads: the search field being typed in and the
        // pager's live page number stay outside, read as they change.
        <div class="grid" aria-busy="true">
          {Array.from({ length: Math.min(size, 4) }, (_, index) => (
            <CardSkeleton key={index} />
          ))}
        </div>
      ) : (
        <div class="grid" aria-busy={view.status === "loading"}>
          {view.ids.map((id, index) =>
            index < shown.value ? (
              card(id)
            ) : (
              // The card's place, kept until its slice comes, so nothing below it moves.
              <div class="card" aria-hidden="true" key={id} />
            ),
          )}
        </div>
      )}
      {pageCount > 1 && (
        <nav class="pager" aria-label={words.pages}>
          {/* aria-disabled, not disabled, at either end: a disabled button would drop the focus. */}
          <button
            type="button"
            class="ghost"
            aria-disabled={page.value <= 1}
            onClick={() => {
              if (page.value > 1) turn(-1);
            }}
          >
            {words.previous}
          </button>
          <span aria-live="polite">{words.pageOf({ page: page.value, count: pageCount })}</span>
          <button
            type="button"
            class="ghost"
            aria-disabled={page.value >= pageCount}
            onClick={() => {
              if (page.value < pages.value) turn(1);
            }}
          >
            {words.next}
          </button>
        </nav>
      )}
      <div ref={textBox} />
    </section>
  );
});
