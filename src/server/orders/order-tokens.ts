import type { KeyValueStore } from "../store/key-value-store";
import {
  hmacSha256,
  randomBytes,
  sha256,
  timingSafeEqualText,
  toBase64Url,
  toHex,
} from "../web-crypto";

const tokenTtlMs = 90 * 24 * 60 * 60 * 1000;
const hash = async (token: string) => toHex(await sha256(token));
/** The store's own secret, which every instance sharing it makes the same tokens with. */
const secretKey = "order-token-secret";
const secretTtlMs = 10 * 365 * 24 * 60 * 60 * 1000;
const keyFor = (orderId: string) => `order-token:${orderId}`;
const ownerKey = (orderId: string) => `order-owner:${orderId}`;

/**
 * Order tokens: the capability to read one order. Only a hash is stored, so a leaked store does
 * not hand out anyone's license keys.
 */
export interface OrderTokens {
  /**
   * The token of `orderId` for the attempt of the Idempotency-Key `from`: made from that key and
   * the store's own secret, so that two holders of one key (one of them past its lock) answer
   * with one token, and no answer kept for the key holds a token that no longer reads the order.
   * Neither the key nor the token is stored; its hash is.
   */
  issue(orderId: string, from: string): Promise<string>;
  verify(orderId: string, token: string | undefined): Promise<boolean>;
  /** Whether a buyer holds a token for this order: it was given to an attempt. */
  issued(orderId: string): Promise<boolean>;
  /**
   * Gives the order to the attempt `owner` (its idempotency key's hash) for good, in one atomic
   * step: true when it is this attempt's, now or from before; false when another attempt has it.
   * A lost create is found by buyer, lines and time, so two attempts can find one order while
   * neither has answered yet: the first to claim it answers with it, and no buyer's token is
   * ever replaced by another attempt's.
   */
  claim(orderId: string, owner: string): Promise<boolean>;
}

export function createOrderTokens(store: KeyValueStore): OrderTokens {
  return {
    async issue(orderId, from) {
      let secret = await store.get(secretKey);
      if (secret === undefined) {
        await store.setIfAbsent(secretKey, toBase64Url(randomBytes(32)), secretTtlMs);
        secret = (await store.get(secretKey)) ?? "";
      }
      const token = toBase64Url(await hmacSha256(from, `${secret}:${orderId}`)).slice(0, 32);
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
    async claim(orderId, owner) {
      if (await store.setIfAbsent(ownerKey(orderId), owner, tokenTtlMs)) return true;
      return (await store.get(ownerKey(orderId))) === owner;
    },
  };
}
