import { createHmac, timingSafeEqual } from "node:crypto";

/** Lower-case hex HMAC-SHA256 of `body` under `secret`. */
export function hmacSha256Hex(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

/** Compares two strings in time that does not depend on where they differ. */
export function timingSafeEqualText(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) {
    // Still spend the comparison so length mismatches are not faster to find.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** Checks a hex HMAC-SHA256 signature, with an optional prefix such as `sha256=`. */
export function verifyHexSignature(
  secret: string,
  body: string,
  signature: string | null,
  prefix = "",
): boolean {
  if (!signature?.startsWith(prefix)) return false;
  const expected = hmacSha256Hex(secret, body);
  return timingSafeEqualText(signature.slice(prefix.length).trim().toLowerCase(), expected);
}

/**
 * Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`):
 * HMAC-SHA256 over `id.timestamp.body`, keyed by the secret (base64 after a `whsec_` prefix, or
 * the raw text otherwise), with a five-minute window against replays.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: Headers,
  body: string,
  now: number = Date.now(),
  toleranceSeconds = 300,
): boolean {
  const id = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signatures = headers.get("webhook-signature");
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = signStandardWebhook(secret, id, Number(timestamp), body);
  return signatures
    .split(" ")
    .some((candidate) => candidate.startsWith("v1,") && timingSafeEqualText(candidate, expected));
}

/** The `v1,<base64>` signature Standard Webhooks expects, for senders and tests. */
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
