import { randomUUID } from "node:crypto";
import {
  hmacSha256Hex,
  signStandardWebhook,
} from "../../src/server/platforms/shared/webhook-signature";

/** Standard Webhooks headers (`webhook-id`, `-timestamp`, `-signature`) signing `body`. */
export function standardWebhookHeaders(
  secret: string,
  body: string,
  now: number = Date.now(),
): Record<string, string> {
  const id = `msg_${randomUUID()}`;
  const timestamp = Math.floor(now / 1000);
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signStandardWebhook(secret, id, timestamp, body),
  };
}

/** One header holding a hex HMAC-SHA256 of `body`, after an optional prefix such as `sha256=`. */
export function hexSignedHeaders(
  header: string,
  secret: string,
  body: string,
  prefix = "",
): Record<string, string> {
  return {
    "content-type": "application/json",
    [header]: `${prefix}${hmacSha256Hex(secret, body)}`,
  };
}
