// The limits of a storefront page's query, the proxy's and the widget's: the widget never asks
// for a page the proxy would refuse. No zod here, so the storefront chunk can read them.

/** The most products one storefront page (`GET /api/products?limit=`) holds. */
export const maxPageSize = 100;

/** The longest `search` (and `category`) the proxy takes, in characters once trimmed. */
export const maxSearchLength = 100;
