import type { Logger } from "../../runtime/logger";
import type { WebhookEvent, WebhookRequest } from "../platform";
import { verifyStandardWebhook } from "../shared/webhook-signature";
import { mapOrderStatus } from "./mapping";
import { sellsnWebhookSchema } from "./schemas";

/**
 * Checks a SellSN webhook and says what it is about. SellSN's document names no signature header
 * or scheme, so deliveries are checked with Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`) over the raw body, keyed by `KIOSK_WEBHOOK_SECRET`. Without a secret every
 * delivery is refused: an unsigned call must never move an order.
 */
export function verifySellsnWebhook(
  secret: string | undefined,
  request: WebhookRequest,
  now: number,
  logger: Logger,
): WebhookEvent | undefined {
  if (!secret) return undefined;
  if (!verifyStandardWebhook(secret, request.headers, request.rawBody, now)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    logger.warn("sellsn_webhook_unreadable", { reason: "not_json" });
    return { type: "unknown" };
  }
  const parsed = sellsnWebhookSchema.safeParse(json);
  if (!parsed.success) {
    logger.warn("sellsn_webhook_unreadable", { reason: "unexpected_shape" });
    return { type: "unknown" };
  }
  const { type, data } = parsed.data;
  // Only order events move an order; a product or ticket event is acknowledged and ignored.
  if (!type.toLowerCase().startsWith("order") || !data?.id) return { type };
  const status = data.status === undefined ? undefined : mapOrderStatus(data.status);
  return { type, orderId: data.id, ...(status ? { status } : {}) };
}
