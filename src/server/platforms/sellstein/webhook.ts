import type { OrderStatus } from "../../../core";
import type { WebhookVerifier } from "../platform";
import { readHexSignedWebhook } from "../shared/signed-body";
import { toOrderStatus } from "./mapping";
import { sellsteinWebhookOrderSchema, sellsteinWebhookSchema } from "./schemas";

/**
 * What an order event says by its name alone, for deliveries whose `data` has no status.
 * `order.refunded` says nothing by its name: the document fires it for a partial refund too,
 * so the order is read again instead.
 */
function statusFromEvent(event: string): OrderStatus | undefined {
  if (event === "order.completed") return "completed";
  return undefined;
}

/**
 * Checks a SellStein delivery (`X-SellStein-Signature: sha256=<hex HMAC-SHA256>`) and reads it.
 * The HMAC is computed over the raw body as it arrived, and, where that does not match, over the
 * body as the document's own verifier takes it (`JSON.stringify(req.body)`: parsed, then written
 * without spacing), since its example delivery is shown spaced; both compared in constant time.
 */
export const verifyWebhook: WebhookVerifier = async (request, context) => {
  const read = await readHexSignedWebhook(
    request,
    context,
    { header: "x-sellstein-signature", prefix: "sha256=", compact: true },
    sellsteinWebhookSchema,
  );
  if (read.kind !== "read") return read;
  const { event, data } = read.body;
  if (!event.startsWith("order.")) return { kind: "event", event: { type: event } };
  const order = sellsteinWebhookOrderSchema.safeParse(data);
  if (!order.success) return { kind: "event", event: { type: event } };
  const status = order.data.status ? toOrderStatus(order.data.status) : statusFromEvent(event);
  return {
    kind: "event",
    event: { type: event, orderId: order.data.id, ...(status ? { status } : {}) },
  };
};
