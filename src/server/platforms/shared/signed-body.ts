import type { z } from "zod";
import type {
  PlatformOptions,
  RefusedWebhook,
  SellerPlatform,
  WebhookContext,
  WebhookEvent,
  WebhookRequest,
  WebhookVerdict,
  WebhookVerifier,
} from "../platform";
import { verifyHexSignature, verifyStandardWebhook } from "./webhook-signature";

/** A signed body read into the platform's shape, or the verdict that ends the check. */
export type SignedBody<T> =
  | { readonly kind: "read"; readonly body: T; readonly deliveryId?: string }
  | Exclude<WebhookVerdict, { kind: "event" }>;

/**
 * Reads a body whose signature has been checked: `refused` (and why) when it did not verify,
 * `unreadable` when it is not JSON or not in `schema`'s shape, the parsed body otherwise. The
 * body is never logged or echoed. A `__proto__`, `constructor` or `prototype` key is no reason
 * to refuse it (a platform's free-text keys, a custom field's, may be named so, and a refused
 * delivery is sent again until its effect is lost): `schema` copies only the keys it names, and
 * a record of its leaves out `__proto__`.
 */
export function readSignedBody<S extends z.ZodType>(
  refused: RefusedWebhook | undefined,
  rawBody: string,
  schema: S,
): SignedBody<z.output<S>> {
  if (refused) return { kind: "refused", reason: refused };
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { kind: "unreadable", reason: "not_json" };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { kind: "unreadable", reason: "unexpected_shape" };
  return { kind: "read", body: parsed.data };
}

/** A Standard Webhooks delivery (`webhook-id`, `-timestamp`, `-signature`), checked and read. */
export async function readStandardWebhook<S extends z.ZodType>(
  request: WebhookRequest,
  context: WebhookContext,
  schema: S,
): Promise<SignedBody<z.output<S>>> {
  const refused = context.secret
    ? await verifyStandardWebhook(context.secret, request.headers, request.rawBody, context.now)
    : "no_secret";
  const read = readSignedBody(refused, request.rawBody, schema);
  // The signature covers `webhook-id`, and a retry of one message keeps it.
  const deliveryId = request.headers.get("webhook-id");
  return read.kind === "read" && deliveryId ? { ...read, deliveryId } : read;
}

/** The `event` verdict for a signed body, with the delivery's id when its scheme gave one. */
export function eventVerdict(
  read: { readonly deliveryId?: string },
  event: WebhookEvent,
): WebhookVerdict {
  return { kind: "event", event, ...(read.deliveryId ? { deliveryId: read.deliveryId } : {}) };
}

/**
 * A delivery signed with a hex HMAC-SHA256 of the raw body in one header, checked and read. With
 * `compact`, a signature of the body as `JSON.stringify` writes it once parsed verifies too (the
 * platform's own example verifies that way, so it may send the body spaced otherwise than it
 * signed it); what is read is that same parsed body either way.
 */
export async function readHexSignedWebhook<S extends z.ZodType>(
  request: WebhookRequest,
  context: WebhookContext,
  signature: { readonly header: string; readonly prefix?: string; readonly compact?: boolean },
  schema: S,
): Promise<SignedBody<z.output<S>>> {
  const { secret } = context;
  const given = request.headers.get(signature.header);
  const check = (body: string) =>
    secret ? verifyHexSignature(secret, body, given, signature.prefix) : "no_secret";
  let refused = await check(request.rawBody);
  if (refused === "mismatch" && signature.compact) {
    const compact = compactJson(request.rawBody);
    if (compact !== undefined && compact !== request.rawBody) refused = await check(compact);
  }
  return readSignedBody(refused, request.rawBody, schema);
}

/** `text` parsed as JSON and written again without spacing; `undefined` when it is not JSON. */
function compactJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** An adapter's `SellerPlatform.verifyWebhook`: its verifier, given the secret and the clock. */
export function webhookMethod(
  verify: WebhookVerifier,
  options: PlatformOptions,
): SellerPlatform["verifyWebhook"] {
  const now = options.now ?? Date.now;
  return async (request) => verify(request, { secret: options.webhookSecret, now: now() });
}
