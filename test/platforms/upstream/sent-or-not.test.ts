import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createUpstreamClient } from "../../../src/server/platforms/upstream/http-client";
import { UpstreamError } from "../../../src/server/platforms/upstream/upstream-error";
import { createCapturingLogger } from "../../factories/sandbox-app";
import { closedAfterEach } from "../../support/closed-after-each";
import { type FaultProxy, startFaultProxy } from "../../support/fault-proxy";
import { startFakeSellstein } from "../sellstein/fake-server";

/*
 * Whether a failed write may have happened decides whether an idempotency record may be cleared,
 * so the client must tell "never left" (refused) from "sent, no usable answer" (dropped, unreadable).
 */

const resources = closedAfterEach();

async function clientThroughProxy(): Promise<{
  proxy: FaultProxy;
  post: (schema?: z.ZodType) => Promise<UpstreamError>;
}> {
  const fake = await startFakeSellstein({ secretKey: "sk_test_x", businessId: "biz_abc123" });
  resources.push(fake);
  const proxy = await startFaultProxy(fake.baseUrl);
  resources.push(proxy);
  const client = createUpstreamClient({
    platform: "sellstein",
    baseUrl: proxy.url,
    headers: { authorization: "Bearer sk_test_x" },
    logger: createCapturingLogger(),
    retries: 0,
  });
  const post = async (schema: z.ZodType = z.object({ id: z.string() })) => {
    try {
      await client.request("POST", "business/biz_abc123/orders", schema, {
        json: {
          customer_email: "a@example.com",
          items: [{ product_id: "prod_xK9mZq2", quantity: 1 }],
        },
        createdId: (body) => {
          const id = (body as { id?: unknown } | undefined)?.id;
          return typeof id === "string" ? id : undefined;
        },
      });
    } catch (error) {
      if (error instanceof UpstreamError) return error;
      throw error;
    }
    throw new Error("expected the request to fail");
  };
  return { proxy, post };
}

describe("upstream client: was a failed request sent?", () => {
  it("knows a refused connection sent nothing", async () => {
    const { proxy, post } = await clientThroughProxy();
    await proxy.refuse();
    const error = await post();
    expect(error.failure).toBe("unavailable");
    expect(error.notSent).toBe(true);
  });

  it("knows a connection dropped after the platform answered may have written", async () => {
    const { proxy, post } = await clientThroughProxy();
    proxy.inject({ method: "POST", action: { kind: "drop-after-upstream" } });
    const error = await post();
    expect(error.failure).toBe("unavailable");
    expect(error.notSent).toBe(false);
    expect(proxy.forwarded({ method: "POST" })).toBe(1);
  });

  it("keeps a created order's id when the rest of the answer does not fit the schema", async () => {
    const { post } = await clientThroughProxy();
    const error = await post(z.object({ id: z.string(), surely_missing: z.string() }));
    expect(error.orderId).toMatch(/^ord_/);
    expect(error.notSent).toBe(false);
  });
});
