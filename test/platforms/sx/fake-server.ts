import { createHash } from "node:crypto";
import { createFakeUpstream, type InjectedStatus } from "../fake-upstream";
import { type FakeOrder, type FakeProduct, seedProducts } from "./fake-data";

/*
 * A fake `sx_` platform on loopback, built from its API document's own examples: the product and
 * order objects, the `{ object: "list", has_more, next_cursor, data }` envelope with `limit` and an
 * opaque `cursor`, RFC 7807 errors with their type slugs (and `trace_id` on 500), Bearer keys with
 * scoped abilities, `Retry-After` on 429, and `Idempotency-Key` on writes (same key + other body is
 * 409). The document gives no paths; the fake serves the REST collections the adapter assumes.
 */

export interface SxFakeOptions {
  /** The only key the fake accepts; `Bearer <key>` exactly. */
  readonly secretKey: string;
  /** The key's abilities; by default what the proxy needs. */
  readonly abilities?: readonly string[];
  readonly products?: FakeProduct[];
}

export interface SxFake {
  /** The versioned base URL to give the adapter as `apiBase`. */
  readonly url: string;
  readonly products: FakeProduct[];
  readonly orders: Map<string, FakeOrder>;
  /** Every request received: method, path with query, and the headers the tests look at. */
  readonly requests: { method: string; path: string; idempotencyKey: string | null }[];
  completeOrder(orderId: string): void;
  /** The next `times` requests answer 429 with these headers; replaces the queue, `0` clears it. */
  rateLimitNext(times: number, headers: Record<string, string>): void;
  /** The next `times` requests answer the document's error body; replaces the queue, `0` clears it. */
  failNext(times: number, status: InjectedStatus): void;
  close(): Promise<void>;
}

const problemTexts = {
  invalid_request: [400, "Invalid request", "Bad JSON or missing parameter."],
  unauthenticated: [401, "Unauthenticated", "Missing or invalid bearer token."],
  forbidden_scope: [403, "Forbidden", "Key is valid but lacks the ability for this endpoint."],
  not_found: [404, "Not found", "The resource doesn't exist or isn't yours."],
  conflict: [409, "Conflict", "Idempotency key already used with a different payload."],
  unprocessable: [422, "Unprocessable", "Validation failed."],
  rate_limited: [429, "Rate limited", "You're going too fast."],
  server_error: [500, "Server error", "Our side broke."],
} as const;

type ProblemType = keyof typeof problemTexts;

function problem(
  type: ProblemType,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const [status, title, detail] = problemTexts[type];
  return new Response(JSON.stringify({ type, title, status, detail, ...extra }), {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

/** Opaque to clients; the fake happens to keep an offset in it. */
const encodeCursor = (offset: number) =>
  `cur_${Buffer.from(JSON.stringify({ o: offset })).toString("base64url")}`;

function decodeCursor(cursor: string): number | undefined {
  if (!cursor.startsWith("cur_")) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor.slice(4), "base64url").toString());
    const offset = (value as { o?: unknown }).o;
    return typeof offset === "number" && Number.isInteger(offset) && offset >= 0
      ? offset
      : undefined;
  } catch {
    return undefined;
  }
}

function publicProduct(product: FakeProduct, detail: boolean): Record<string, unknown> {
  const { pool: _pool, slug, description, created_at, ...listed } = product;
  return detail ? { ...listed, slug, description: description ?? null, created_at } : listed;
}

function publicOrder(order: FakeOrder): Record<string, unknown> {
  const { goods: _goods, ...shown } = order;
  return shown;
}

