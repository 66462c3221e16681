import { isFinalStatus, isOrderStatus } from "../../core/order-status";
import type { Order, OrderStatus } from "../../core/types";
import type { KioskError } from "../kiosk-error";
import type { CheckoutApi } from "./checkout-api";

/** The parts of the platform `EventSource` the follower uses, so tests can pass their own. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  onerror: ((event: Event) => void) | null;
  close(): void;
}

/** An `EventSource` constructor, or one of the same shape (tests pass their own). */
export type EventSourceFactory = new (url: string) => EventSourceLike;

export interface FollowOptions {
  readonly api: CheckoutApi;
  readonly id: string;
  readonly token: string;
  /** `null` forces polling; `undefined` uses the platform's EventSource when there is one. */
  readonly EventSource?: EventSourceFactory | null | undefined;
  /** Milliseconds between polls. */
  readonly pollInterval?: number | undefined;
  /** Every status seen, as it changes. */
  readonly onStatus: (status: OrderStatus) => void;
  /** The order once it reached a final status, read with its token (delivered items included). */
  readonly onFinal: (order: Order) => void;
  /**
   * Called while the order cannot be read; the follower keeps trying, but for an order the proxy
   * no longer has (`404`), which it stops following.
   */
  readonly onTrouble: (trouble: boolean) => void;
}

/**
 * Follows an order to a final status: the events stream first, polling `GET /orders/:id` with
 * the bearer token when streams are missing or break. Returns a function that stops following.
 */
export function followOrder(options: FollowOptions): () => void {
  const { api, id, token } = options;
  const interval = options.pollInterval ?? 2_000;
  let stopped = false;
  let source: EventSourceLike | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;

  const stop = () => {
    stopped = true;
    source?.close();
    clearTimeout(timer);
    removeEventListener("online", online);
  };
  // Back online, an order being polled is read at once: the failures while offline had put the
  // next read up to 30 s away, with the dialog saying it lost track of the order.
  const online = () => {
    if (source) return;
    failures = 0;
    poll(0);
  };
  addEventListener("online", online);

  /**
   * Reads the order after `delay` (the poll's interval, longer after each failure), and again
   * until it is final. The stream closes first: from here on, the order is polled.
   */
  const poll = (delay = Math.min(interval * 2 ** failures, 30_000)) => {
    if (stopped) return;
    // The stream's watch (below) goes with the stream: a stream found silent that then says a
    // final status starts one round of polls, not two.
    clearTimeout(timer);
    source?.close();
    source = undefined;
    timer = setTimeout(async () => {
      try {
        const order = await api.order(id, token);
        if (stopped) return;
        failures = 0;
        options.onTrouble(false);
        options.onStatus(order.status);
        if (isFinalStatus(order.status)) {
          stop();
          options.onFinal(order);
          return;
        }
      } catch (error) {
        failures += 1;
        if (failures >= 3 || gone(error)) options.onTrouble(true);
        if (gone(error)) return stop();
      }
      poll();
    }, delay);
  };

  const Source =
    options.EventSource === undefined
      ? (globalThis as { EventSource?: EventSourceFactory }).EventSource
      : options.EventSource;
  if (Source) {
    const stream = new Source(api.eventsUrl(id, token));
    source = stream;
    // The proxy says the order again while it waits (every 15 s): a stream silent for longer is
    // one the network lost without a word (a NAT or Wi-Fi that dropped it), which no error tells.
    const watch = () => {
      clearTimeout(timer);
      timer = setTimeout(poll, 45_000);
    };
    const onEvent = (event: MessageEvent) => {
      const status = statusOf(event.data);
      if (!status || stopped || source !== stream) return;
      watch();
      options.onStatus(status);
      // Its goods come with the order read with its token, at once.
      if (isFinalStatus(status)) poll(0);
    };
    // The proxy names its events `order`; unnamed ones are read the same way.
    stream.addEventListener("order", onEvent);
    stream.addEventListener("message", onEvent);
    // A stream that breaks (or a proxy that refuses it) leaves the order to polling.
    stream.onerror = () => {
      if (source === stream) poll();
    };
    watch();
  } else {
    poll();
  }
  return stop;
}

/** The status in an event's data: a JSON object with `status`, or the bare word. */
function statusOf(data: string): OrderStatus | undefined {
  let value: unknown = data;
  try {
    value = (JSON.parse(data) as { status?: unknown }).status;
  } catch {
    // Not JSON, or JSON's `null`: the bare word, if it is one.
  }
  return isOrderStatus(value) ? value : undefined;
}

/**
 * An order the proxy no longer has (it restarted without Redis, the sandbox forgot it): asked
 * again, it would be asked for the page's life.
 */
const gone = (error: unknown) => (error as KioskError).kind === "not_found";
