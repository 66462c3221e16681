import { Hono } from "hono";
import type { AppDeps } from "../app-deps";
import { ProblemError } from "../http/problem-error";

/** `POST /webhooks/:platform`: signature checked over the raw body by the platform's adapter. */
export function webhookRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  routes.post("/webhooks/:platform", async (context) => {
    if (
      context.req.param("platform") !== deps.platform.id ||
      !deps.platform.capabilities.webhooks
    ) {
      throw new ProblemError("not_found", 404, "No webhooks for this platform here");
    }
    const rawBody = await context.req.text();
    const event = await deps.platform.verifyWebhook({ headers: context.req.raw.headers, rawBody });
    if (!event) {
      deps.logger.warn("webhook_rejected", { platform: deps.platform.id });
      throw new ProblemError("unauthorized", 401, "The webhook signature does not verify");
    }
    deps.logger.info("webhook_received", {
      platform: deps.platform.id,
      type: event.type,
      ...(event.orderId ? { orderId: event.orderId } : {}),
    });
    if (event.orderId) deps.events.notify(event.orderId);
    return context.json({ received: true });
  });
  return routes;
}
