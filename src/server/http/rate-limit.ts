import type { Logger } from "../runtime/logger";
import type { CounterState, KeyValueStore } from "../store/key-value-store";
import { StoreUnavailableError } from "../store/store-unavailable-error";
import { siteOf } from "./client-address";
import { ProblemError } from "./problem-error";
import type { Limit, RateLimits } from "./rate-limits";

const minute = 60_000;

/**
 * Applies the limits to a client, counting in the shared store. A client that cannot be told
 * apart (`undefined`: no peer address) is not limited: one bucket for every buyer would let one
 * guesser lock every buyer out.
 */
export interface RateLimiter {
  /**
   * Counts one request; over the limit it throws a 429 problem with `Retry-After`. Call the
   * returned function to give it back (an order that was never sent after all).
   */
  take(
    kind: "requests" | "couponQuotes" | "orders" | "storefrontQueries",
    client: string | undefined,
  ): Promise<() => Promise<void>>;
  /**
   * Counts a coupon attempt before the code is checked (so parallel guesses all count); call
   * the returned function to give it back when the code applied or was never checked.
   */
  couponAttempt(client: string | undefined): Promise<() => Promise<void>>;
  /**
   * Counts `count` product ids the platform is about to be asked about (so parallel reads all
   * count); call the returned function with how many of them it had, or with `count` when the
   * read failed, to give those back. Over the limit it throws a 429 problem and counts none.
   */
  productLookups(
    client: string | undefined,
    count: number,
  ): Promise<(givenBack: number) => Promise<void>>;
  /** Holds one of the client's stream places until the returned function is called. */
  openStream(client: string | undefined, maxLifetimeMs: number): Promise<() => Promise<void>>;
}

const messages = {
  requests: "Too many requests from this address",
  couponQuotes: "Too many coupon checks from this address",
  couponFailures: "Too many coupon codes that do not apply",
  orders: "Too many orders from this address",
  unknownProducts: "Too many unknown product ids from this address",
  storefrontQueries: "Too many storefront searches and pages from this address",
  streams: "Too many open order streams from this address",
} as const;

function tooMany(kind: keyof typeof messages, resetInMs: number): ProblemError {
  const seconds = Math.max(1, Math.ceil(resetInMs / 1000));
  return new ProblemError(
    "rate_limited",
    429,
    `${messages[kind]}; try again in ${seconds} seconds`,
    { retryAfter: seconds },
  );
}

/**
 * How many clients' worth of each limit an IPv6 /48 may spend in all. A client is an IPv6 /64
 * (see `normalizeAddress`), and one holder of a /48 (a server's block, a site) has 65,536 of
 * them: counted by its /64s alone, it would take a fresh limit with each.
 */
export const ipv6SiteShare = 16;

/** The give-back of nothing counted. */
const none = async (): Promise<void> => {};

