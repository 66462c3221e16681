import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { createFakeUpstream, type InjectedStatus } from "../fake-upstream";
import {
  category,
  type FakeCoupon,
  type FakeProduct,
  type Row,
  seedCoupons,
  seedProducts,
  sellvySecrets,
} from "./fake-data";

/**
 * A fake Sellvy API on loopback, built from the document's own examples: the `{ data, meta }`
 * envelope, `page`/`per_page` (max 100) pagination, `Authorization: Bearer sk_…`, the
 * `{ error: { code, message, status } }` bodies and `429` with `Retry-After`. Its products and
 * orders carry fields that must never leave the proxy (`file_url`, payment details, IPs).
 */

const errorBodies = {
  400: { code: "validation_error", message: "Request body failed validation" },
  401: { code: "unauthorized", message: "Invalid or missing API key" },
  404: { code: "not_found", message: "Product not found" },
  422: { code: "validation_error", message: "Request body failed validation" },
  429: { code: "rate_limited", message: "Too many requests" },
  500: { code: "internal_error", message: "Server error (contact support)" },
} as const;

type ErrorStatus = keyof typeof errorBodies;

function fail(c: Context, status: ErrorStatus, headers: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.json({ error: { ...errorBodies[status], status } }, status as ContentfulStatusCode);
}

const cents = (value: number | string) => Math.round(Number(value) * 100);

function page<T>(c: Context, rows: T[]) {
  const pageNumber = Math.max(1, Number(c.req.query("page") ?? 1) || 1);
  const perPage = Math.min(100, Math.max(1, Number(c.req.query("per_page") ?? 25) || 25));
  const data = rows.slice((pageNumber - 1) * perPage, pageNumber * perPage);
  return c.json({ data, meta: { page: pageNumber, per_page: perPage, total: rows.length } });
}

