import { Hono } from "hono";
import type { AppDeps } from "../app-deps";

/** `GET /store`: what the widget shows before a purchase (name, currency, payment methods). */
export function storeRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  routes.get("/store", async (context) => {
    const info = await deps.catalog.getStore();
    return context.json({
      name: info.name,
      currency: info.currency,
      mode: info.mode,
      platform: deps.platform.id,
      paymentMethods: info.paymentMethods.map((method) => ({ id: method.id, label: method.label })),
      coupons: deps.platform.capabilities.coupons,
    });
  });
  return routes;
}
