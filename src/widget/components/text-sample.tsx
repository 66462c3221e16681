/**
 * The first layout of text in a style (a font at a size and weight) and of each of its glyphs
 * does work the browser then keeps. For a card's styles that work is more than the rest of a
 * slice of cards together: at 4× CPU slowdown (a slow phone), about 15 ms of the frame that lays
 * the storefront's first slice out. A line in each style, in a box never seen, is laid out in a
 * task of its own after the placeholders' first frame, while the page of products is on its way,
 * and leaves with the placeholders.
 */
const line =
  "Sphinx of black quartz, judge my vow. THE QUICK BROWN FOX JUMPS OVER A LAZY DOG 0123456789 $";

/** Out of the flow and unseen; not laid out until its task comes. */
export const textSampleCss =
  ".sample{position:absolute;visibility:hidden;width:240px;display:none}";

/** Lays `element` out a frame after it is mounted, in a task of its own, if still in the page. */
function layOutSoon(element: HTMLElement | null): void {
  if (element) {
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (element.isConnected) {
          element.style.display = "block";
          // Read, so the layout is done in this task rather than in the next frame's.
          void element.offsetHeight;
        }
      }),
    );
  }
}

/** A line in each of a card's text styles (`.stock` shares `.desc`'s), laid out once, unseen. */
export const TextSample = () => (
  <div class="sample" aria-hidden="true" ref={layOutSoon}>
    {line}
    {["name", "price", "badge", "buy"].map((name) => (
      <span class={name} key={name}>
        {line}
      </span>
    ))}
    <span class="desc">
      {line}
      <b>{line}</b>
    </span>
  </div>
);
