import type { WebhookEvent, WebhookVerdict } from "../../src/server/platforms/platform";

/** The verdicts adapters' webhook checks give, for `toEqual`. */
export const refused: WebhookVerdict = { kind: "refused" };
export const event = (body: WebhookEvent): WebhookVerdict => ({ kind: "event", event: body });
export const unreadable = (reason: "not_json" | "unexpected_shape"): WebhookVerdict => ({
  kind: "unreadable",
  reason,
});
/** A request as the webhook route hands it to an adapter. */
export const webhookRequest = (headers: Record<string, string>, rawBody: string) => ({
  headers: new Headers(headers),
  rawBody,
});
