import type { OrderStatus } from "../../../core";
import type { WebhookEvent, WebhookRequest } from "../platform";
import { verifyHexSignature } from "../shared/webhook-signature";
import { mapOrderStatus } from "./mapping";
import { sellsteinWebhookOrderSchema, sellsteinWebhookSchema } from "./schemas";

/** The header SellStein signs its deliveries with: `sha256=<hex HMAC-SHA256 of the body>`. */
export const sellsteinSignatureHeader = "x-sellstein-signature";

/** What an order event says by its name alone, for deliveries whose `data` has no status. */
function statusFromEvent(event: string): OrderStatus | undefined {
  if (event === "order.completed") return "completed";
  if (event === "order.refunded") return "refunded";
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Checks a SellStein delivery and reads it. The HMAC is computed over the raw body as it arrived
 * (the document's example re-serializes a parsed body, which breaks on any spacing or key-order
 * difference) and compared in constant time. Without a configured secret nothing verifies.
 */
export function verifySellsteinWebhook(
  secret: string | undefined,
  request: WebhookRequest,
): WebhookEvent | undefined {
  if (!secret) return undefined;
  const signature = request.headers.get(sellsteinSignatureHeader);
  if (!verifyHexSignature(secret, request.rawBody, signature, "sha256=")) return undefined;
  const delivery = sellsteinWebhookSchema.safeParse(parseJson(request.rawBody));
  if (!delivery.success) return undefined;
  const { event, data } = delivery.data;
  if (!event.startsWith("order.")) return { type: event };
  const order = sellsteinWebhookOrderSchema.safeParse(data);
  if (!order.success) return { type: event };
  const status = order.data.status ? mapOrderStatus(order.data.status) : statusFromEvent(event);
  return { type: event, orderId: order.data.id, ...(status ? { status } : {}) };
}
