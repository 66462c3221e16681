import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { hmacSha256Hex } from "../../../src/server/platforms/shared/webhook-signature";

/*
 * A fake SellStein on loopback, built from the API document's own examples: its product and order
 * objects, its `{ products, pagination }` envelope, its error bodies, its Bearer auth and its
 * X-RateLimit-* headers. It answers over real HTTP so the adapter's whole stack is exercised.
 */

export interface FakeVariant {
  name: string;
  price: number;
  stock: number;
}

/** A product as SellStein stores it; extra keys are sent as they are, like any upstream would. */
export interface FakeProduct {
  id: string;
  name: string;
  slug: string;
  price: number;
  currency: string;
  status: "active" | "draft" | "archived";
  type: "digital" | "physical" | "subscription" | "service";
  stock: number;
  category?: string;
  description?: string;
  images?: string[];
  variants?: FakeVariant[];
  [extra: string]: unknown;
}

export interface FakeOrder {
  id: string;
  order_number: number;
  status: "pending" | "completed" | "shipped" | "refunded" | "cancelled" | "disputed";
  customer_email: string;
  customer_name?: string;
  total: number;
  currency: string;
  payment_provider: string;
  items: { product_id: string; product_name: string; quantity: number; unit_price: number }[];
  internal_note?: string;
  created_at: string;
  completed_at?: string;
  [extra: string]: unknown;
}

/** Texts in the fake's data that must never leave the proxy. */
export const sellsteinSecretValues = [
  "Supplier cost 4.10 USD, renegotiate in Q3",
  "Refund approved by ops, customer is a reseller",
  "Jane Doe",
] as const;

/** The document's examples, plus hidden products and a product with variants. */
export function seedProducts(): FakeProduct[] {
  return [
    {
      id: "prod_xK9mZq2",
      name: "Premium License Key",
      slug: "premium-license-key",
      price: 29.99,
      currency: "USD",
      status: "active",
      type: "digital",
      stock: 142,
      category: "software",
      images: ["https://cdn.sellstein.com/img/prod_xK9mZq2/cover.webp"],
      created_at: "2025-11-15T08:30:00Z",
      updated_at: "2026-01-22T14:12:00Z",
      // Not in the document: an upstream field the adapter must drop, not forward.
      internal_note: sellsteinSecretValues[0],
    },
    {
      id: "prod_nW3pRt8",
      name: "Pro Toolkit License",
      slug: "pro-toolkit-license",
      price: 49.99,
      currency: "USD",
      type: "digital",
      status: "active",
      stock: -1,
      description: "Lifetime access to all pro tools",
      created_at: "2026-03-03T10:15:00Z",
      updated_at: "2026-03-03T10:15:00Z",
    },
    {
      id: "prod_Vr8tLm2",
      name: "Icon Pack",
      slug: "icon-pack",
      price: 19,
      currency: "USD",
      type: "digital",
      status: "active",
      stock: -1,
      category: "design",
      description: "**2,400** icons in SVG and PNG",
      variants: [
        { name: "Personal", price: 19, stock: -1 },
        { name: "Commercial", price: 59.5, stock: 12 },
      ],
    },
    {
      id: "prod_Dr4ftQ1",
      name: "Unreleased Course",
      slug: "unreleased-course",
      price: 99,
      currency: "USD",
      type: "service",
      status: "draft",
      stock: -1,
    },
    {
      id: "prod_Arc7vZ5",
      name: "Old Plugin",
      slug: "old-plugin",
      price: 9.99,
      currency: "USD",
      type: "digital",
      status: "archived",
      stock: 0,
    },
  ];
}

function seedOrders(): FakeOrder[] {
  return [
    {
      id: "ord_Qw7mNp3",
      order_number: 1042,
      status: "completed",
      customer_email: "jane@example.com",
      customer_name: sellsteinSecretValues[2],
      total: 49.99,
      currency: "USD",
      payment_provider: "stripe",
      items: [
        {
          product_id: "prod_xK9mZq2",
          product_name: "Premium License Key",
          quantity: 1,
          unit_price: 49.99,
        },
      ],
      internal_note: sellsteinSecretValues[1],
      created_at: "2026-02-28T16:30:00Z",
      completed_at: "2026-02-28T16:30:05Z",
    },
  ];
}

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
  /** The API base, ending in `/v1`. */
  readonly baseUrl: string;
  readonly products: FakeProduct[];
  readonly orders: Map<string, FakeOrder>;
  /** Every request the fake received: method, path and query string. */
  readonly requests: { method: string; path: string; query: string; body?: unknown }[];
  /** The next `times` requests answer 429 with these headers (replacing any still queued). */
  rateLimitNext(times: number, headers: Record<string, string>): void;
  /** The next `times` requests answer the document's error body (replacing any still queued). */
  failNext(times: number, status: 400 | 404 | 500): void;
  setOrderStatus(orderId: string, status: FakeOrder["status"]): void;
  close(): Promise<void>;
}

