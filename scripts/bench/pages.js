// The bench's merchant pages: a grid of twelve product cards and a 100-card storefront, each a
// plain page with the embed's script tag, as a merchant pastes them.

/** A plain merchant page around `head` and `body`. */
export const page = (head, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A merchant</title>${head}</head><body style="margin:0;font-family:sans-serif">${body}</body></html>`;

/** The twelve product ids the card page names. */
export const cardIds = Array.from(
  { length: 12 },
  (_, index) => `bench-${String(index + 1).padStart(3, "0")}`,
);

/** Kiosk's pages, by path, for a proxy at `proxyOrigin`. */
export function kioskPages(proxyOrigin) {
  const embed = `<script src="${proxyOrigin}/embed.js" defer></script>`;
  const grid = (inner) =>
    `<main style="display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:16px;padding:16px">${inner}</main>`;
  return {
    "/kiosk-12": page(
      embed,
      `<h1>Twelve products</h1>${grid(cardIds.map((id) => `<div data-kiosk-product="${id}"></div>`).join(""))}`,
    ),
    "/kiosk-100": page(
      embed,
      `<h1>All products</h1><div data-kiosk-storefront data-kiosk-limit="100"></div>`,
    ),
  };
}
