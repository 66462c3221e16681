import { isOrderStatus, movesForward } from "../../core";
import type { WebhookEvent } from "../platforms/platform";
import type { KeyValueStore } from "../store/key-value-store";
import { randomBytes, sha256, toBase64Url } from "../web-crypto";

/**
 * How long a delivery (and an order's last announced status) is remembered: longer than any
 * documented retry schedule (Sellvy's last retry comes about 2.6 h after the first attempt) and
 * far longer than the Standard Webhooks five-minute window.
 */
export const webhookReplayWindowMs = 24 * 60 * 60 * 1000;

/** What a verified event may do: a `new` one has its effect; the others are acknowledged only. */
export type WebhookAdmission = "new" | "replay" | "backwards";

const digest = async (text: string) => toBase64Url(await sha256(text));

/** The gate every verified webhook event passes before it has any effect. */
export interface WebhookGate {
  /**
   * `replay` when this delivery was seen within the window (known by `deliveryId`, or by a hash
   * of the signed body where the scheme has no id); `backwards` when the event's status would
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
          ? `body:${await digest(rawBody)}`
          : `id:${await digest(deliveryId)}`;
      const seen = `webhook:${platform}:${delivery}`;
      // This delivery's own mark: taken back, when it is not let in after all, only if still its.
      const mark = toBase64Url(randomBytes(12));
      const forgetMark = () => store.deleteIfEqual(seen, mark).catch(() => false);
      let first: boolean;
      try {
        first = await store.setIfAbsent(seen, mark, webhookReplayWindowMs);
      } catch (error) {
        // Written or not (its answer lost): its redelivery is not to be taken for a replay.
        await forgetMark();
        throw error;
      }
      if (!first) return "replay";
      if (event.orderId === undefined || event.status === undefined) return "new";
      const statusKey = `order-status:${platform}:${await digest(event.orderId)}`;
      try {
        const known = await store.get(statusKey);
        if (isOrderStatus(known) && !movesForward(known, event.status)) return "backwards";
        await store.set(statusKey, event.status, webhookReplayWindowMs);
      } catch (error) {
        // Not let in (the store failed midway, and the platform is answered 503): its redelivery
        // is this delivery's first, not a replay to ignore.
        await forgetMark();
        throw error;
      }
      return "new";
    },
  };
}
