import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { RateLimiter } from "./rate-limit";

/** Requests counted against the general limit before they reached the router, and the outcome. */
const countedAhead = new WeakMap<Request, { readonly refused?: unknown }>();

/**
 * Says that `request` was counted against the general limit already, by a reader that answers
 * before the router and then handed it on (see `answerReadsFirst`): it is not counted again, and
 * a count that was refused (`refused`: the 429 problem, or whatever else counting threw) is
 * answered as if counted here.
 */
export function countedAlready(request: Request, refused?: unknown): void {
  countedAhead.set(request, refused === undefined ? {} : { refused });
}

/**
 * Counts every API request against the general limit, webhooks from the platform excepted: the
 * paths under `webhooks` (`/shop/api/webhooks/`), and no other path that merely holds the word.
 */
export function requestLimit(
  limiter: RateLimiter,
  clientOf: (context: Context) => string | undefined,
  webhooks: string,
) {
  return createMiddleware(async (context, next) => {
    const ahead = countedAhead.get(context.req.raw);
    if (ahead) {
      if ("refused" in ahead) throw ahead.refused;
    } else if (!context.req.path.startsWith(webhooks)) {
      await limiter.take("requests", clientOf(context));
    }
    await next();
  });
}
