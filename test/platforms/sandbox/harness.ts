import { createSandboxPlatform } from "../../../src/server/platforms/sandbox";
import { demoCatalog } from "../../factories/sandbox-app";
import type { PlatformHarness } from "../harness";

const noUpstream = "the sandbox is in-process: there is no upstream to fail";

/** The embedded sandbox store, over the demo catalog. */
export const sandboxHarness: PlatformHarness = {
  id: "sandbox",
  skips: {
    upstream_errors: noUpstream,
    rate_limits: noUpstream,
    webhooks: "the sandbox settles orders on its own pay page and sends no webhooks",
  },
  async start() {
    const catalog = demoCatalog();
    const sandbox = createSandboxPlatform(catalog);
    const payTokens = new Map<string, string>();
    // Record each pay link as the buyer's browser would receive it.
    const platform = {
      ...sandbox,
      async createOrder(input: Parameters<typeof sandbox.createOrder>[0]) {
        const order = await sandbox.createOrder(input);
        const token = new URL(order.checkoutUrl ?? "", "http://sandbox").searchParams.get("token");
        if (token) payTokens.set(order.id, token);
        return order;
      },
    };
    const neverOrdered = catalog.products.filter((product) => product.id !== "pro-license");
    return {
      platform,
      fixtures: {
        visibleProductIds: ["pro-license", "setup-call"],
        hiddenProductId: "internal-beta",
        purchasable: { productId: "pro-license", quantity: 1 },
        coupons: {
          valid: "WELCOME10",
          expired: "EXPIRED",
          usedUp: "USEDUP",
          minOrder: "BIGSPENDER",
        },
        secretValues: neverOrdered.flatMap((product) => product.serials ?? []),
      },
      secrets: { secretKey: "", webhookSecret: "" },
      async completeOrder(orderId) {
        const order = sandbox.settle(orderId, payTokens.get(orderId) ?? "", "paid");
        if (order?.status !== "completed") throw new Error(`could not complete ${orderId}`);
      },
      webhookBody() {
        throw new Error(noUpstream);
      },
      signWebhook() {
        throw new Error(noUpstream);
      },
      upstreamWaits: () => [],
      rateLimitNext() {
        throw new Error(noUpstream);
      },
      failNext() {
        throw new Error(noUpstream);
      },
      requestCount: () => 0,
      async close() {},
    };
  },
};
