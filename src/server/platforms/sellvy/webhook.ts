import type { OrderStatus } from "../../../core";
import type { Logger } from "../../runtime/logger";
import type { WebhookEvent, WebhookRequest } from "../platform";
import { verifyHexSignature } from "../shared/webhook-signature";
import { sellvyWebhookSchema } from "./schemas";

/** The header Sellvy signs every webhook with: a bare hex HMAC-SHA256 of the raw body. */
export const sellvySignatureHeader = "x-sellvy-signature";

/**
 * The contract status an order event announces. `order.disputed` changes nothing the buyer is
 * following, and `order.created` says nothing the created order did not already say.
 */
function statusOf(type: string): OrderStatus | undefined {
  switch (type) {
    case "order.completed":
      return "completed";
    case "order.refunded":
      return "refunded";
    case "order.cancelled":
      return "cancelled";
    case "payment.received":
      return "paid";
    case "payment.failed":
      return "failed";
    default:
      return undefined;
  }
}

/**
 * Checks `X-Sellvy-Signature` against `KIOSK_WEBHOOK_SECRET` over the raw body (timing-safe) and
 * reads the event. `undefined` when there is no secret, no signature, or it does not match.
 */
export function verifySellvyWebhook(
  request: WebhookRequest,
  secret: string | undefined,
  logger: Logger,
): WebhookEvent | undefined {
  if (!secret) return undefined;
  const signature = request.headers.get(sellvySignatureHeader);
  if (!verifyHexSignature(secret, request.rawBody, signature)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    json = undefined;
  }
  const parsed = sellvyWebhookSchema.safeParse(json);
  if (!parsed.success) {
    // Signed by Sellvy but not in the documented shape: accepted (so it is not retried for hours)
    // and ignored; the body is not logged.
    logger.warn("webhook_shape_mismatch", { platform: "sellvy" });
    return { type: "unknown" };
  }
  const event = parsed.data;
  const isOrderEvent = event.type.startsWith("order.") || event.type.startsWith("payment.");
  const orderId = isOrderEvent ? (event.data?.order_id ?? event.data?.id) : undefined;
  const status = orderId ? statusOf(event.type) : undefined;
  return {
    type: event.type,
    ...(orderId ? { orderId } : {}),
    ...(status ? { status } : {}),
  };
}
