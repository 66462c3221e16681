/** Where a breaker stands: `closed` calls, `open` refuses, `half_open` lets one probe through. */
export type BreakerState = "closed" | "open" | "half_open";

/** A breaker's state as a health check reports it. */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  /** Failures in a row since the last success. */
  readonly consecutiveFailures: number;
  /** While open: seconds until a probe is let through. */
  readonly retryAfterSeconds?: number;
  /** When it last opened (epoch ms), if ever. */
  readonly openedAt?: number;
}

export interface BreakerOptions {
  /** Failures in a row that open the breaker. */
  readonly failureThreshold: number;
  /** How long it stays open before one probe is let through. */
  readonly openMs: number;
  readonly now: () => number;
  /** Told of every change of state, for the log. */
  readonly onChange?: (state: BreakerState, snapshot: BreakerSnapshot) => void;
}

/** What a breaker answers before a call: go ahead, or the seconds to wait. */
export type BreakerPermit =
  | { readonly allowed: true; readonly probe: boolean }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * A consecutive-failure circuit breaker: `failureThreshold` failures in a row open it for `openMs`;
 * then exactly one call at a time is let through as a probe, whose success closes it and whose
 * failure opens it again. A platform that asks to be left alone (429 with a wait) opens it for that
 * wait at once, so nothing calls it before the time it named.
 */
export class CircuitBreaker {
  #state: BreakerState = "closed";
  #failures = 0;
  #openedAt: number | undefined;
  #openUntil = 0;
  #probing = false;

  constructor(private readonly options: BreakerOptions) {}

  /** Asks before a call; a granted probe must be followed by `succeeded` or `failed`. */
  permit(): BreakerPermit {
    const now = this.options.now();
    if (this.#state === "open" && now >= this.#openUntil) this.#move("half_open");
    if (this.#state === "closed") return { allowed: true, probe: false };
    if (this.#state === "half_open" && !this.#probing) {
      this.#probing = true;
      return { allowed: true, probe: true };
    }
    return { allowed: false, retryAfterSeconds: this.#retryAfter(now) };
  }

  /** A call went through and the platform answered (any answer that is not its failure). */
  succeeded(): void {
    this.#failures = 0;
    this.#probing = false;
    if (this.#state !== "closed") this.#move("closed");
  }

  /** A call failed because of the platform; `waitMs` when the platform named how long to wait. */
  failed(waitMs?: number): void {
    const now = this.options.now();
    this.#failures += 1;
    const wasProbe = this.#probing;
    this.#probing = false;
    if (waitMs !== undefined && waitMs > 0) {
      this.#open(now, Math.max(waitMs, this.#state === "open" ? this.#openUntil - now : 0));
    } else if (wasProbe || this.#state === "half_open") {
      this.#open(now, this.options.openMs);
    } else if (this.#state === "closed" && this.#failures >= this.options.failureThreshold) {
      this.#open(now, this.options.openMs);
    }
  }

  /** A probe ended without telling anything about the platform (a 4xx, a not-found): let another. */
  released(): void {
    this.#probing = false;
  }

  snapshot(): BreakerSnapshot {
    const now = this.options.now();
    const state = this.#state === "open" && now >= this.#openUntil ? "half_open" : this.#state;
    return {
      state,
      consecutiveFailures: this.#failures,
      ...(state === "open" ? { retryAfterSeconds: this.#retryAfter(now) } : {}),
      ...(this.#openedAt === undefined ? {} : { openedAt: this.#openedAt }),
    };
  }

  #retryAfter(now: number): number {
    return Math.max(1, Math.ceil((this.#openUntil - now) / 1000));
  }

  #open(now: number, forMs: number): void {
    this.#openedAt = now;
    this.#openUntil = now + forMs;
    this.#move("open");
  }

  #move(state: BreakerState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.options.onChange?.(state, this.snapshot());
  }
}