export function createRateLimiter(
  store: KeyValueStore,
  limits: RateLimits,
  logger: Logger,
): RateLimiter {
  let lastWarning = 0;
  const counterKey = (kind: string, client: string) => `limit:${kind}:${client}`;

  /**
   * Adds `amount` to the client's counter of `kind`, and to its /48's (see `ipv6SiteShare`):
   * whether either is past its limit, when the one past it resets, and how to take it back.
   */
  async function add(kind: string, limit: Limit, client: string, amount: number) {
    const key = counterKey(kind, client);
    const takeBack = (counter: string, taken: number) =>
      store.addToCounter(counter, -taken, limit.windowMs).then(
        () => undefined,
        () => undefined,
      );
    const site = siteOf(client);
    if (site === undefined) {
      const own = await store.addToCounter(key, amount, limit.windowMs);
      return {
        over: own.count > limit.max,
        resetInMs: own.resetInMs,
        back: (taken: number) => takeBack(key, taken),
      };
    }
    const siteKey = counterKey(kind, site);
    const [own, shared] = await Promise.all([
      store.addToCounter(key, amount, limit.windowMs),
      store.addToCounter(siteKey, amount, limit.windowMs),
    ]);
    const siteOver = shared.count > limit.max * ipv6SiteShare;
    return {
      over: own.count > limit.max || siteOver,
      resetInMs: siteOver ? shared.resetInMs : own.resetInMs,
      back: async (taken: number) => {
        await Promise.all([takeBack(key, taken), takeBack(siteKey, taken)]);
      },
    };
  }

  /**
   * A count the store failed to take: the limits on reads must not take product reads down with
   * the store, and are skipped; the others guard requests that need the store anyway, so their
   * failure stands.
   */
  function storeFailed(kind: string, error: unknown): typeof none {
    if (kind !== "requests" && kind !== "storefrontQueries") throw error;
    skipped(error);
    return none;
  }

  /** A limit that must not take product reads down with the store: skipped, said once a minute. */
  function skipped(error: unknown): void {
    if (Date.now() - lastWarning > minute) {
      lastWarning = Date.now();
      logger.warn("rate_limit_skipped", {
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Counts `count` attempts before they are checked; the returned function gives back those that
   * turned out not to count. Over the limit, throws 429 (giving the attempts back when `refund`).
   */
  async function attempt(
    kind: "couponFailures" | "unknownProducts",
    limit: Limit,
    client: string,
    count: number,
    refund: boolean,
  ): Promise<(givenBack: number) => Promise<void>> {
    const state = await add(kind, limit, client, count);
    let left = count;
    const giveBack = async (amount: number) => {
      const back = Math.min(Math.max(0, amount), left);
      if (back === 0) return;
      left -= back;
      await state.back(back);
    };
    if (state.over) {
      if (refund) await giveBack(count);
      throw tooMany(kind, state.resetInMs);
    }
    return giveBack;
  }

  return {
    async take(kind, client) {
      const limit = limits[kind];
      if (!limit || client === undefined) return none;
      if (siteOf(client) === undefined) {
        // Most clients, on every API request: their one counter, and nothing made besides.
        const key = counterKey(kind, client);
        let own: CounterState;
        try {
          own = await store.addToCounter(key, 1, limit.windowMs);
        } catch (error) {
          return storeFailed(kind, error);
        }
        if (own.count > limit.max) throw tooMany(kind, own.resetInMs);
        let given = false;
        return async () => {
          if (given) return;
          given = true;
          await store.addToCounter(key, -1, limit.windowMs).catch(() => undefined);
        };
      }
      let state: Awaited<ReturnType<typeof add>>;
      try {
        state = await add(kind, limit, client, 1);
      } catch (error) {
        return storeFailed(kind, error);
      }
      if (state.over) throw tooMany(kind, state.resetInMs);
      let given = false;
      return async () => {
        if (given) return;
        given = true;
        await state.back(1);
      };
    },

    async couponAttempt(client) {
      const limit = limits.couponFailures;
      if (!limit || client === undefined) return async () => {};
      // A refused guess still counts: guessing on past the limit keeps the client out.
      const giveBack = await attempt("couponFailures", limit, client, 1, false);
      return () => giveBack(1);
    },

    async productLookups(client, count) {
      const limit = limits.unknownProducts;
      if (!limit || client === undefined || count === 0) return async () => {};
      try {
        // A refused read asks the platform nothing, so it leaves the count as it was.
        return await attempt("unknownProducts", limit, client, count, true);
      } catch (error) {
        if (error instanceof ProblemError) throw error;
        skipped(error);
        return async () => {};
      }
    },

    async openStream(client, maxLifetimeMs) {
      const max = limits.streams;
      if (max === undefined || client === undefined) return async () => {};
      // The places live as long as the longest stream, so an instance that dies without
      // closing its streams holds them no longer than they could have lasted.
      const windowMs = maxLifetimeMs + minute;
      // Not the `limit:streams:` counter earlier versions kept: on that key Redis would refuse a
      // set's commands, and every stream of the client, until the counter expired.
      const key = counterKey("stream-places", client);
      // A token of this stream's own, so the store counts its place once however often a
      // command carrying it arrives (one whose reply was lost with its connection is sent again
      // on the next), where a +1 or -1 sent twice would count twice.
      const place = crypto.randomUUID();
      const giveUpAt = Date.now() + windowMs;
      // A place given back while the store is away is given back again until the store takes
      // it: lost, it would stay taken for the whole window. Removing a token twice removes it
      // once, so a give-back that timed out, and may have run, is sent again too.
      const release = async (): Promise<void> => {
        try {
          await store.removeFromSet(key, place);
        } catch {
          if (Date.now() < giveUpAt) {
            const retry = setTimeout(() => void release(), 2_000);
            (retry as { unref?: () => void }).unref?.();
          }
        }
      };
      let count: number;
      try {
        count = await store.addToSet(key, place, windowMs);
      } catch (error) {
        // A take that may have reached the store may have counted: its place is given back, as
        // an ended stream's is, while the request fails.
        if (!(error instanceof StoreUnavailableError && error.unsent)) void release();
        throw error;
      }
      if (count > max) {
        await release();
        throw tooMany("streams", 30_000);
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await release();
      };
    },
  };
}
