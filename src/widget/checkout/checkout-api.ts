import type { CreatedOrder, Order, OrderRequest, Quote } from "../../core/types";
import { type KioskClient, request } from "../client";
import { sendQuote } from "../first-quote";
import { createdOrderAnswer, orderAnswer, quoteAnswer } from "./answers";

/** The checkout's calls; kept apart from the client so their schemas load with the checkout. */
export interface CheckoutApi {
  /** Prices a line (`body`: JSON text); `sent`: the answer to the same body, already asked for. */
  quote(body: string, sent?: Promise<unknown>): Promise<Quote>;
  createOrder(body: OrderRequest, idempotencyKey: string): Promise<CreatedOrder>;
  order(id: string, token: string): Promise<Order>;
  /** The order's `text/event-stream`; EventSource cannot send headers, so the token rides along. */
  eventsUrl(id: string, token: string): string;
}

export function createCheckoutApi(client: KioskClient): CheckoutApi {
  const { http } = client;
  return {
    quote: (body, sent) => request(() => sent ?? sendQuote(client, body), quoteAnswer),
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
        createdOrderAnswer,
      ),
    order: (id, token) =>
      request(
        () =>
          http(`orders/${encodeURIComponent(id)}`, {
            headers: { Authorization: `Bearer ${token}` },
          }),
        orderAnswer,
      ),
    eventsUrl: (id, token) =>
      `${client.apiBase}/orders/${encodeURIComponent(id)}/events?token=${encodeURIComponent(token)}`,
  };
}
