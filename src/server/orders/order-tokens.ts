import type { KeyValueStore } from "../store/key-value-store";
import { randomBytes, sha256, timingSafeEqualText, toBase64Url, toHex } from "../web-crypto";

const tokenTtlMs = 90 * 24 * 60 * 60 * 1000;
const hash = async (token: string) => toHex(await sha256(token));
const newToken = () => toBase64Url(randomBytes(24));
const keyFor = (orderId: string) => `order-token:${orderId}`;

/**
 * Order tokens: the capability to read one order. Only a hash is stored, so a leaked store does
 * not hand out anyone's license keys.
 */
export interface OrderTokens {
  issue(orderId: string): Promise<string>;
  verify(orderId: string, token: string | undefined): Promise<boolean>;
  /** Whether a buyer holds a token for this order: it was given to an attempt. */
  issued(orderId: string): Promise<boolean>;
}

export function createOrderTokens(store: KeyValueStore): OrderTokens {
  return {
    async issue(orderId) {
      const token = newToken();
      await store.set(keyFor(orderId), await hash(token), tokenTtlMs);
      return token;
    },
    async verify(orderId, token) {
      if (!token || token.length > 200) return false;
      const stored = await store.get(keyFor(orderId));
      return stored !== undefined && timingSafeEqualText(stored, await hash(token));
    },
    async issued(orderId) {
      return (await store.get(keyFor(orderId))) !== undefined;
    },
  };
}