export interface SellvyFake {
  /** `http://127.0.0.1:<port>/v1`, what `KIOSK_API_BASE` would be. */
  readonly baseUrl: string;
  readonly products: FakeProduct[];
  readonly coupons: FakeCoupon[];
  readonly orders: Map<string, Row>;
  /** Every request the fake received, in order. */
  readonly requests: { method: string; path: string; query: Record<string, string> }[];
  completeOrder(id: string): void;
  /** The next `times` requests answer 429 with these headers (replacing anything still queued). */
  rateLimitNext(times: number, headers: Record<string, string>): void;
  /** The next `times` requests answer the document's error body (replacing anything still queued). */
  failNext(times: number, status: InjectedStatus): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1, port 0, accepting only `Authorization: Bearer <secretKey>`. */
export async function startSellvyFake(options: {
  secretKey: string;
  now?: () => number;
  /**
   * Orders read back in the only shape the document shows: one `product` and its `quantity`, no
   * `items` (which this fake adds otherwise, to carry variants the document never shows).
   */
  documentOrders?: boolean;
}): Promise<SellvyFake> {
  const now = options.now ?? Date.now;
  const products = seedProducts();
  const coupons = seedCoupons(now());
  const orders = new Map<string, Row>();
  const requests: SellvyFake["requests"] = [];
  let orderSeq = 1000;
  const shown = (order: Row): Row => {
    if (!options.documentOrders) return order;
    // The document's order: one `product`, no `items` and no `quantity`.
    const { items: _items, quantity: _quantity, ...documented } = order;
    return documented;
  };

  const fake = createFakeUpstream({
    basePath: "/v1",
    onRequest(c) {
      requests.push({ method: c.req.method, path: c.req.path, query: c.req.query() });
    },
    errorResponse: fail,
    authorized: (c) => c.req.header("authorization") === `Bearer ${options.secretKey}`,
  });
  const app = fake.app;

  app.get("/products", (c) => {
    const search = c.req.query("search")?.toLowerCase();
    const visible = c.req.query("visible");
    const rows = products.filter(
      (p) =>
        (!search || p.title.toLowerCase().includes(search)) &&
        (!c.req.query("type") || p.type === c.req.query("type")) &&
        (!c.req.query("category_id") || p.category_id === c.req.query("category_id")) &&
        (visible === undefined || String(p.is_visible) === visible),
    );
    // As documented, only the single-product read carries the stock count; the list leaves it out.
    return page(
      c,
      rows.map(({ stock: _stock, ...row }) => row),
    );
  });
  app.get("/products/:id", (c) => {
    const product = products.find((p) => p.id === c.req.param("id"));
    return product ? c.json({ data: product }) : fail(c, 404);
  });
  app.get("/coupons", (c) => page(c, coupons));
  app.get("/categories", (c) =>
    page(c, [{ ...category, description: "Website and app templates" }]),
  );

  app.post("/orders", async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as Row | undefined;
    const email = body?.customer_email;
    const items = body?.items;
    if (
      typeof email !== "string" ||
      !email.includes("@") ||
      !Array.isArray(items) ||
      items.length === 0
    )
      return fail(c, 422);
    const lines: Row[] = [];
    let total = 0;
    let eligible = 0;
    const code = body?.coupon_code;
    const coupon = typeof code === "string" ? coupons.find((k) => k.code === code) : undefined;
    if (code !== undefined && !coupon) return fail(c, 422);
    for (const item of items as Row[]) {
      const product = products.find((p) => p.id === item.product_id && p.is_visible);
      const quantity = item.quantity;
      if (!product || typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1)
        return fail(c, 422);
      const variant = product.variants?.find((v) => v.id === item.variant_id);
      if ((product.variants?.length ?? 0) > 0 && !variant) return fail(c, 422);
      const stock = variant ? variant.stock : (product.stock ?? null);
      if (stock !== null && stock !== -1 && quantity > stock) return fail(c, 422);
      const line = cents(variant ? variant.price : product.price) * quantity;
      total += line;
      const applies = coupon?.applies_to_products as string[] | undefined;
      if (!applies || applies.includes(product.id)) eligible += line;
      lines.push({
        product_id: product.id,
        variant_id: variant?.id ?? null,
        title: product.title,
        quantity,
      });
    }
    if (coupon) {
      total -=
        coupon.type === "percentage"
          ? Math.round((eligible * coupon.value) / 100)
          : Math.min(eligible, cents(coupon.value));
      coupon.uses = Number(coupon.uses ?? 0) + 1;
    }
    orderSeq += 1;
    const id = `ord_${orderSeq.toString(36)}xyz`;
    const first = lines[0] as Row;
    const order: Row = {
      id,
      order_number: `ORD-${orderSeq}`,
      status: "pending",
      payment_status: "pending",
      customer_email: email,
      total: total / 100,
      currency: "USD",
      payment_method: typeof body?.payment_method === "string" ? body.payment_method : "stripe",
      product: { id: first.product_id, title: first.title },
      quantity: first.quantity,
      items: lines,
      checkout_url: `https://checkout.sellvy.io/pay/${id}`,
      fraud_score: 12,
      ip_address: sellvySecrets.customerIp,
      payment_details: { gateway: "stripe", payment_intent: sellvySecrets.paymentIntent },
      custom_fields: body?.custom_fields ?? {},
      created_at: new Date(now()).toISOString(),
    };
    orders.set(id, order);
    return c.json({ data: order }, 201);
  });
  // The document's list filters: customer_email, product_id, date_from (newest first).
  app.get("/orders", (c) => {
    const { customer_email: email, product_id: productId, date_from: from } = c.req.query();
    const matching = [...orders.values()]
      .filter(
        (order) =>
          (!email || order.customer_email === email) &&
          (!productId ||
            (order.product as Row | undefined)?.id === productId ||
            (order.items as Row[] | undefined)?.some((line) => line.product_id === productId)) &&
          (!from || String(order.created_at) >= from),
      )
      .reverse();
    const perPage = Math.min(100, Math.max(1, Number(c.req.query("per_page") ?? 25) || 25));
    const page = Math.max(1, Number(c.req.query("page") ?? 1) || 1);
    return c.json({
      data: matching.slice((page - 1) * perPage, page * perPage).map(shown),
      meta: { page, per_page: perPage, total: matching.length },
    });
  });
  app.get("/orders/:id", (c) => {
    const order = orders.get(c.req.param("id"));
    return order ? c.json({ data: shown(order) }) : fail(c, 404);
  });
  app.notFound((c) => fail(c, 404));

  const listening = await fake.listen();

  return {
    baseUrl: listening.url,
    products,
    coupons,
    orders,
    requests,
    completeOrder(id) {
      const order = orders.get(id);
      if (!order) throw new Error(`the fake has no order ${id}`);
      order.status = "completed";
      order.payment_status = "paid";
      order.delivery_status = "delivered";
      order.delivered_items = (order.items as Row[]).map((line) => ({
        product_id: line.product_id,
        type: "file",
        value: `https://dl.sellvy.io/d/${id}/${String(line.product_id)}`,
      }));
      order.delivery_message = "Thanks for your purchase!";
    },
    rateLimitNext: fake.rateLimitNext,
    failNext: fake.failNext,
    close: listening.close,
  };
}
