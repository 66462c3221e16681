/** A heading level, 1 to 6. */
export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

const headings = "h1,h2,h3,h4,h5,h6,[role=heading][aria-level]";

const asLevel = (value: string | null | undefined): HeadingLevel | undefined => {
  const level = Number(value);
  return Number.isInteger(level) && level >= 1 && level <= 6 ? (level as HeadingLevel) : undefined;
};

/**
 * The level of the product-name headings a widget renders at `host`: `data-kiosk-heading-level`
 * on the element or an ancestor when the merchant sets it; otherwise one below the last heading
 * before it on the page, so the outline never skips a level (2 when the page has none before).
 */
export function headingLevel(host: Element): HeadingLevel {
  const set = asLevel(
    host.closest("[data-kiosk-heading-level]")?.getAttribute("data-kiosk-heading-level"),
  );
  if (set) return set;
  // In document order: the last heading before the host (not one around it) sets the level.
  let level = 1;
  for (const heading of host.ownerDocument.querySelectorAll(headings)) {
    if (!(heading.compareDocumentPosition(host) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
    if (!heading.contains(host)) {
      level = asLevel(heading.getAttribute("aria-level")) ?? asLevel(heading.tagName.slice(1)) ?? 1;
    }
  }
  return Math.min(level + 1, 6) as HeadingLevel;
}