/** The document's error body for a status, with its own code and message. */
export function sellsteinErrorBody(status: number, details?: { field: string; issue: string }[]) {
  const known: Record<number, [string, string]> = {
    400: ["VALIDATION_ERROR", "The 'price' field must be a positive number."],
    401: ["UNAUTHORIZED", "No valid API key provided."],
    403: ["FORBIDDEN", "The API key does not have permission for this action."],
    404: ["NOT_FOUND", "The requested resource does not exist."],
    429: ["RATE_LIMITED", "Too many requests. Back off and retry after the reset timestamp."],
    500: ["INTERNAL_ERROR", "An unexpected server error occurred."],
  };
  const [code, message] = known[status] ?? ["INTERNAL_ERROR", "Unexpected error."];
  const defaults = status === 400 ? [{ field: "price", issue: "Must be greater than 0" }] : [];
  return { error: { code, message, status, details: details ?? defaults } };
}

const toCents = (value: number) => Math.round(value * 100);

export async function startFakeSellstein(options: FakeSellsteinOptions): Promise<FakeSellstein> {
  const products = options.products ?? seedProducts();
  const orders = new Map(seedOrders().map((order) => [order.id, order]));
  const requests: FakeSellstein["requests"] = [];
  const rateLimits: Record<string, string>[] = [];
  const failures: (400 | 404 | 500)[] = [];
  const cap = options.pageSizeCap ?? 100;
  let remaining = 120;
  let nextOrderNumber = 1043;

  const fail = (c: Context, status: number, details?: { field: string; issue: string }[]) =>
    c.json(sellsteinErrorBody(status, details), status as 400);

  const app = new Hono().basePath("/v1");
  app.use("*", async (c, next) => {
    const url = new URL(c.req.url);
    const body = c.req.method === "GET" ? undefined : await c.req.json().catch(() => undefined);
    requests.push({ method: c.req.method, path: url.pathname, query: url.search, body });
    remaining = Math.max(0, remaining - 1);
    const limited = rateLimits.shift();
    if (limited) {
      c.header("X-RateLimit-Limit", "120");
      c.header("X-RateLimit-Remaining", "0");
      const says = Object.keys(limited).map((name) => name.toLowerCase());
      if (!says.includes("retry-after") && !says.includes("x-ratelimit-reset")) {
        c.header("X-RateLimit-Reset", String(Math.ceil(Date.now() / 1000) + 1));
      }
      for (const [name, value] of Object.entries(limited)) c.header(name, value);
      return fail(c, 429, []);
    }
    if (c.req.header("authorization") !== `Bearer ${options.secretKey}`) return fail(c, 401, []);
    const failure = failures.shift();
    if (failure) return fail(c, failure);
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

  app.get("/business/:bizId/orders/:orderId", (c) => {
    const order = orders.get(c.req.param("orderId"));
    return order ? c.json(order) : fail(c, 404, []);
  });

  app.notFound((c) => fail(c, 404, []));

  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => {
    if (server.listening) resolve();
    else server.once("listening", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    products,
    orders,
    requests,
    rateLimitNext(times, headers) {
      rateLimits.splice(0, rateLimits.length, ...Array.from({ length: times }, () => headers));
    },
    failNext(times, status) {
      failures.splice(0, failures.length, ...Array.from({ length: times }, () => status));
    },
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}

/** A delivery signed the way SellStein signs: `X-SellStein-Signature: sha256=<hex>`. */
export function signSellsteinDelivery(
  secret: string,
  event: string,
  data: unknown,
): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({
    event,
    data,
    timestamp: new Date().toISOString(),
    webhook_id: `whk_${Math.random().toString(36).slice(2, 9)}`,
  });
  return {
    headers: {
      "content-type": "application/json",
      "x-sellstein-signature": `sha256=${hmacSha256Hex(secret, body)}`,
    },
    body,
  };
}
