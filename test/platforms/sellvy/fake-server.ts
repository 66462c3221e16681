import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * A fake Sellvy API on loopback, built from the document's own examples: the `{ data, meta }`
 * envelope, `page`/`per_page` (max 100) pagination, `Authorization: Bearer sk_…`, the
 * `{ error: { code, message, status } }` bodies and `429` with `Retry-After`. Its products and
 * orders carry fields that must never leave the proxy (`file_url`, payment details, IPs).
 */

type Row = Record<string, unknown>;

export interface FakeProduct extends Row {
  id: string;
  title: string;
  type: string;
  price: number | string;
  currency: string;
  is_visible: boolean;
  category_id?: string;
  variants?: { id: string; title: string; price: number; stock: number | null }[];
  stock?: number | null;
}

export interface FakeCoupon extends Row {
  id: string;
  code: string;
  type: "percentage" | "fixed";
  value: number;
}

/** Strings in the fake's data that must never reach a proxy response or log line. */
export const sellvySecrets = {
  fileUrl: "https://files.sellvy.io/private/icon-pack-5f2c9e.zip",
  hiddenFileUrl: "https://files.sellvy.io/private/beta-build-77ab.zip",
  hiddenTitle: "Internal Beta Build",
  paymentIntent: "pi_3QsellvySecretIntent0042",
  customerIp: "203.0.113.77",
  staffCoupon: "STAFF100",
} as const;

const day = 86_400_000;
const category = { id: "cat_abc123", name: "Templates" };

function seedProducts(): FakeProduct[] {
  const base = { currency: "USD", is_visible: true, total_sold: 0, created_at: "2026-01-05" };
  return [
    // The document's own example product, as `GET /products/:id` would return it.
    {
      ...base,
      id: "prod_abc123",
      title: "Premium Icon Pack",
      type: "digital_download",
      price: 29.99,
      description: "500+ hand-crafted icons in **SVG** and PNG formats.",
      category_id: category.id,
      category,
      images: ["https://cdn.sellvy.io/img/icon-pack.png"],
      file_url: sellvySecrets.fileUrl,
      stock: -1,
      variants: [],
    },
    {
      ...base,
      id: "prod_def456",
      title: "Website Template Bundle",
      type: "digital_download",
      price: 49,
      category_id: category.id,
      category,
      images: [],
      stock: null,
      variants: [
        { id: "var_personal", title: "Personal License", price: 49, stock: null },
        { id: "var_team", title: "Team License", price: 129.5, stock: 3 },
      ],
    },
    {
      ...base,
      id: "prod_ghi789",
      title: "Windows 11 Pro Key",
      type: "license_key",
      price: "14.99",
      stock: 5,
    },
    {
      ...base,
      id: "prod_jkl012",
      title: "1-on-1 Design Review",
      type: "service",
      price: 75,
      stock: 0,
    },
    { ...base, id: "prod_mno345", title: "Pro Membership", type: "subscription", price: 9.99 },
    {
      ...base,
      id: "prod_pqr678",
      title: "Lightroom Presets",
      type: "digital_download",
      price: 12.5,
    },
    {
      ...base,
      id: "prod_stu901",
      title: "Grotesk Font Family",
      type: "digital_download",
      price: 19,
    },
    {
      ...base,
      id: "prod_hid001",
      title: sellvySecrets.hiddenTitle,
      type: "digital_download",
      price: 5,
      is_visible: false,
      file_url: sellvySecrets.hiddenFileUrl,
    },
  ];
}

function seedCoupons(now: number): FakeCoupon[] {
  const later = new Date(now + 30 * day).toISOString();
  return [
    // The document's example, verbatim: its `expires_at` has passed, so it is the expired one.
    {
      id: "cpn_1",
      code: "SUMMER20",
      type: "percentage",
      value: 20,
      max_uses: 100,
      uses: 3,
      expires_at: "2026-09-01T00:00:00Z",
      min_order_amount: 10,
      applies_to_products: ["prod_abc123"],
    },
    {
      id: "cpn_2",
      code: "ICONS10",
      type: "percentage",
      value: 10,
      max_uses: 100,
      uses: 12,
      expires_at: later,
      min_order_amount: 10,
      applies_to_products: ["prod_abc123"],
    },
    {
      id: "cpn_3",
      code: "LAUNCH5",
      type: "fixed",
      value: 5,
      max_uses: 50,
      uses: 50,
      expires_at: null,
    },
    { id: "cpn_4", code: "BIGSPENDER", type: "percentage", value: 15, min_order_amount: 500 },
    {
      id: "cpn_5",
      code: sellvySecrets.staffCoupon,
      type: "percentage",
      value: 100,
      max_uses: null,
    },
  ];
}

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
  failNext(times: number, status: 400 | 404 | 500): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1, port 0, accepting only `Authorization: Bearer <secretKey>`. */
export async function startSellvyFake(options: {
  secretKey: string;
  now?: () => number;
}): Promise<SellvyFake> {
  const now = options.now ?? Date.now;
  const products = seedProducts();
  const coupons = seedCoupons(now());
  const orders = new Map<string, Row>();
  const requests: SellvyFake["requests"] = [];
  const injected: ({ kind: "429"; headers: Record<string, string> } | { kind: ErrorStatus })[] = [];
  let orderSeq = 1000;

  const app = new Hono().basePath("/v1");
  app.use(async (c, next) => {
    requests.push({ method: c.req.method, path: c.req.path, query: c.req.query() });
    const failure = injected.shift();
    if (failure)
      return failure.kind === "429" ? fail(c, 429, failure.headers) : fail(c, failure.kind);
    if (c.req.header("authorization") !== `Bearer ${options.secretKey}`) return fail(c, 401);
    return next();
  });

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
    return page(c, rows);
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
  app.get("/orders/:id", (c) => {
    const order = orders.get(c.req.param("id"));
    return order ? c.json({ data: order }) : fail(c, 404);
  });
  app.notFound((c) => fail(c, 404));

  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  if (!server.listening) await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
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
    rateLimitNext(times, headers) {
      injected.splice(
        0,
        injected.length,
        ...Array.from({ length: times }, () => ({ kind: "429" as const, headers })),
      );
    },
    failNext(times, status) {
      injected.splice(
        0,
        injected.length,
        ...Array.from({ length: times }, () => ({ kind: status })),
      );
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
