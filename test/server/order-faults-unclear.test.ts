import { describe, expect, it } from "vitest";
import { problemSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { adapter as sellvyAdapter } from "../../src/server/platforms/sellvy";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";
import { startSellvyFake } from "../platforms/sellvy/fake-server";
import { sellvyTestSecrets } from "../platforms/sellvy/harness";
import { closedAfterEach } from "../support/closed-after-each";
import { startFaultProxy } from "../support/fault-proxy";

/*
 * A create whose answer was lost, on a platform whose order list shows one product and no
 * quantity (Sellvy's document): the retry cannot tell whether the order it finds is this
 * attempt's, and must neither take it for none (a second order) nor for the buyer's.
 */

const running = closedAfterEach();

describe("an unanswered create on a platform whose orders say too little (Sellvy, through a fault proxy)", () => {
  it("answers the retry that the order may have been placed, and never creates a second", async () => {
    const fake = await startSellvyFake({
      secretKey: sellvyTestSecrets.secretKey,
      documentOrders: true,
    });
    running.push(fake);
    const proxy = await startFaultProxy(fake.baseUrl);
    running.push(proxy);
    const logger = createCapturingLogger();
    const platform = sellvyAdapter.create({
      secretKey: sellvyTestSecrets.secretKey,
      apiBase: proxy.url,
      logger,
      upstream: { timeoutMs: 1500, backoffMs: 1, backoffLimitMs: 1 },
    });
    // Retries ask the platform at once, as they may once a create's time in flight has passed
    // (the wait itself: order-faults-in-flight.test.ts).
    const app = createApp({ platform, logger, idempotency: { inFlightMs: 0 } });
    const seeded = new Set(fake.orders.keys());
    const made = () => [...fake.orders.keys()].filter((id) => !seeded.has(id));
    const body = { items: [{ productId: "prod_abc123", quantity: 2 }], email: "buyer@example.com" };
    const key = newKey();
    const order = async () => {
      const response = await app.request("/api/orders", postJson(body, key));
      return { status: response.status, body: problemSchema.safeParse(await response.json()) };
    };

    proxy.inject({
      method: "POST",
      path: /\/orders$/,
      times: 1,
      action: { kind: "drop-after-upstream" },
    });
    const first = await order();
    expect(first.status).toBe(502);
    expect(made()).toHaveLength(1);

    for (const _retry of [1, 2]) {
      const retry = await order();
      expect(retry.status).toBe(502);
      expect(retry.body.data?.detail).toMatch(/may have been placed/);
    }
    expect(made()).toHaveLength(1);
    const unknown = logger.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.event === "order_outcome_unknown");
    expect(unknown.at(-1)).toMatchObject({
      level: "error",
      reason: expect.stringMatching(/may be this attempt's/),
    });
    expect(logger.lines.some((line) => line.includes('"order_attempt_created_nothing"'))).toBe(
      false,
    );
  });
});
