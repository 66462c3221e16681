import type { CreatedOrder } from "../core/types";

/** An amount in minor units (cents), with its ISO currency. */
export type Money = CreatedOrder["total"];

/** What every `kiosk:*` event carries: plain data, never a token or a delivered good. */
export interface KioskEventMap {
  /** The widgets are mounted and `window.Kiosk` is complete. */
  "kiosk:ready": Record<string, never>;
  /** The checkout is about to open; `preventDefault()` keeps it closed. */
  "kiosk:open": { readonly productId: string; readonly quantity: number | undefined };
  /** The checkout dialog closed; a started order keeps being followed. */
  "kiosk:close": { readonly productId: string; readonly orderId: string | undefined };
  /** A new price for what the buyer picked. */
  "kiosk:quote": { readonly productId: string; readonly total: Money };
  /** The order was created; the buyer is sent to pay. */
  "kiosk:order": { readonly productId: string; readonly orderId: string; readonly total: Money };
  /** The platform took the payment. */
  "kiosk:paid": { readonly productId: string; readonly orderId: string; readonly total: Money };
  /** The order was delivered: the moment to count a purchase. */
  "kiosk:complete": {
    readonly productId: string;
    readonly orderId: string;
    readonly total: Money;
  };
  /**
   * Something failed: `type` is a contract problem type (`unprocessable`, …), `network`, or
   * `order_<status>` for an order that ended unpaid (`order_expired`, …).
   */
  "kiosk:error": {
    readonly productId: string | undefined;
    readonly type: string;
    readonly message: string;
  };
}

/** The name of a `kiosk:*` event. */
export type KioskEventName = keyof KioskEventMap;
/** A `kiosk:*` event as the page receives it: its detail is the map's entry for its name. */
export type KioskEvent<N extends KioskEventName = KioskEventName> = CustomEvent<KioskEventMap[N]>;
/** A handler given an event's detail, and the event itself (to `preventDefault()` one that can be). */
export type KioskEventHandler<N extends KioskEventName> = (
  detail: KioskEventMap[N],
  event: KioskEvent<N>,
) => void;

/** The page's `kiosk:*` events: `on`/`off` handlers, and DOM events on the element concerned. */
export interface KioskEvents {
  on<N extends KioskEventName>(name: N, handler: KioskEventHandler<N>): void;
  off<N extends KioskEventName>(name: N, handler: KioskEventHandler<N>): void;
  /**
   * Dispatches `name` from `from` (bubbling, and out of shadow roots), or from the document when
   * `from` is missing or no longer in it, then calls the handlers. False when cancelled.
   */
  emit<N extends KioskEventName>(
    name: N,
    detail: KioskEventMap[N],
    from?: EventTarget | null | undefined,
  ): boolean;
}

export function createEvents(): KioskEvents {
  const handlers = new Map<string, Set<KioskEventHandler<never>>>();
  return {
    on(name, handler) {
      const set = handlers.get(name) ?? new Set();
      handlers.set(name, set);
      set.add(handler as KioskEventHandler<never>);
    },
    off(name, handler) {
      handlers.get(name)?.delete(handler as KioskEventHandler<never>);
    },
    emit(name, detail, from) {
      const frozen = Object.freeze({ ...detail });
      const event = new CustomEvent(name, {
        detail: frozen,
        bubbles: true,
        composed: true,
        cancelable: name === "kiosk:open",
      });
      const target = from instanceof Node && from.isConnected ? from : document;
      target.dispatchEvent(event);
      for (const handler of [...(handlers.get(name) ?? [])]) {
        try {
          (handler as (detail: unknown, event: Event) => void)(frozen, event);
        } catch (error) {
          // A merchant's handler that throws must not stop the checkout, nor the other handlers.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
      return !event.defaultPrevented;
    },
  };
}
