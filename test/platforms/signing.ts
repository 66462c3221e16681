import { createHmac, randomUUID } from "node:crypto";

/**
 * Senders' side of the signatures, with Node's own crypto: the proxy checks them with Web Crypto,
 * so a test signed here and verified there compares two implementations.
 */

/** Lower-case hex HMAC-SHA256 of `body` under `secret`. */
export function hmacSha256Hex(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

/** The `v1,<base64>` signature Standard Webhooks expects. */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): string {
  const key = secret.startsWith("whsec_")
    ? Buffer.from(secret.slice("whsec_".length), "base64")
    : Buffer.from(secret, "utf8");
  const digest = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${digest}`;
}

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
