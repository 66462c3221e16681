import type { Logger } from "../../runtime/logger";
import { keepSubscribed } from "../../store/kept-subscription";
import type { KeyValueStore } from "../../store/key-value-store";
import { randomBytes, toHex } from "../../web-crypto";
import type { WebhookEvent } from "../platform";

const channel = "catalog-news";

/**
 * What a verified webhook says has changed, forgotten by every instance sharing the store, not
 * only by the one the platform delivered it to: each keeps its own cached reads, and the others'
 * would show (and price) the old product for as long as they stay fresh. `forget` drops this
 * instance's reads; the function returned drops them here and tells the others. An instance the
 * news does not reach (the store away) still forgets its reads once they are no longer fresh.
 * It stops hearing the others once `until` aborts.
 */
export function shareForgetting(
  store: KeyValueStore,
  forget: (event: WebhookEvent) => void,
  logger: Logger,
  until?: AbortSignal,
): (event: WebhookEvent) => void {
  // Its own news comes back to it through the store: it has forgotten already.
  const self = toHex(randomBytes(8));
  const hear = (message: string) => {
    let news: { from?: unknown; event?: Partial<WebhookEvent> };
    try {
      news = JSON.parse(message);
    } catch {
      return;
    }
    const event = news.event;
    if (news.from === self || typeof event?.type !== "string") return;
    forget({
      type: event.type,
      ...(typeof event.orderId === "string" ? { orderId: event.orderId } : {}),
    });
  };
  const subscription = keepSubscribed(store, channel, hear, {
    logger,
    event: "catalog_news_unsubscribed",
  });
  until?.addEventListener("abort", () => void subscription.close(), { once: true });
  return (event) => {
    forget(event);
    const { type, orderId } = event;
    const news = JSON.stringify({ from: self, event: { type, ...(orderId ? { orderId } : {}) } });
    store.publish(channel, news).catch(() => {});
  };
}
