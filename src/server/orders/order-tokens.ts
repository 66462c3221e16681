import { timingSafeEqualText } from "../platforms/shared/webhook-signature";
import type { KeyValueStore } from "../store/key-value-store";

const tokenTtlMs = 90 * 24 * 60 * 60 * 1000;
const toHex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");
// Web Crypto rather than node:crypto, so the handler runs on any Web-standard runtime.
const hash = async (token: string) =>
  toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));
const newToken = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
};
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
      const token = newToken();
      await store.set(keyFor(orderId), await hash(token), tokenTtlMs);
      return token;
    },
    async verify(orderId, token) {
      if (!token || token.length > 200) return false;
      const stored = await store.get(keyFor(orderId));
      return stored !== undefined && timingSafeEqualText(stored, await hash(token));
    },
  };
}
