import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createdOrderSchema,
  orderSchema,
  problemSchema,
  productSchema,
  quoteSchema,
  storeSchema,
} from "../../src/core";
import { createApp } from "../../src/server/app";
import { createCapturingLogger, newKey, postJson } from "../factories/sandbox-app";
import { describeUpstreamCases } from "./contract-upstream";
import type { ContractCase, PlatformHarness, StartedHarness } from "./harness";

/**
 * The contract every platform adapter must pass, run through the proxy's real fetch handler
 * against the platform's fake upstream. Every response body and log line is kept and checked at
 * the end for the fake's secret values, the secret key and the webhook secret.
 */
export function describePlatformContract(harness: PlatformHarness): void {
  describe(`${harness.id}: the proxy contract`, () => {
    let started: StartedHarness;
    let app: ReturnType<typeof createApp>;
    const logger = createCapturingLogger();
    const bodies: string[] = [];

    beforeAll(async () => {
      started = await harness.start();
      // No read cache: the suite checks how each adapter maps the platform's own answers.
      app = createApp({ platform: started.platform, logger, orderPollMs: 50, resilience: false });
    });
    afterAll(async () => {
      await started?.close();
    });

    const call = async (path: string, init?: RequestInit) => {
      const response = await app.request(path, init);
      const text = await response.text();
      bodies.push(text, JSON.stringify([...response.headers]));
      return { response, text, json: () => JSON.parse(text) as unknown };
    };
    const problem = (result: { response: Response; text: string }, status: number) => {
      expect(result.response.status).toBe(status);
      expect(result.response.headers.get("content-type")).toContain("application/problem+json");
      const body = problemSchema.parse(JSON.parse(result.text));
      expect(body.status).toBe(status);
      expect(result.text).not.toMatch(/\bat .*\(.*:\d+:\d+\)|node_modules|Error:/);
      return body;
    };
    const skip = (name: ContractCase) => harness.skips?.[name];
    const contractCase = (name: ContractCase, title: string, body: () => Promise<void>) => {
      const reason = skip(name);
      if (reason) it.skip(`${title} (skipped: ${reason})`, body);
      else it(title, body);
    };
    const quoteBody = () => {
      const line = started.fixtures.purchasable;
      return { items: [{ ...line }] };
    };

    it("serves the store", async () => {
      const result = await call("/api/store");
      expect(result.response.status).toBe(200);
      const store = storeSchema.parse(result.json());
      expect(store.platform).toBe(harness.id);
      expect(store.coupons).toBe(started.platform.capabilities.coupons);
    });

    it("lists the visible products across every storefront page", async () => {
      const seen = new Set<string>();
      let page = 1;
      let pageCount = 1;
      do {
        const result = await call(`/api/products?page=${page}&limit=2`);
        expect(result.response.status).toBe(200);
        const body = result.json() as { data: unknown[]; page: number; pageCount: number };
        expect(body.page).toBe(page);
        for (const item of body.data) seen.add(productSchema.parse(item).id);
        pageCount = body.pageCount;
        page += 1;
      } while (page <= pageCount && page < 50);
      for (const id of started.fixtures.visibleProductIds) expect(seen).toContain(id);
      if (started.fixtures.hiddenProductId)
        expect(seen).not.toContain(started.fixtures.hiddenProductId);
    });

    it("serves a batch of products by id, in the order asked", async () => {
      const [first, second] = started.fixtures.visibleProductIds;
      const hidden = started.fixtures.hiddenProductId;
      const ids = [second, first, "no-such-product-42", ...(hidden ? [hidden] : [])];
      const result = await call(`/api/products?ids=${ids.map(encodeURIComponent).join(",")}`);
      expect(result.response.status).toBe(200);
      const body = result.json() as { data: unknown[] };
      expect(body.data.map((item) => productSchema.parse(item).id)).toEqual([second, first]);
    });

    it("serves one product with an ETag, and 304 when it has not changed", async () => {
      const [first] = started.fixtures.visibleProductIds;
      const result = await call(`/api/products/${encodeURIComponent(first)}`);
      expect(result.response.status).toBe(200);
      const product = productSchema.parse(result.json());
      expect(product.id).toBe(first);
      expect(Number.isInteger(product.price.amount)).toBe(true);
      const etag = result.response.headers.get("etag");
      expect(etag).toBeTruthy();
      const again = await call(`/api/products/${encodeURIComponent(first)}`, {
        headers: { "if-none-match": etag ?? "" },
      });
      expect(again.response.status).toBe(304);
    });

    contractCase("hidden_products", "keeps hidden products hidden", async () => {
      const hidden = started.fixtures.hiddenProductId;
      expect(hidden).toBeDefined();
      problem(await call(`/api/products/${encodeURIComponent(hidden ?? "")}`), 404);
    });

    it("answers 404 problem+json for an unknown product", async () => {
      problem(await call("/api/products/no-such-product-42"), 404);
    });

    it("quotes without a coupon from the platform's prices", async () => {
      const result = await call("/api/quote", postJson(quoteBody()));
      expect(result.response.status).toBe(200);
      const quote = quoteSchema.parse(result.json());
      const [line] = quote.lines;
      expect(line?.total.amount).toBe(
        (line?.unitPrice.amount ?? 0) * started.fixtures.purchasable.quantity,
      );
      expect(quote.discount.amount).toBe(0);
      expect(quote.total).toEqual(quote.subtotal);
    });

    it("refuses a price sent by the browser with 400", async () => {
      const body = {
        items: [{ ...started.fixtures.purchasable, price: { amount: 1, currency: "USD" } }],
      };
      const result = problem(await call("/api/quote", postJson(body)), 400);
      expect(result.errors?.["items.0.price"]).toBeDefined();
    });

    if (harness.skips?.coupons === undefined) {
      it("quotes a coupon the way the platform's rules say, or says it cannot", async () => {
        const code = started.fixtures.coupons?.valid ?? "ANYCODE";
        const result = await call("/api/quote", postJson({ ...quoteBody(), coupon: code }));
        expect(result.response.status).toBe(200);
        const quote = quoteSchema.parse(result.json());
        if (started.platform.capabilities.coupons) {
          expect(quote.coupon).toEqual({ code, valid: true });
          expect(quote.discount.amount).toBeGreaterThan(0);
          expect(quote.discount.amount).toBeLessThanOrEqual(quote.subtotal.amount);
          expect(quote.total.amount).toBe(quote.subtotal.amount - quote.discount.amount);
        } else {
          expect(quote.coupon).toEqual({ code, valid: false, reason: "not_applicable" });
          expect(quote.total).toEqual(quote.subtotal);
        }
      });
    } else {
      it.skip(`quotes a coupon (skipped: ${harness.skips.coupons})`, () => {});
    }

    const couponReason = (
      name: ContractCase,
      key: "expired" | "usedUp" | "minOrder",
      reason: string,
    ) =>
      contractCase(name, `says why a coupon does not apply: ${reason}`, async () => {
        const code = started.fixtures.coupons?.[key];
        expect(code, `fixtures.coupons.${key}`).toBeDefined();
        const result = await call("/api/quote", postJson({ ...quoteBody(), coupon: code }));
        const quote = quoteSchema.parse(result.json());
        const { minimum, ...said } = quote.coupon ?? {};
        expect(said).toEqual({ code, valid: false, reason });
        expect(quote.discount.amount).toBe(0);
        // A code's minimum is said with it, in the order's currency, above what the order is.
        if (reason === "min_order") {
          expect(minimum?.currency).toBe(quote.subtotal.currency);
          expect(minimum?.amount).toBeGreaterThan(quote.subtotal.amount);
        } else {
          expect(minimum).toBeUndefined();
        }
      });
    couponReason("coupon_expired", "expired", "expired");
    couponReason("coupon_used_up", "usedUp", "used_up");
    couponReason("coupon_min_order", "minOrder", "min_order");

    if (harness.skips?.coupons === undefined) {
      it("says an unknown coupon is not found, or not applicable where there are no coupons", async () => {
        const result = await call(
          "/api/quote",
          postJson({ ...quoteBody(), coupon: "NO-SUCH-CODE-77" }),
        );
        const quote = quoteSchema.parse(result.json());
        const reason = started.platform.capabilities.coupons ? "not_found" : "not_applicable";
        expect(quote.coupon).toEqual({ code: "NO-SUCH-CODE-77", valid: false, reason });
      });
    }

    /** Creates an order for the purchasable line, as a buyer would, and checks the answer. */
    const createOrder = async (key: string, body: Record<string, unknown>) => {
      const result = await call("/api/orders", postJson(body, key));
      expect(result.response.status).toBe(201);
      const created = createdOrderSchema.parse(result.json());
      // A payment link is always http(s); without one the buyer is told the platform emails it.
      if (created.checkoutUrl === undefined) expect(created.payment).toBe("email");
      else expect(new URL(created.checkoutUrl).protocol).toMatch(/^https?:$/);
      return created;
    };
    const buyerOrder = () => ({ ...quoteBody(), email: "buyer@example.com" });

    contractCase(
      "orders",
      "creates an order once per idempotency key and reads it with its token",
      async () => {
        const key = newKey();
        const body = buyerOrder();
        const created = await createOrder(key, body);
        const again = await call("/api/orders", postJson(body, key));
        expect(again.response.status).toBe(201);
        expect(createdOrderSchema.parse(again.json()).id).toBe(created.id);
        const other = await call(
          "/api/orders",
          postJson({ ...body, email: "other@example.com" }, key),
        );
        problem(other, 409);
        const orderId = created.id;

        const read = await call(`/api/orders/${encodeURIComponent(orderId)}`, {
          headers: { authorization: `Bearer ${created.token}` },
        });
        expect(read.response.status).toBe(200);
        const order = orderSchema.parse(read.json());
        expect(order.id).toBe(orderId);
        expect(order.deliveredItems).toBeUndefined();
        problem(await call(`/api/orders/${encodeURIComponent(orderId)}`), 404);
        problem(
          await call(`/api/orders/${encodeURIComponent(orderId)}`, {
            headers: { authorization: "Bearer not-the-token" },
          }),
          404,
        );
      },
    );

    contractCase(
      "delivered_goods",
      "shows the delivered goods once the platform completes the order",
      async () => {
        const created = await createOrder(newKey(), buyerOrder());
        await started.completeOrder(created.id);
        const read = await call(`/api/orders/${encodeURIComponent(created.id)}`, {
          headers: { authorization: `Bearer ${created.token}` },
        });
        const order = orderSchema.parse(read.json());
        expect(order.status).toBe("completed");
        expect(order.deliveredItems?.length ?? 0).toBeGreaterThan(0);
      },
    );

    contractCase("orders", "needs an Idempotency-Key to create an order", async () => {
      const result = await call(
        "/api/orders",
        postJson({ ...quoteBody(), email: "buyer@example.com" }),
      );
      const body = problem(result, 400);
      expect(body.errors?.["Idempotency-Key"]).toBeDefined();
    });

    describeUpstreamCases({
      harness,
      started: () => started,
      call,
      problem,
      contractCase,
      logger,
    });

    it("never puts a secret value, the secret key or the webhook secret in a response or a log line", () => {
      expect(bodies.length).toBeGreaterThan(10);
      const everything = `${bodies.join("\n")}\n${logger.lines.join("\n")}`;
      const secrets = [
        ...started.fixtures.secretValues,
        started.secrets.secretKey,
        started.secrets.webhookSecret,
      ].filter((value) => value.length > 0);
      for (const secret of secrets) expect(everything).not.toContain(secret);
    });
  });
}
