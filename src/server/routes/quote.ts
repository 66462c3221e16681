import { Hono } from "hono";
import { quoteRequestSchema } from "../../core";
import type { AppDeps } from "../app-deps";
import { readBody } from "../http/request-body";
import { priceOrder } from "../orders/pricing";

/** `POST /quote`: the server's price for a would-be order, coupon included. */
export function quoteRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  routes.post("/quote", async (context) => {
    const request = await readBody(context, quoteRequestSchema);
    const { quote } = await priceOrder(
      deps.platform,
      request.items,
      request.coupon,
      new Date(deps.now()),
    );
    return context.json(quote);
  });
  return routes;
}
