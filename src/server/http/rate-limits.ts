// The per-client limits a proxy counts: what each is, and the defaults.

/** At most `max` in each window of `windowMs`, per client. */
export interface Limit {
  readonly max: number;
  readonly windowMs: number;
}

/** Per-client limits; `undefined` turns one off. */
export interface RateLimits {
  /** Every API request (webhooks excepted). */
  readonly requests: Limit | undefined;
  /** Quotes and orders that carry a coupon code. */
  readonly couponQuotes: Limit | undefined;
  /** Coupon codes that turned out not to apply: guessing. */
  readonly couponFailures: Limit | undefined;
  /** Orders created (each one is an order on the platform). */
  readonly orders: Limit | undefined;
  /**
   * Product ids the platform was asked about and does not have (or hides): each one a call or a
   * catalog listing upstream that no cache can spare, since unknown ids are endless.
   */
  readonly unknownProducts: Limit | undefined;
  /**
   * Storefront pages (a page, search and category) that no cache holds: on platforms that page
   * and search upstream, each one is a platform call, and searches are endless.
   */
  readonly storefrontQueries: Limit | undefined;
  /** Order event streams open at once. */
  readonly streams: number | undefined;
}

const minute = 60_000;

/**
 * Generous enough that a real shop, even many buyers behind one office's address, does not meet
 * them; tight enough that one client cannot guess coupons or flood the platform with orders.
 */
export const defaultRateLimits: RateLimits = {
  requests: { max: 1_200, windowMs: minute },
  couponQuotes: { max: 60, windowMs: 10 * minute },
  couponFailures: { max: 15, windowMs: 10 * minute },
  orders: { max: 30, windowMs: 10 * minute },
  // Above a batch (100 ids) read cold, so one page of cards is never refused; a shop's own pages
  // name its products, which the platform has, so only a stale link or a guesser ever counts.
  unknownProducts: { max: 300, windowMs: 10 * minute },
  // A searching buyer asks a page every pause in typing; an office of them stays far below.
  storefrontQueries: { max: 1_200, windowMs: 10 * minute },
  streams: 20,
};
