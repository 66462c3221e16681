import type { Logger } from "../../runtime/logger";
import type { WebhookEvent, WebhookRequest } from "../platform";

/**
 * Whether AstroSell sends webhooks the proxy can verify. Its API document describes no webhooks
 * at all: no events, no payload, no signing secret and no signature header. Order status is
 * therefore followed by reading `GET /orders/:invoiceId`, and the proxy does not advertise
 * webhooks for this platform.
 */
export const astrosellWebhooksSupported = false;

/**
 * Refuses every call to `POST /api/webhooks/astrosell`. Accepting a scheme the platform never
 * documented (even a well-known one) would let anyone holding a guessed format move an order's
 * status, so nothing is trusted until AstroSell documents how it signs. The body is not read
 * and not logged.
 */
export function verifyAstrosellWebhook(
  _request: WebhookRequest,
  logger: Logger,
): WebhookEvent | undefined {
  logger.warn("webhook_refused", { platform: "astrosell", reason: "not_documented" });
  return undefined;
}
