import { expect } from "vitest";
import type {
  RefusedWebhook,
  WebhookEvent,
  WebhookVerdict,
} from "../../src/server/platforms/platform";

/** The verdicts adapters' webhook checks give, for `toEqual`; a refusal says why where it can. */
export const refused = (reason?: RefusedWebhook): WebhookVerdict =>
  reason ? { kind: "refused", reason } : { kind: "refused" };
/**
 * An event verdict. Without `deliveryId` the delivery's id is not compared (the webhook route's
 * tests check what it is used for); with it, the whole verdict is.
 */
export const event = (body: WebhookEvent, deliveryId?: string): WebhookVerdict =>
  deliveryId === undefined
    ? expect.objectContaining({ kind: "event", event: body })
    : { kind: "event", event: body, deliveryId };
export const unreadable = (reason: "not_json" | "unexpected_shape"): WebhookVerdict => ({
  kind: "unreadable",
  reason,
});
/** A request as the webhook route hands it to an adapter. */
export const webhookRequest = (headers: Record<string, string>, rawBody: string) => ({
  headers: new Headers(headers),
  rawBody,
});
