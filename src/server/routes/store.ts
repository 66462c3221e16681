import { Hono } from "hono";
import { withoutBidiControls as label } from "../../core";
import type { AppDeps } from "../app-deps";

/**
 * `GET /store`: what the widget shows before a purchase (name, currency, payment methods), the
 * names and labels without directional formatting characters (see `withoutBidiControls`).
 */
export function storeRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  routes.get("/store", async (context) => {
    const info = await deps.catalog.getStore();
    return context.json({
      name: label(info.name),
      currency: info.currency,
      mode: info.mode,
      platform: deps.platform.id,
      paymentMethods: info.paymentMethods.map((method) => ({
        id: method.id,
        label: label(method.label),
      })),
      coupons: deps.platform.capabilities.coupons,
    });
  });
  return routes;
}
