import { canBuy, defaultVariant } from "../core/availability";
import type { Product } from "../core/types";
import type { KioskClient } from "./client";
import type { CheckoutRequest } from "./kiosk-types";
import type { ProductStore } from "./product-store";

/** A quote asked for before the checkout's code arrived: its body, and the proxy's answer. */
export interface SentQuote {
  readonly body: string;
  readonly answer: Promise<unknown>;
}

/** How a checkout opens: the form starts from this line, and its first quote asks for it. */
export function openingLine(
  product: Product,
  request: Pick<CheckoutRequest, "variantId" | "quantity" | "coupon">,
) {
  return {
    variantId: defaultVariant(product.variants, request.variantId)?.id,
    quantity: request.quantity ?? product.quantity.min,
    coupon: request.coupon?.trim() || undefined,
  };
}

/**
 * The body of `POST /quote` for one line (the checkout asks only for lines it can buy). JSON
 * leaves out what is `undefined`: no variant, no coupon.
 */
export function quoteBody(
  product: Product,
  variantId: string | undefined,
  quantity: number,
  coupon: string | undefined,
): string {
  return JSON.stringify({ items: [{ productId: product.id, variantId, quantity }], coupon });
}

/**
 * Sends a quote as JSON text (`text/plain`, which the proxy reads for quotes): a CORS-simple
 * request, so no preflight round trip comes before it.
 */
export const sendQuote = (client: KioskClient, body: string): Promise<unknown> =>
  client.http("quote", { method: "POST", body });

/**
 * The checkout's first quote, sent on the Buy click beside the checkout's code, for a product
 * already on the page; the checkout takes the answer over when it asks for the same line.
 */
export function firstQuote(
  client: KioskClient,
  products: ProductStore,
  request: CheckoutRequest,
): SentQuote | undefined {
  const state = products.get(request.productId).peek();
  if (request.resume || state.status !== "ready") return undefined;
  const line = openingLine(state.product, request);
  // Nothing to quote for what cannot be bought. A quantity the product does not allow (a rare
  // prefill) is asked for all the same: the checkout shows the buyer why, and never reads it.
  if (!canBuy(state.product, line.variantId)) return undefined;
  const body = quoteBody(state.product, line.variantId, line.quantity, line.coupon);
  const answer = sendQuote(client, body);
  // The checkout reads a failure when it takes the answer over; until then it is handled.
  answer.catch(() => {});
  return { body, answer };
}