/** Starts the fake on 127.0.0.1 at a free port. */
export async function startSxFake(options: SxFakeOptions): Promise<SxFake> {
  const abilities = new Set(
    options.abilities ?? ["products:read", "orders:read", "orders:write", "webhooks:read"],
  );
  const products = options.products ?? seedProducts();
  const orders = new Map<string, FakeOrder>();
  const idempotency = new Map<string, { hash: string; body: Record<string, unknown> }>();
  const requests: SxFake["requests"] = [];
  let orderSeq = 0;
  let origin = "";

  const injected = { 400: "invalid_request", 401: "unauthenticated", 404: "not_found" } as const;
  const fake = createFakeUpstream({
    basePath: "/v1",
    onRequest(c) {
      const url = new URL(c.req.url);
      requests.push({
        method: c.req.method,
        path: url.pathname + url.search,
        idempotencyKey: c.req.header("idempotency-key") ?? null,
      });
    },
    errorResponse(_c, status, headers) {
      if (status === 429) return problem("rate_limited", {}, headers);
      if (status === 500) return problem("server_error", { trace_id: "trc_01J2PW9ZQ4" });
      return problem(injected[status]);
    },
    authorized: (c) => c.req.header("authorization") === `Bearer ${options.secretKey}`,
  });
  const app = fake.app;

  const requireAbility = (ability: string) =>
    abilities.has(ability) ? undefined : problem("forbidden_scope");

  app.get("/products", (c) => {
    const denied = requireAbility("products:read");
    if (denied) return denied;
    const limitText = c.req.query("limit") ?? "25";
    const limit = /^\d+$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!(limit >= 1 && limit <= 100)) {
      return problem("invalid_request", { errors: { limit: "must be between 1 and 100" } });
    }
    const cursor = c.req.query("cursor");
    const offset = cursor === undefined ? 0 : decodeCursor(cursor);
    if (offset === undefined) {
      return problem("invalid_request", { errors: { cursor: "is not a valid cursor" } });
    }
    const status = c.req.query("status");
    const type = c.req.query("type");
    const matching = products.filter(
      (product) => (!status || product.status === status) && (!type || product.type === type),
    );
    const data = matching.slice(offset, offset + limit);
    const hasMore = offset + limit < matching.length;
    return c.json({
      object: "list",
      has_more: hasMore,
      next_cursor: hasMore ? encodeCursor(offset + limit) : null,
      data: data.map((product) => publicProduct(product, false)),
    });
  });

  app.get("/products/:id", (c) => {
    const denied = requireAbility("products:read");
    if (denied) return denied;
    const product = products.find((candidate) => candidate.id === c.req.param("id"));
    return product ? c.json(publicProduct(product, true)) : problem("not_found");
  });

  app.post("/orders", async (c) => {
    const denied = requireAbility("orders:write");
    if (denied) return denied;
    const key = c.req.header("idempotency-key");
    if (!key) {
      return problem("invalid_request", { errors: { "Idempotency-Key": "is required" } });
    }
    const text = await c.req.text();
    const hash = createHash("sha256").update(text).digest("hex");
    const previous = idempotency.get(key);
    if (previous) {
      return previous.hash === hash ? c.json(previous.body, 201) : problem("conflict");
    }
    let body: { customer_email?: unknown; items?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      return problem("invalid_request");
    }
    const errors: Record<string, string> = {};
    if (typeof body.customer_email !== "string" || !body.customer_email.includes("@")) {
      errors.customer_email = "must be an email address";
    }
    const lines = Array.isArray(body.items) ? (body.items as Record<string, unknown>[]) : [];
    if (lines.length === 0) errors.items = "must not be empty";
    const items: FakeOrder["items"] = [];
    lines.forEach((line, index) => {
      const product = products.find(
        (candidate) => candidate.id === line.product_id && candidate.status === "active",
      );
      const qty = line.qty;
      if (!product) errors[`items.${index}.product_id`] = "no such active product";
      if (typeof qty !== "number" || !Number.isInteger(qty) || qty < 1) {
        errors[`items.${index}.qty`] = "must be a positive integer";
      } else if (product?.stock !== null && product !== undefined && qty > product.stock) {
        errors[`items.${index}.qty`] = `only ${product.stock} left`;
      }
      if (product && typeof qty === "number") {
        items.push({ product: product.name, qty, subtotal_cents: product.price_cents * qty });
      }
    });
    if (Object.keys(errors).length > 0) return problem("unprocessable", { errors });
    orderSeq += 1;
    const id = `ord_01J2PX${String(orderSeq).padStart(4, "0")}`;
    const first = products.find((candidate) => candidate.id === lines[0]?.product_id);
    const order: FakeOrder = {
      id,
      status: "awaiting_payment",
      total_cents: items.reduce((total, item) => total + item.subtotal_cents, 0),
      currency: first?.currency ?? "USD",
      customer_email: body.customer_email as string,
      paid_at: null,
      payment: { provider: "blockpn", chain: "tron", asset: "USDT", tx_hash: null },
      items,
      delivery: { kind: first?.type ?? "license_key", state: "pending", delivered_at: null },
      checkout_url: `${origin}/pay/${id}`,
      goods: [],
    };
    orders.set(id, order);
    const shown = publicOrder(order);
    idempotency.set(key, { hash, body: shown });
    return c.json(shown, 201);
  });

  app.get("/orders/:id", (c) => {
    const denied = requireAbility("orders:read");
    if (denied) return denied;
    const order = orders.get(c.req.param("id"));
    return order ? c.json(publicOrder(order)) : problem("not_found");
  });

  // The document's webhook endpoint list, so its URL lives somewhere in the fake's data.
  app.get("/webhooks", (c) => {
    const denied = requireAbility("webhooks:read");
    if (denied) return denied;
    return c.json({
      object: "list",
      data: [
        {
          id: "wh_01J2PTR7QW",
          url: "https://your.app/sellix/webhook",
          events: ["order.paid", "order.refunded"],
          status: "active",
        },
      ],
    });
  });

  app.notFound(() => problem("not_found"));

  const listening = await fake.listen();
  origin = listening.origin;

  return {
    url: listening.url,
    products,
    orders,
    requests,
    completeOrder(orderId) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`the fake has no order ${orderId}`);
      const at = new Date().toISOString();
      for (const item of order.items) {
        const product = products.find((candidate) => candidate.name === item.product);
        if (product && product.stock !== null) product.stock -= item.qty;
        const key = product?.pool?.shift();
        if (key) order.goods.push(key);
      }
      order.status = "completed";
      order.paid_at = at;
      order.payment.tx_hash = "0xae9c2f31b7d54e0a";
      order.delivery = { ...order.delivery, state: "delivered", delivered_at: at };
    },
    rateLimitNext: fake.rateLimitNext,
    failNext: fake.failNext,
    close: listening.close,
  };
}
