import { hmacSha256, timingSafeEqualText, toBase64, toHex } from "../../web-crypto";

/** Checks a hex HMAC-SHA256 signature, with an optional prefix such as `sha256=`. */
export async function verifyHexSignature(
  secret: string,
  body: string,
  signature: string | null,
  prefix = "",
): Promise<boolean> {
  if (!signature?.startsWith(prefix)) return false;
  const expected = toHex(await hmacSha256(secret, body));
  return timingSafeEqualText(signature.slice(prefix.length).trim().toLowerCase(), expected);
}

/**
 * Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`):
 * HMAC-SHA256 over `id.timestamp.body`, keyed by the secret (base64 after a `whsec_` prefix, or
 * the raw text otherwise), with a five-minute window against replays.
 */
export async function verifyStandardWebhook(
  secret: string,
  headers: Headers,
  body: string,
  now: number = Date.now(),
  toleranceSeconds = 300,
): Promise<boolean> {
  const id = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signatures = headers.get("webhook-signature");
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  let key: string | Uint8Array = secret;
  if (secret.startsWith("whsec_")) {
    try {
      key = Uint8Array.from(atob(secret.slice("whsec_".length)), (char) => char.charCodeAt(0));
    } catch {
      return false; // not base64: no delivery can have been signed with it
    }
  }
  const expected = `v1,${toBase64(await hmacSha256(key, `${id}.${timestamp}.${body}`))}`;
  return signatures
    .split(" ")
    .some((candidate) => candidate.startsWith("v1,") && timingSafeEqualText(candidate, expected));
}
