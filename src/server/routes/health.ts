import { Hono } from "hono";
import type { AppDeps } from "../app-deps";

/** One thing `/readyz` reports: its state in a word, and whether that state is a healthy one. */
export interface ReadinessCheck {
  readonly state: string;
  readonly healthy: boolean;
}

/** Named readiness checks beyond the store and the platform's circuit breaker. */
export type Readiness = Readonly<Record<string, () => ReadinessCheck | Promise<ReadinessCheck>>>;

/**
 * `GET /healthz`: the process answers. `GET /readyz`: whether to send it traffic, with the
 * state of the store, of the platform's circuit breaker and of any other check. It turns 503 only while the server is stopping:
 * the store and the platform are shared by every instance, so taking instances out of a load
 * balancer for their failure would turn a partial outage (orders) into a full one (products).
 * They show as `"degraded"` instead, for monitoring.
 */
export function healthRoutes(deps: AppDeps, readiness: Readiness = {}): Hono {
  const routes = new Hono();
  routes.get("/healthz", (context) => context.json({ status: "ok" }));
  routes.get("/readyz", async (context) => {
    context.header("cache-control", "no-store");
    const checks: Record<string, string> = {};
    let healthy = true;
    const store = await deps.store.ping().then(
      () => "ok",
      () => "unavailable",
    );
    checks.store = store;
    if (store !== "ok") healthy = false;
    // The circuit breaker in front of the platform, when one guards it.
    const breaker = deps.upstreamBreaker();
    if (breaker) {
      checks.platform = breaker.state;
      if (breaker.state !== "closed") healthy = false;
    }
    for (const [name, check] of Object.entries(readiness)) {
      const result = await Promise.resolve()
        .then(check)
        .catch(() => ({ state: "unknown", healthy: false }));
      checks[name] = result.state;
      if (!result.healthy) healthy = false;
    }
    if (deps.shutdown.aborted) return context.json({ status: "stopping", checks }, 503);
    return context.json({ status: healthy ? "ready" : "degraded", checks });
  });
  return routes;
}
