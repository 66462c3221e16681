import * as z from "zod/mini";
import { createdOrderSchema, orderSchema } from "../../core/schemas/order";
import { productSchema } from "../../core/schemas/product";
import { quoteSchema } from "../../core/schemas/quote";
import { storeSchema } from "../../core/schemas/store";
import type {
  CreatedOrder,
  Order,
  OrderRequest,
  Product,
  Quote,
  QuoteRequest,
  StoreInfo,
} from "../../core/types";
import { type KioskClient, request } from "../client";
import { KioskError } from "../errors";

// The widget must run under a CSP without `unsafe-eval`; zod's JIT would try `new Function`.
z.config({ jitless: true });

/** The checkout's calls; kept apart from the client so their schemas load with the checkout. */
export interface CheckoutApi {
  store(): Promise<StoreInfo>;
  quote(body: QuoteRequest): Promise<Quote>;
  createOrder(body: OrderRequest, idempotencyKey: string): Promise<CreatedOrder>;
  order(id: string, token: string): Promise<Order>;
  /** The order's `text/event-stream`; EventSource cannot send headers, so the token rides along. */
  eventsUrl(id: string, token: string): string;
}

export function createCheckoutApi(client: KioskClient): CheckoutApi {
  const { http } = client;
  return {
    store: () => request(() => http("store"), storeSchema),
    quote: (body) => request(() => http("quote", { method: "POST", json: body }), quoteSchema),
    createOrder: (body, key) =>
      request(
        () =>
          http("orders", {
            method: "POST",
            json: body,
            headers: { "Idempotency-Key": key },
            // Sent again by itself only when the proxy asks with `Retry-After`. Anything else
            // (no answer at all, "the order may have been placed") waits for the buyer: the same
            // key keeps even their retry from making a second order, but they should look first.
            retryOnlyWhenAsked: true,
          }),
        createdOrderSchema,
      ),
    order: (id, token) =>
      request(
        () =>
          http(`orders/${encodeURIComponent(id)}`, {
            headers: { Authorization: `Bearer ${token}` },
          }),
        orderSchema,
      ),
    eventsUrl: (id, token) =>
      `${client.apiBase}/orders/${encodeURIComponent(id)}/events?token=${encodeURIComponent(token)}`,
  };
}

/**
 * Checks a product against the full contract schema before anyone can buy it: cards rendered
 * it after a light check only.
 */
export function checkedProduct(product: Product): Product {
  const result = productSchema.safeParse(product);
  if (!result.success) throw new KioskError("bad_response", undefined);
  return result.data;
}
