import { Hono } from "hono";
import type { AppDeps } from "../app-deps";
import { ProblemError } from "../http/problem-error";
import { createWebhookGate, type WebhookAdmission } from "../orders/webhook-gate";

const admissionEvents: Record<WebhookAdmission, string> = {
  new: "webhook_received",
  replay: "webhook_replayed",
  backwards: "webhook_out_of_order",
};

/**
 * `POST /webhooks/:platform`: the signature is checked over the raw body by the platform's
 * adapter, and what each verdict answers is decided here, once for every platform. A correctly
 * signed body the proxy cannot read is acknowledged (so the platform does not retry it for hours)
 * and changes nothing; one warning says so, without the body. A verified event has its effect
 * once: a replay, or one that would move its order backwards, is acknowledged and ignored.
 */
export function webhookRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  const gate = createWebhookGate(deps.store, deps.platform.id);
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
        deps.logger.warn("webhook_rejected", {
          platform,
          ...(verdict.reason ? { reason: verdict.reason } : {}),
        });
        throw new ProblemError("unauthorized", 401, "The webhook signature does not verify");
      case "unreadable":
        deps.logger.warn("webhook_unreadable", { platform, reason: verdict.reason });
        return context.json({ received: true });
      case "event": {
        const { event } = verdict;
        // A replay or a status behind the order's is acknowledged so the platform stops sending it.
        const admission = await gate.admit(event, verdict.deliveryId, rawBody);
        deps.logger.info(admissionEvents[admission], {
          platform,
          type: event.type,
          ...(event.orderId ? { orderId: event.orderId } : {}),
        });
        if (admission === "new") {
          deps.forgetCached(event);
          if (event.orderId) deps.events.notify(event.orderId);
        }
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
