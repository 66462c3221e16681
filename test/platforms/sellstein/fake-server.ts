import type { Context } from "hono";
import { createFakeUpstream, type InjectedStatus } from "../fake-upstream";
import {
  type FakeOrder,
  type FakeProduct,
  seedOrders,
  seedProducts,
  sellsteinErrorBody,
} from "./fake-data";

/*
 * A fake SellStein on loopback, built from the API document's own examples: its product and order
 * objects, its `{ products, pagination }` envelope, its error bodies, its Bearer auth and its
 * X-RateLimit-* headers. It answers over real HTTP so the adapter's whole stack is exercised.
 */

export interface FakeSellsteinOptions {
  readonly secretKey: string;
  readonly businessId: string;
  readonly products?: FakeProduct[];
  /** The largest page the fake serves; the document's is 100. Smaller forces more pages. */
  readonly pageSizeCap?: number;
  /** Adds an (undocumented) `checkout_url` to created orders. */
  readonly checkoutUrls?: boolean;
}

export interface FakeSellstein {
  /** The API base, the host as the document's examples call it (no `/v1`). */
  readonly baseUrl: string;
  readonly products: FakeProduct[];
  readonly orders: Map<string, FakeOrder>;
  /** Every request the fake received: method, path and query string. */
  readonly requests: { method: string; path: string; query: string; body?: unknown }[];
  /** The next `times` requests answer 429 with these headers (replacing any still queued). */
  rateLimitNext(times: number, headers: Record<string, string>): void;
  /** The next `times` requests answer the document's error body (replacing any still queued). */
  failNext(times: number, status: InjectedStatus): void;
  setOrderStatus(orderId: string, status: FakeOrder["status"]): void;
  close(): Promise<void>;
}

const toCents = (value: number) => Math.round(value * 100);

