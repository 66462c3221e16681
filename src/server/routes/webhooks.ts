import { Hono } from "hono";
import type { AppDeps } from "../app-deps";
import { ProblemError } from "../http/problem-error";

/**
 * `POST /webhooks/:platform`: the signature is checked over the raw body by the platform's
 * adapter, and what each verdict answers is decided here, once for every platform. A correctly
 * signed body the proxy cannot read is acknowledged (so the platform does not retry it for hours)
 * and changes nothing; one warning says so, without the body.
 */
export function webhookRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  routes.post("/webhooks/:platform", async (context) => {
    const platform = deps.platform.id;
    if (context.req.param("platform") !== platform || !deps.platform.capabilities.webhooks) {
      throw new ProblemError("not_found", 404, "No webhooks for this platform here");
    }
    const rawBody = await context.req.text();
    const verdict = await deps.platform.verifyWebhook({
      headers: context.req.raw.headers,
      rawBody,
    });
    switch (verdict.kind) {
      case "refused":
        deps.logger.warn("webhook_rejected", { platform });
        throw new ProblemError("unauthorized", 401, "The webhook signature does not verify");
      case "unreadable":
        deps.logger.warn("webhook_unreadable", { platform, reason: verdict.reason });
        return context.json({ received: true });
      case "event": {
        const { event } = verdict;
        deps.logger.info("webhook_received", {
          platform,
          type: event.type,
          ...(event.orderId ? { orderId: event.orderId } : {}),
        });
        deps.forgetCached(event);
        if (event.orderId) deps.events.notify(event.orderId);
        return context.json({ received: true });
      }
      default: {
        const unknownVerdict: never = verdict;
        return unknownVerdict;
      }
    }
  });
  return routes;
}
