import type { Logger } from "../runtime/logger";
import type { KeyValueStore } from "./key-value-store";

/** A subscription that is asked for again until the store takes it. */
export interface KeptSubscription {
  /**
   * Settles once the first asking is answered, taken or not (never rejects): a start waits for
   * no store that is away; the asking goes on behind it.
   */
  readonly ready: Promise<void>;
  /** Ends the subscription, or the asking for it. */
  close(): Promise<void>;
}

/**
 * Subscribes `listener` to `channel`, and where the store cannot take it now (Redis away, or
 * not answering, at the moment it is asked), says so once (`event`) and asks again every
 * `retryMs` until it can: one failed subscription at start would otherwise cost every message
 * from the other instances until a restart.
 */
export function keepSubscribed(
  store: KeyValueStore,
  channel: string,
  listener: (message: string) => void,
  options: { readonly logger?: Logger; readonly event: string; readonly retryMs?: number },
): KeptSubscription {
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;
  let told = false;
  const ready = new Promise<void>((resolve) => {
    const ask = () => {
      store.subscribe(channel, listener).then(
        (stop) => {
          if (closed) void stop().catch(() => {});
          else unsubscribe = stop;
          resolve();
        },
        (error: unknown) => {
          if (!told) {
            told = true;
            options.logger?.warn(options.event, {
              reason: error instanceof Error ? error.message : String(error),
            });
          }
          resolve();
          if (closed) return;
          timer = setTimeout(ask, options.retryMs ?? 5_000);
          (timer as { unref?: () => void }).unref?.();
        },
      );
    };
    ask();
  });
  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      await unsubscribe?.().catch(() => {});
    },
  };
}
