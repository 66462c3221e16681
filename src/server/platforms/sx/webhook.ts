import type { OrderStatus } from "../../../core";
import type { WebhookVerifier } from "../platform";
import { eventVerdict, readStandardWebhook } from "../shared/signed-body";
import { toOrderStatus } from "./mapping";
import { sxWebhookPayloadSchema } from "./schemas";

/** What each documented order event means for the order's status. */
const orderEventStatuses: Readonly<Record<string, OrderStatus>> = {
  "order.paid": "paid",
  "order.delivered": "completed",
  "order.failed": "failed",
  "order.refunded": "refunded",
};

/**
 * Checks an `sx` webhook and reads what it says. The document shows a `signing_secret`
 * (`whsec_…`) for each endpoint but no signature header, so deliveries are checked with the
 * Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,…`), which
 * is what a `whsec_` secret signs.
 */
export const verifyWebhook: WebhookVerifier = async (request, context) => {
  const read = await readStandardWebhook(request, context, sxWebhookPayloadSchema);
  if (read.kind !== "read") return read;
  const { type, data } = read.body;
  if (!type.startsWith("order.") || !data?.id) return eventVerdict(read, { type });
  // An order event not named in the document may still carry the order's own status.
  const status = orderEventStatuses[type] ?? (data.status ? toOrderStatus(data.status) : undefined);
  return eventVerdict(read, { type, orderId: data.id, ...(status ? { status } : {}) });
};
