import type { z } from "zod";
import type { PlatformId } from "../../../core";
import type { KeyValueStore } from "../../store/key-value-store";
import { createMemoryStore } from "../../store/memory-store";
import type { PlatformOptions } from "../platform";

/**
 * How long what the proxy asked an order for is kept: as long as the buyer's order token (see
 * `orders/order-tokens.ts`), since the order page, its stream and a webhook's re-read may come
 * back to the order for that long (a receipt opened again weeks later, a payment settled days
 * after the create). One small value per created order, as the token itself is.
 */
const rememberedForMs = 90 * 24 * 60 * 60 * 1000;

/**
 * What an adapter learned while creating an order and the platform's order object does not repeat
 * (line ids, quantities), kept in the proxy's store so every instance sharing it reads the same.
 * Neither method rejects: the order exists upstream whatever happens here, so a store that fails
 * or a value that does not read costs the detail (the platform's own answer is shown), never the
 * order. Each failure is logged.
 */
export interface RememberedLines<V> {
  /** What was remembered for the order; `undefined` when nothing (readable) was. */
  get(orderId: string): Promise<V | undefined>;
  /** Remembers `value` for the order, replacing what was. */
  set(orderId: string, value: V): Promise<void>;
}

/**
 * Order lines remembered under `order-lines:<platform>:<orderId>`, as JSON, in `options.store`;
 * in a store of this adapter's own memory when none is given (one process, lost on restart).
 * What is read back is checked against `schema`: another instance, an older version or a hand
 * may have written it.
 */
export function createRememberedLines<V>(
  platform: PlatformId,
  schema: z.ZodType<V>,
  options: Pick<PlatformOptions, "store" | "logger">,
): RememberedLines<V> {
  const store: KeyValueStore = options.store ?? createMemoryStore();
  const { logger } = options;
  const keyOf = (orderId: string) => `order-lines:${platform}:${orderId}`;
  const reasonOf = (error: unknown) => (error instanceof Error ? error.message : "unknown");
  return {
    async get(orderId) {
      let text: string | undefined;
      try {
        text = await store.get(keyOf(orderId));
      } catch (error) {
        logger.warn("order_lines_unavailable", { platform, orderId, reason: reasonOf(error) });
        return undefined;
      }
      if (text === undefined) return undefined;
      const read = schema.safeParse(parseJson(text));
      if (read.success) return read.data;
      logger.warn("order_lines_unreadable", { platform, orderId });
      return undefined;
    },
    async set(orderId, value) {
      try {
        await store.set(keyOf(orderId), JSON.stringify(value), rememberedForMs);
      } catch (error) {
        logger.warn("order_lines_unsaved", { platform, orderId, reason: reasonOf(error) });
      }
    },
  };
}

/** The JSON in `text`, or `undefined` (which no lines schema takes) when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
