import type { WebhookVerifier } from "../platform";

/**
 * Refuses every delivery. AstroSell's API document describes no webhooks at all: no events, no
 * payload, no signing secret and no signature header. Order status is therefore followed by
 * reading `GET /orders/:invoiceId`, the adapter does not advertise webhooks, and accepting a
 * scheme the platform never documented would let anyone holding a guessed format move an order.
 */
export const verifyWebhook: WebhookVerifier = () => ({ kind: "refused" });
