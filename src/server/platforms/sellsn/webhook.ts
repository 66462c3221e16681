import type { WebhookVerifier } from "../platform";
import { eventVerdict, readStandardWebhook } from "../shared/signed-body";
import { toOrderStatus } from "./mapping";
import { sellsnWebhookSchema } from "./schemas";

/**
 * Checks a SellSN webhook and says what it is about. SellSN's document names no signature header
 * or scheme, so deliveries are checked with Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`) over the raw body, keyed by `KIOSK_WEBHOOK_SECRET`.
 */
export const verifyWebhook: WebhookVerifier = async (request, context) => {
  const read = await readStandardWebhook(request, context, sellsnWebhookSchema);
  if (read.kind !== "read") return read;
  const { type, data } = read.body;
  // Only order events move an order; a product or ticket event is acknowledged and ignored.
  if (!type.toLowerCase().startsWith("order") || !data?.id) return eventVerdict(read, { type });
  const status = data.status === undefined ? undefined : toOrderStatus(data.status);
  return eventVerdict(read, { type, orderId: data.id, ...(status ? { status } : {}) });
};
