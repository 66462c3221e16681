import type { OrderStatus } from "../../../core";
import type { WebhookVerifier } from "../platform";
import { readHexSignedWebhook } from "../shared/signed-body";
import { sellvyWebhookSchema } from "./schemas";

/**
 * The contract status an order event announces. `order.disputed` changes nothing the buyer is
 * following, `order.created` says nothing the created order did not already say,
 * `order.refunded` is fired for a partial refund too, and `payment.failed` is one "payment attempt"
 * (the document) of an order that stays open to pay and is cancelled by its own event: the order
 * is read again instead.
 */
function statusOf(type: string): OrderStatus | undefined {
  switch (type) {
    case "order.completed":
      return "completed";
    case "order.cancelled":
      return "cancelled";
    case "payment.received":
      return "paid";
    default:
      return undefined;
  }
}

/** Checks `X-Sellvy-Signature` (a bare hex HMAC-SHA256 of the raw body) and reads the event. */
export const verifyWebhook: WebhookVerifier = async (request, context) => {
  const read = await readHexSignedWebhook(
    request,
    context,
    { header: "x-sellvy-signature" },
    sellvyWebhookSchema,
  );
  if (read.kind !== "read") return read;
  const event = read.body;
  const isOrderEvent = event.type.startsWith("order.") || event.type.startsWith("payment.");
  const orderId = isOrderEvent ? (event.data?.order_id ?? event.data?.id) : undefined;
  const status = orderId ? statusOf(event.type) : undefined;
  return {
    kind: "event",
    event: { type: event.type, ...(orderId ? { orderId } : {}), ...(status ? { status } : {}) },
    // The document's payload carries an event id, which the signature covers.
    deliveryId: event.id,
  };
};
