import type { WebhookVerifier } from "../platform";
import { readHexSignedWebhook } from "../shared/signed-body";
import { toOrderStatus } from "./mapping";
import { templateWebhookSchema } from "./schemas";

/**
 * Checks a delivery's signature over the raw body and reads it. Use the shared reader for the
 * platform's documented scheme (`readStandardWebhook` or `readHexSignedWebhook`); the webhook
 * route decides what a refused or unreadable delivery answers.
 */
export const verifyWebhook: WebhookVerifier = async (request, context) => {
  const read = await readHexSignedWebhook(
    request,
    context,
    { header: "x-template-signature" },
    templateWebhookSchema,
  );
  if (read.kind !== "read") return read;
  const { type, data } = read.body;
  if (!type.startsWith("order.") || !data?.id) return { kind: "event", event: { type } };
  const status = data.status ? toOrderStatus(data.status) : undefined;
  return { kind: "event", event: { type, orderId: data.id, ...(status ? { status } : {}) } };
};