export async function startFakeSellstein(options: FakeSellsteinOptions): Promise<FakeSellstein> {
  const products = options.products ?? seedProducts();
  const orders = new Map(seedOrders().map((order) => [order.id, order]));
  const requests: FakeSellstein["requests"] = [];
  const cap = options.pageSizeCap ?? 100;
  let remaining = 120;
  let nextOrderNumber = 1043;

  const fail = (c: Context, status: number, details?: { field: string; issue: string }[]) =>
    c.json(sellsteinErrorBody(status, details), status as 400);

  const fake = createFakeUpstream({
    basePath: "",
    async onRequest(c) {
      const url = new URL(c.req.url);
      const body = c.req.method === "GET" ? undefined : await c.req.json().catch(() => undefined);
      requests.push({ method: c.req.method, path: url.pathname, query: url.search, body });
      remaining = Math.max(0, remaining - 1);
    },
    errorResponse(c, status, headers) {
      if (status === 400) return fail(c, 400);
      if (status !== 429) return fail(c, status, []);
      c.header("X-RateLimit-Limit", "120");
      c.header("X-RateLimit-Remaining", "0");
      const says = Object.keys(headers).map((name) => name.toLowerCase());
      if (!says.includes("retry-after") && !says.includes("x-ratelimit-reset")) {
        c.header("X-RateLimit-Reset", String(Math.ceil(Date.now() / 1000) + 1));
      }
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      return fail(c, 429, []);
    },
    authorized: (c) => c.req.header("authorization") === `Bearer ${options.secretKey}`,
  });
  const app = fake.app;
  app.use("*", async (c, next) => {
    await next();
    // The window headers ride on successful answers. They are left off other errors so that a
    // window reset a minute away is never read as "retry this 500 in a minute".
    if (c.res.status < 400) {
      c.res.headers.set("X-RateLimit-Limit", "120");
      c.res.headers.set("X-RateLimit-Remaining", String(remaining));
      c.res.headers.set("X-RateLimit-Reset", String(Math.ceil(Date.now() / 60_000) * 60));
    }
  });

  app.use("/business/:bizId/*", async (c, next) => {
    if (c.req.param("bizId") !== options.businessId) return fail(c, 403, []);
    await next();
  });

  app.get("/business/:bizId/products", (c) => {
    const page = Math.max(1, Number(c.req.query("page") ?? 1) || 1);
    const limit = Math.min(cap, Math.max(1, Number(c.req.query("limit") ?? 25) || 25));
    const { status, search, category } = c.req.query();
    const matching = products.filter(
      (p) =>
        (!status || p.status === status) &&
        (!category || p.category === category) &&
        (!search || p.name.toLowerCase().includes(search.toLowerCase())),
    );
    const total = matching.length;
    return c.json({
      products: matching.slice((page - 1) * limit, page * limit),
      pagination: { page, limit, total, total_pages: Math.ceil(total / limit) },
    });
  });

  app.post("/business/:bizId/orders", async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as
      | { customer_email?: unknown; items?: { product_id?: unknown; quantity?: unknown }[] }
      | undefined;
    if (typeof body?.customer_email !== "string" || !body.customer_email.includes("@")) {
      return fail(c, 400, [{ field: "customer_email", issue: "Must be a valid email address" }]);
    }
    if (!Array.isArray(body.items) || body.items.length === 0) {
      return fail(c, 400, [{ field: "items", issue: "At least one item is required" }]);
    }
    const lines: FakeOrder["items"] = [];
    for (const [index, item] of body.items.entries()) {
      const product = products.find((p) => p.id === item.product_id && p.status === "active");
      if (!product) {
        return fail(c, 400, [{ field: `items[${index}].product_id`, issue: "Unknown product" }]);
      }
      const quantity = item.quantity;
      if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1) {
        return fail(c, 400, [{ field: `items[${index}].quantity`, issue: "Must be at least 1" }]);
      }
      if (product.stock !== -1 && quantity > product.stock) {
        return fail(c, 400, [{ field: `items[${index}].quantity`, issue: "Exceeds stock" }]);
      }
      const variantName = (item as { variant?: unknown }).variant;
      const variant = product.variants?.find((v) => v.name === variantName);
      if (variantName !== undefined && !variant) {
        return fail(c, 400, [{ field: `items[${index}].variant`, issue: "Unknown variant" }]);
      }
      lines.push({
        product_id: product.id,
        product_name: product.name,
        quantity,
        unit_price: variant?.price ?? product.price,
        ...(variant ? { variant: variant.name } : {}),
      });
    }
    const id = `ord_${Math.random().toString(36).slice(2, 9)}`;
    const cents = lines.reduce((sum, line) => sum + toCents(line.unit_price) * line.quantity, 0);
    const order: FakeOrder = {
      id,
      order_number: nextOrderNumber++,
      status: "pending",
      customer_email: body.customer_email,
      total: cents / 100,
      currency: products[0]?.currency ?? "USD",
      payment_provider: "stripe",
      items: lines,
      created_at: new Date().toISOString(),
      ...(options.checkoutUrls ? { checkout_url: `https://pay.sellstein.com/${id}` } : {}),
    };
    orders.set(id, order);
    return c.json(order, 201);
  });

  // The list filters by customer email (the document's table lost the parameter's name; the
  // order object's field name is used) and by `from`, newest first.
  app.get("/business/:bizId/orders", (c) => {
    const { customer_email: email, from, status } = c.req.query();
    const limit = Math.min(100, Math.max(1, Number(c.req.query("limit") ?? 25) || 25));
    const page = Math.max(1, Number(c.req.query("page") ?? 1) || 1);
    const matching = [...orders.values()]
      .filter(
        (order) =>
          (!email || order.customer_email === email) &&
          (!from || order.created_at >= from) &&
          (!status || order.status === status),
      )
      .reverse();
    return c.json({
      orders: matching.slice((page - 1) * limit, page * limit),
      pagination: {
        page,
        limit,
        total: matching.length,
        total_pages: Math.ceil(matching.length / limit),
      },
    });
  });

  app.patch("/business/:bizId/orders/:orderId", async (c) => {
    const order = orders.get(c.req.param("orderId"));
    if (!order) return fail(c, 404, []);
    const body = (await c.req.json().catch(() => undefined)) as { status?: unknown } | undefined;
    const allowed = ["completed", "shipped", "refunded", "cancelled"];
    if (typeof body?.status !== "string" || !allowed.includes(body.status)) {
      return fail(c, 400, [{ field: "status", issue: "Unknown status" }]);
    }
    order.status = body.status as FakeOrder["status"];
    return c.json(order);
  });

  app.get("/business/:bizId/orders/:orderId", (c) => {
    const order = orders.get(c.req.param("orderId"));
    return order ? c.json(order) : fail(c, 404, []);
  });

  app.notFound((c) => fail(c, 404, []));

  const listening = await fake.listen();

  return {
    baseUrl: listening.url,
    products,
    orders,
    requests,
    rateLimitNext: fake.rateLimitNext,
    failNext: fake.failNext,
    setOrderStatus(orderId, status) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`the fake has no order ${orderId}`);
      order.status = status;
      if (status === "completed") {
        order.completed_at = new Date().toISOString();
        // Not in the document's example: the goods, listed once the order is completed.
        order.delivered_items = order.items.flatMap((item) =>
          Array.from({ length: item.quantity }, (_, n) => ({
            product_id: item.product_id,
            value: `SS-${order.order_number}-${item.product_id.slice(5, 9).toUpperCase()}-${n + 1}`,
          })),
        );
      }
    },
    close: listening.close,
  };
}
