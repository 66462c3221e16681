import { fromBase64, hmacSha256, timingSafeEqualText, toBase64, toHex } from "../../web-crypto";

import type { RefusedWebhook } from "../platform";

/**
 * Checks a hex HMAC-SHA256 signature, with an optional prefix such as `sha256=`: `undefined`
 * when it verifies, else why not.
 */
export async function verifyHexSignature(
  secret: string,
  body: string,
  signature: string | null,
  prefix = "",
): Promise<RefusedWebhook | undefined> {
  if (!signature?.startsWith(prefix)) return "unsigned";
  const expected = toHex(await hmacSha256(secret, body));
  return timingSafeEqualText(signature.slice(prefix.length).trim().toLowerCase(), expected)
    ? undefined
    : "mismatch";
}

/**
 * The HMAC key a Standard Webhooks secret stands for: the bytes after a `whsec_` prefix (base64),
 * or the text itself without one; `undefined` for a `whsec_` secret with no base64 after it,
 * which no delivery can have been signed with.
 */
export function standardWebhookKey(secret: string): string | Uint8Array | undefined {
  if (!secret.startsWith("whsec_")) return secret;
  const encoded = secret.slice("whsec_".length);
  if (encoded === "") return undefined;
  try {
    return fromBase64(encoded);
  } catch {
    return undefined;
  }
}

/** `PlatformAdapter.webhookSecretProblem` for the platforms that sign with Standard Webhooks. */
export function standardWebhookSecretProblem(secret: string): string | undefined {
  return standardWebhookKey(secret) === undefined
    ? "must be base64 after its whsec_ prefix, as the platform shows it"
    : undefined;
}

/**
 * Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`):
 * HMAC-SHA256 over `id.timestamp.body`, keyed by the secret (base64 after a `whsec_` prefix, or
 * the raw text otherwise), with a five-minute window against replays: `undefined` when it
 * verifies, else why not.
 */
export async function verifyStandardWebhook(
  secret: string,
  headers: Headers,
  body: string,
  now: number = Date.now(),
  toleranceSeconds = 300,
): Promise<RefusedWebhook | undefined> {
  const id = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signatures = headers.get("webhook-signature");
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return "unsigned";
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return "stale";
  const key = standardWebhookKey(secret);
  if (key === undefined) return "mismatch";
  const expected = `v1,${toBase64(await hmacSha256(key, `${id}.${timestamp}.${body}`))}`;
  return signatures
    .split(" ")
    .some((candidate) => candidate.startsWith("v1,") && timingSafeEqualText(candidate, expected))
    ? undefined
    : "mismatch";
}
