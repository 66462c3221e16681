import type { OrderEvents } from "./orders/order-events";
import type { OrderTokens } from "./orders/order-tokens";
import type { SellerPlatform } from "./platforms/platform";
import type { Logger } from "./runtime/logger";
import type { KeyValueStore } from "./store/key-value-store";

/** What every route is built from: passed in, never imported as a singleton. */
export interface AppDeps {
  readonly platform: SellerPlatform;
  readonly store: KeyValueStore;
  readonly logger: Logger;
  readonly tokens: OrderTokens;
  readonly events: OrderEvents;
  readonly renderMarkdown: (markdown: string) => string;
  readonly now: () => number;
  /** How often an order stream re-reads an order that no webhook has announced. */
  readonly orderPollMs: number;
  /** How long an order stream stays open at most. */
  readonly orderStreamMs: number;
}
