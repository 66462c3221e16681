import type { OrderStatus } from "../../../core";
import type { WebhookEvent, WebhookRequest } from "../platform";
import { verifyStandardWebhook } from "../shared/webhook-signature";
import { mapOrderStatus } from "./mapping";
import { sxOrderStatuses, sxWebhookPayloadSchema } from "./schemas";

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
 * is what a `whsec_` secret signs. Without a configured secret nothing verifies.
 */
export function verifySxWebhook(
  secret: string | undefined,
  request: WebhookRequest,
  now: number,
): WebhookEvent | undefined {
  if (!secret) return undefined;
  if (!verifyStandardWebhook(secret, request.headers, request.rawBody, now)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    return undefined;
  }
  const payload = sxWebhookPayloadSchema.safeParse(json);
  if (!payload.success) return undefined;
  const { type, data } = payload.data;
  if (!type.startsWith("order.") || !data?.id) return { type };
  const status = orderEventStatuses[type] ?? statusFromData(data.status);
  return { type, orderId: data.id, ...(status ? { status } : {}) };
}

/** An order event not named in the document may still carry the order's own status. */
function statusFromData(status: string | undefined): OrderStatus | undefined {
  const known = sxOrderStatuses.find((candidate) => candidate === status);
  return known ? mapOrderStatus(known) : undefined;
}
