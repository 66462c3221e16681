import type { OrderStatus } from "../../../core";
import type { WebhookVerifier } from "../platform";
import { eventVerdict, readStandardWebhook } from "../shared/signed-body";
import { toOrderStatus } from "./mapping";
import { sxWebhookPayloadSchema } from "./schemas";

/**
 * What each documented order event means for the order's status. `order.refunded` names none: a
 * refund may be of part of the order ("`amount_cents` … ≤ order total"), so the order is read
 * again rather than called refunded, which would end it for the buyer and its later events.
 */
const orderEventStatuses: Readonly<Record<string, OrderStatus | null>> = {
  "order.paid": "paid",
  "order.delivered": "completed",
  "order.failed": "failed",
  "order.refunded": null,
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
  const named = orderEventStatuses[type];
  const status =
    named === undefined ? (data.status ? toOrderStatus(data.status) : undefined) : named;
  return eventVerdict(read, { type, orderId: data.id, ...(status ? { status } : {}) });
};
