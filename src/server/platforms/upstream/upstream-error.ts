/** How an upstream call failed, in the words the proxy maps to problem types. */
export type UpstreamFailure =
  /** Network error, timeout, 5xx, or a response that does not match the documented shape. */
  | "unavailable"
  /** 429 from the platform, with a wait longer than the request can afford. */
  | "rate_limited"
  /** The platform says the thing does not exist. */
  | "not_found"
  /** The platform refused the request as invalid (4xx validation). */
  | "rejected"
  /** The platform refused the proxy's key: a configuration problem, never the buyer's. */
  | "unauthorized";

/**
 * An upstream platform call failed. The message is written by the adapter and never contains an
 * upstream body, a secret or a serial key; the proxy turns this into problem+json.
 */
export class UpstreamError extends Error {
  override name = "UpstreamError";
  readonly failure: UpstreamFailure;
  readonly status: number | undefined;
  /** Seconds the platform asked us to wait, when it said. */
  readonly retryAfter: number | undefined;
  /** Contract field paths the platform refused, when they can be mapped. */
  readonly fields: Readonly<Record<string, string>> | undefined;
  /**
   * Certain the request never reached the platform (the connection was refused or the host not
   * found), so a write cannot have happened. False when it may have: a timeout, a dropped
   * connection, an unreadable body.
   */
  readonly notSent: boolean;
  /** An order the platform created before the failure (its id read leniently from the answer). */
  readonly orderId: string | undefined;
  /**
   * The platform answered, but in words the adapter cannot read (a shape or an amount it does not
   * take): asking again soon gets the same answer, so waiting for it is no use.
   */
  readonly unreadable: boolean;
  /**
   * What the proxy cannot read is one record of an answer the platform gave whole (a coupon of
   * its list): the platform is well, and its circuit breaker does not count it.
   */
  readonly oneRecord: boolean;

  constructor(
    failure: UpstreamFailure,
    message: string,
    options: {
      status?: number;
      retryAfter?: number;
      fields?: Record<string, string>;
      cause?: unknown;
      notSent?: boolean;
      orderId?: string;
      unreadable?: boolean;
      oneRecord?: boolean;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.failure = failure;
    this.status = options.status;
    this.retryAfter = options.retryAfter;
    this.fields = options.fields;
    this.notSent = options.notSent ?? false;
    this.orderId = options.orderId;
    this.unreadable = options.unreadable ?? false;
    this.oneRecord = options.oneRecord ?? false;
  }
}
