import { isOrderStatus, movesForward } from "../../core";
import { ProblemError } from "../http/problem-error";
import type { WebhookEvent } from "../platforms/platform";
import type { KeyValueStore } from "../store/key-value-store";
import { randomBytes, sha256, toBase64Url } from "../web-crypto";
import { canonicalJson } from "./idempotency";

/**
 * How long a delivery (and an order's last announced status) is remembered: longer than any
 * documented retry schedule (Sellvy's last retry comes about 2.6 h after the first attempt) and
 * far longer than the Standard Webhooks five-minute window.
 */
export const webhookReplayWindowMs = 24 * 60 * 60 * 1000;

/** What a verified event may do: a `new` one has its effect; the others are acknowledged only. */
export type WebhookAdmission = "new" | "replay" | "backwards";

const digest = async (text: string) => toBase64Url(await sha256(text));

/**
 * A signed JSON body as one text however it is spaced or its keys ordered: a scheme that also
 * takes the body as its sender re-serializes it (SellStein's) verifies every respacing of one
 * delivery, which must count once.
 */
function writtenOnce(rawBody: string): string {
  try {
    return canonicalJson(JSON.parse(rawBody));
  } catch {
    return rawBody;
  }
}

/** A delivery's mark while it is being let in, before it is remembered for the window. */
const pendingMark = "pending:";
/**
 * How long that mark outlives a delivery that failed midway and could not take it back: shorter
 * than the platforms' first retry after a failure (Sellvy's comes after a minute).
 */
const pendingMarkMs = 30_000;

const beingHandled = () =>
  new ProblemError("conflict", 409, "This delivery is being handled; send it again shortly", {
    retryAfter: Math.ceil(pendingMarkMs / 1000),
  });

/** The gate every verified webhook event passes before it has any effect. */
export interface WebhookGate {
  /**
   * `replay` when this delivery was seen within the window (known by `deliveryId`, or by a hash
   * of the signed body where the scheme has no id), a `409` while another attempt of it is being
   * let in; `backwards` when the event's status would
   * move its order back (a late `paid` after `completed`); `new` otherwise, and remembered.
   */
  admit(
    event: WebhookEvent,
    deliveryId: string | undefined,
    rawBody: string,
  ): Promise<WebhookAdmission>;
}

/** A gate keeping its memory in the shared store, so several proxy instances see one history. */
export function createWebhookGate(store: KeyValueStore, platform: string): WebhookGate {
  return {
    async admit(event, deliveryId, rawBody) {
      const delivery =
        deliveryId === undefined
          ? `body:${await digest(writtenOnce(rawBody))}`
          : `id:${await digest(deliveryId)}`;
      const seen = `webhook:${platform}:${delivery}`;
      // This delivery's own mark while it is let in: taken back, when it is not after all, only
      // if still its; short-lived, so one the store lost the answer to taking back (it failed
      // midway) is gone before the platform's redelivery, which is then let in.
      const mark = `${pendingMark}${toBase64Url(randomBytes(12))}`;
      const forgetMark = () => store.deleteIfEqual(seen, mark).catch(() => false);
      let first: boolean;
      try {
        first = await store.setIfAbsent(seen, mark, pendingMarkMs);
      } catch (error) {
        // Written or not (its answer lost): its redelivery is not to be taken for a replay.
        await forgetMark();
        throw error;
      }
      if (!first) {
        // Another attempt of it is being let in now, and may yet fail: this one is told to come
        // back (a replay acknowledged now would end the platform's retries if that one fails).
        // Gone since (that one failed, and took its mark back): not a replay either.
        const held = await store.get(seen);
        if (held === undefined || held.startsWith(pendingMark)) throw beingHandled();
        return "replay";
      }
      try {
        let admission: WebhookAdmission = "new";
        if (event.orderId !== undefined && event.status !== undefined) {
          const statusKey = `order-status:${platform}:${await digest(event.orderId)}`;
          const known = await store.get(statusKey);
          if (isOrderStatus(known) && !movesForward(known, event.status)) admission = "backwards";
          else await store.set(statusKey, event.status, webhookReplayWindowMs);
        }
        // Let in (or seen to be behind): remembered for the whole window from now.
        await store.set(seen, "done", webhookReplayWindowMs);
        return admission;
      } catch (error) {
        // Not let in (the store failed midway, and the platform is answered 503): its redelivery
        // is this delivery's first, not a replay to ignore.
        await forgetMark();
        throw error;
      }
    },
  };
}
