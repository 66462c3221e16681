// One upstream call as the resilient platform makes it: refused while the circuit breaker is open, failed once the deadline passes.
import type { Logger } from "../../runtime/logger";
import { UpstreamError } from "../upstream/upstream-error";
import { CircuitBreaker } from "./circuit-breaker";
import type { ResilienceSettings } from "./settings";

/**
 * Failures that say the platform is unwell, as opposed to answers about the request itself. One
 * record of a whole answer that the proxy cannot read (a coupon a buyer names again and again)
 * is not: it must not shut the store for everyone, and waiting would not make it readable.
 */
function isPlatformFailure(error: unknown): error is UpstreamError {
  return (
    error instanceof UpstreamError &&
    !error.oneRecord &&
    (error.failure === "unavailable" || error.failure === "rate_limited")
  );
}

/**
 * The circuit breaker of one platform (`platformId`), and `guarded`, which makes each upstream
 * call through it, within `settings.deadlineMs` when `deadline` is set.
 */
export function createGuard(
  platformId: string,
  settings: Pick<ResilienceSettings, "breakerFailures" | "breakerOpenMs" | "deadlineMs">,
  now: () => number,
  logger: Logger,
) {
  const breaker = new CircuitBreaker({
    failureThreshold: settings.breakerFailures,
    openMs: settings.breakerOpenMs,
    now,
    onChange: (state, snapshot) => {
      const fields = { platform: platformId, ...snapshot };
      if (state === "open") logger.warn("upstream_breaker_open", fields);
      else logger.info(`upstream_breaker_${state}`, fields);
    },
  });

  /** One upstream call: refused while the breaker is open, failed once the deadline passes. */
  async function guarded<T>(call: () => Promise<T>, deadline: boolean): Promise<T> {
    const permit = breaker.permit();
    if (!permit.allowed) {
      throw new UpstreamError("unavailable", `${platformId} is failing; not called for now`, {
        retryAfter: permit.retryAfterSeconds,
        // Nothing left the proxy, so a refused create is certain to have made nothing.
        notSent: true,
      });
    }
    try {
      const result = await (deadline ? withinDeadline(call()) : call());
      breaker.succeeded();
      return result;
    } catch (error) {
      if (isPlatformFailure(error)) {
        breaker.failed(
          error.failure === "rate_limited" && error.retryAfter !== undefined
            ? error.retryAfter * 1000
            : undefined,
        );
      } else if (error instanceof UpstreamError) {
        // The platform answered (not found, refused): it is up.
        breaker.succeeded();
      } else {
        breaker.released();
      }
      throw error;
    }
  }

  function withinDeadline<T>(pending: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new UpstreamError(
            "unavailable",
            `${platformId} did not answer within ${settings.deadlineMs} ms`,
            { retryAfter: 5 },
          ),
        );
      }, settings.deadlineMs);
      timer.unref?.();
    });
    // The abandoned call still settles on its own (the upstream client's timeout bounds it).
    pending.catch(() => undefined);
    return Promise.race([pending, late]).finally(() => clearTimeout(timer));
  }

  return { guarded, breaker };
}
