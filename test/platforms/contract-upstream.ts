import { expect } from "vitest";
import type { problemSchema } from "../../src/core";
import type { createCapturingLogger } from "../factories/sandbox-app";
import type { ContractCase, PlatformHarness, StartedHarness } from "./harness";

type ProblemBody = ReturnType<typeof problemSchema.parse>;

/** What the contract suite shares with the cases kept in this file. */
export interface ContractContext {
  readonly harness: PlatformHarness;
  /** The harness started for the suite (set once its `beforeAll` has run). */
  readonly started: () => StartedHarness;
  /** Calls the proxy's fetch handler, keeping the body for the suite's secret check. */
  readonly call: (
    path: string,
    init?: RequestInit,
  ) => Promise<{ response: Response; text: string; json: () => unknown }>;
  /** Checks a problem+json answer of `status` and returns its body. */
  readonly problem: (result: { response: Response; text: string }, status: number) => ProblemBody;
  /** A case a platform may skip, with a reason. */
  readonly contractCase: (name: ContractCase, title: string, body: () => Promise<void>) => void;
  readonly logger: ReturnType<typeof createCapturingLogger>;
}

/**
 * The contract's cases about a failing or limiting upstream and about webhooks: the platform's
 * errors become the proxy's problems, its waits are honoured or passed on, and only a correctly
 * signed webhook is taken.
 */
export function describeUpstreamCases(context: ContractContext): void {
  const { harness, started, call, problem, contractCase, logger } = context;

  contractCase("upstream_errors", "turns an upstream 404 into a 404 problem", async () => {
    started().failNext(1, 404);
    problem(
      await call(`/api/products/${encodeURIComponent(started().fixtures.visibleProductIds[0])}`),
      404,
    );
  });

  contractCase(
    "upstream_errors",
    "turns a failing upstream into 503 upstream_unavailable with Retry-After",
    async () => {
      started().failNext(10, 500);
      const result = await call(
        `/api/products/${encodeURIComponent(started().fixtures.visibleProductIds[0])}`,
      );
      started().failNext(0, 500);
      const body = problem(result, 503);
      expect(body.type).toBe("upstream_unavailable");
      expect(Number(result.response.headers.get("retry-after"))).toBeGreaterThan(0);
    },
  );

  contractCase(
    "upstream_errors",
    "turns an upstream 400 into a problem without the upstream body",
    async () => {
      started().failNext(1, 400);
      const result = await call(
        `/api/products/${encodeURIComponent(started().fixtures.visibleProductIds[0])}`,
      );
      started().failNext(0, 400);
      // The platform refused a read the proxy made, which names nothing the caller could change:
      // the platform's doing (502), and no Retry-After, as no wait cures it.
      expect(problem(result, 502).type).toBe("upstream_unavailable");
      expect(result.response.headers.get("retry-after")).toBeNull();
    },
  );

  contractCase("rate_limits", "waits out a short Retry-After and answers", async () => {
    const waitsBefore = started().upstreamWaits().length;
    const requestsBefore = started().requestCount();
    started().rateLimitNext(1, { "Retry-After": "1" });
    const result = await call(
      `/api/products/${encodeURIComponent(started().fixtures.visibleProductIds[0])}`,
    );
    expect(result.response.status).toBe(200);
    // The one wait asked for is the platform's second, and the upstream was called after it.
    expect(started().upstreamWaits().slice(waitsBefore)).toEqual([1000]);
    expect(started().requestCount()).toBeGreaterThan(requestsBefore + 1);
  });

  contractCase(
    "rate_limits",
    "gives up on a long Retry-After with 503 and passes the wait on",
    async () => {
      started().rateLimitNext(1, { "Retry-After": "120" });
      const result = await call(
        `/api/products/${encodeURIComponent(started().fixtures.visibleProductIds[0])}`,
      );
      expect(problem(result, 503).type).toBe("upstream_unavailable");
      expect(Number(result.response.headers.get("retry-after"))).toBe(120);
    },
  );

  contractCase("rate_limits", "reads Retry-After as an HTTP date", async () => {
    const date = new Date(Date.now() + 300_000).toUTCString();
    started().rateLimitNext(1, { "Retry-After": date });
    const result = await call(
      `/api/products/${encodeURIComponent(started().fixtures.visibleProductIds[0])}`,
    );
    problem(result, 503);
    const wait = Number(result.response.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(290);
    expect(wait).toBeLessThanOrEqual(301);
  });

  contractCase("rate_limits", "reads X-RateLimit-Reset as epoch seconds", async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    started().rateLimitNext(1, {
      "X-RateLimit-Reset": String(reset),
      "X-RateLimit-Remaining": "0",
    });
    const result = await call(
      `/api/products/${encodeURIComponent(started().fixtures.visibleProductIds[0])}`,
    );
    problem(result, 503);
    const wait = Number(result.response.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(590);
    expect(wait).toBeLessThanOrEqual(601);
  });

  contractCase(
    "webhooks",
    "accepts a signed webhook and refuses a forged or unsigned one",
    async () => {
      const target = "ord_webhook_test";
      const body = started().webhookBody(target);
      const signed = { body, headers: started().signWebhook(body) };
      const accepted = await call(`/api/webhooks/${harness.id}`, {
        method: "POST",
        headers: signed.headers,
        body: signed.body,
      });
      expect(accepted.response.status).toBe(200);
      const forgedBody = signed.body.replace(target, `${target}x`);
      expect(forgedBody).not.toBe(signed.body);
      problem(
        await call(`/api/webhooks/${harness.id}`, {
          method: "POST",
          headers: signed.headers,
          body: forgedBody,
        }),
        401,
      );
      problem(
        await call(`/api/webhooks/${harness.id}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: signed.body,
        }),
        401,
      );
    },
  );

  /** `body` posted to the platform's webhook route, signed as the platform signs it. */
  const postSigned = (body: string) =>
    call(`/api/webhooks/${harness.id}`, {
      method: "POST",
      headers: started().signWebhook(body),
      body,
    });
  /** The log lines since line `before`, the access log's own line per request aside. */
  const loggedSince = (before: number) =>
    logger.lines
      .slice(before)
      .map((line) => JSON.parse(line) as { event: string; orderId?: string })
      .filter((line) => line.event !== "request");

  contractCase(
    "webhooks",
    "acknowledges a correctly signed but unreadable body, changes nothing and warns once",
    async () => {
      const before = logger.lines.length;
      for (const body of ["not json {", JSON.stringify({ unexpected: ["shape"] })]) {
        const result = await postSigned(body);
        expect(result.response.status).toBe(200);
        expect(result.json()).toEqual({ received: true });
      }
      const events = loggedSince(before);
      expect(events.map((line) => line.event)).toEqual([
        "webhook_unreadable",
        "webhook_unreadable",
      ]);
    },
  );

  contractCase(
    "webhooks",
    "has the effect of a signed delivery whose body carries constructor and __proto__ keys",
    async () => {
      // A platform's free-text keys (a custom field's) may be named so; refusing the delivery
      // would have the platform send it again and again until its effect is lost.
      const target = "ord_webhook_keys";
      const body = started()
        .webhookBody(target)
        .replace(/^\{/, '{"constructor":{"name":"x"},"__proto__":{"type":"refund"},');
      expect(body).toContain('"__proto__"');
      const before = logger.lines.length;
      const result = await postSigned(body);
      expect(result.response.status).toBe(200);
      expect(result.json()).toEqual({ received: true });
      const received = loggedSince(before);
      expect(received).toEqual([expect.objectContaining({ event: "webhook_received" })]);
      expect(received[0]?.orderId).toBe(target);
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    },
  );
}
