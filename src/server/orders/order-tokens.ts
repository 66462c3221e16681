import { createHash, randomBytes } from "node:crypto";
import { timingSafeEqualText } from "../platforms/shared/webhook-signature";
import type { KeyValueStore } from "../store/key-value-store";

const tokenTtlMs = 90 * 24 * 60 * 60 * 1000;
const hash = (token: string) => createHash("sha256").update(token).digest("hex");
const keyFor = (orderId: string) => `order-token:${orderId}`;

/**
 * Order tokens: the capability to read one order. Only a hash is stored, so a leaked store does
 * not hand out anyone's license keys.
 */
export interface OrderTokens {
  issue(orderId: string): Promise<string>;
  verify(orderId: string, token: string | undefined): Promise<boolean>;
}

export function createOrderTokens(store: KeyValueStore): OrderTokens {
  return {
    async issue(orderId) {
      const token = randomBytes(24).toString("base64url");
      await store.set(keyFor(orderId), hash(token), tokenTtlMs);
      return token;
    },
    async verify(orderId, token) {
      if (!token || token.length > 200) return false;
      const stored = await store.get(keyFor(orderId));
      return stored !== undefined && timingSafeEqualText(stored, hash(token));
    },
  };
}
