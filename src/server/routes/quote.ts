import { Hono } from "hono";
import { quoteRequestSchema } from "../../core";
import type { AppDeps } from "../app-deps";
import { sendJson } from "../http/prepared-body";
import { readBody } from "../http/request-body";
import { clientLookup, priceOrder } from "../orders/pricing";

/** `POST /quote`: the server's price for a would-be order, coupon included. */
export function quoteRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  routes.post("/quote", async (context) => {
    // Also as `text/plain`: the widget's quotes then need no CORS preflight. A quote changes
    // nothing, so a request no preflight guarded can do no harm.
    const request = await readBody(context, quoteRequestSchema, true);
    const client = deps.clientOf(context);
    if (request.coupon !== undefined) await deps.limiter.take("couponQuotes", client);
    const giveBack =
      request.coupon === undefined ? undefined : await deps.limiter.couponAttempt(client);
    let couponFailed = false;
    try {
      const { quote } = await priceOrder(
        deps.platform,
        request.items,
        request.coupon,
        new Date(deps.now()),
        clientLookup(deps, client),
      );
      couponFailed = quote.coupon?.valid === false;
      return sendJson(context, quote);
    } finally {
      if (!couponFailed) await giveBack?.();
    }
  });
  return routes;
}
