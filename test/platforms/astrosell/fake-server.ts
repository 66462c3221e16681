import type { Context } from "hono";
import { createFakeUpstream, type InjectedStatus } from "../fake-upstream";
import {
  errorBodies,
  type FakeCoupon,
  type FakeOrder,
  type FakeProduct,
  type FakeWarehouse,
  seedCoupons,
  seedProducts,
  seedWarehouses,
} from "./fake-data";

/*
 * A fake AstroSell on loopback, built from the API document's own examples: bare JSON arrays
 * newest first, `{ "error": "…" }` bodies, Bearer or X-API-Key auth, serials drawn from shared
 * warehouses, orders by invoice id with delivered items, and the coupon list. `GET
 * /products/:id` and `GET /warehouses/:id` answer with the real serial keys, as the document
 * says, so a test can prove they never leave the proxy.
 */

export interface FakeAstrosellOptions {
  readonly secretKey: string;
  /** Extra public products, to page through a catalog larger than one storefront page. */
  readonly extraProducts?: number;
}

export interface FakeAstrosell {
  /** The API base, ending in `/api/v1` like the document's. */
  readonly apiBase: string;
  readonly products: FakeProduct[];
  readonly warehouses: FakeWarehouse[];
  readonly orders: FakeOrder[];
  readonly coupons: FakeCoupon[];
  /** Every request received, method and path (with query). */
  readonly requests: { method: string; path: string; auth: string }[];
  rateLimitNext(times: number, headers: Record<string, string>): void;
  failNext(times: number, status: InjectedStatus): void;
  /** Pays and delivers an order: serials are drawn from the product's warehouse. */
  completeOrder(invoiceId: string): void;
  close(): Promise<void>;
}

export async function startFakeAstrosell(options: FakeAstrosellOptions): Promise<FakeAstrosell> {
  const warehouses = seedWarehouses();
  const products = seedProducts();
  for (let n = 1; n <= (options.extraProducts ?? 0); n += 1) {
    products.push({
      id: `66e0${String(n).padStart(20, "0")}`,
      title: `Gift Card #${n}`,
      slug: `gift-card-${n}`,
      price: 1 + n / 100,
      currency: "USD",
      type: "service",
      visibility: "public",
      salesCount: 0,
      createdAt: new Date(Date.UTC(2026, 0, 1) - n * 60_000).toISOString(),
    });
  }
  const orders: FakeOrder[] = [];
  const coupons = seedCoupons();
  const requests: FakeAstrosell["requests"] = [];
  let invoiceSeq = 0;

  const warehouseOf = (product: FakeProduct) =>
    warehouses.find((warehouse) => warehouse.id === product.warehouseId);
  const stockOf = (product: FakeProduct) =>
    product.type === "serials" ? (warehouseOf(product)?.items.length ?? 0) : 0;
  const listed = (product: FakeProduct) => ({
    id: product.id,
    title: product.title,
    slug: product.slug,
    price: product.price,
    currency: product.currency,
    type: product.type,
    stock: stockOf(product),
    unlimitedStock: product.type !== "serials" && product.unlimitedStock !== false,
    visibility: product.visibility,
    salesCount: product.salesCount,
    createdAt: product.createdAt,
  });
  const orderView = (order: FakeOrder) => ({
    invoiceId: order.invoiceId,
    productTitle: order.productTitle,
    total: order.total,
    currency: order.currency,
    status: order.status,
    gateway: order.gateway,
    customerEmail: order.customerEmail,
    createdAt: order.createdAt,
    deliveredItems: order.deliveredItems,
  });
  const fail = (c: Context, status: 400 | 401 | 404 | 429 | 500, error?: string) =>
    c.json(error === undefined ? errorBodies[status] : { error }, status);

  const fake = createFakeUpstream({
    basePath: "/api/v1",
    onRequest(c) {
      const url = new URL(c.req.url);
      const auth = c.req.header("authorization") ?? c.req.header("x-api-key") ?? "";
      requests.push({ method: c.req.method, path: `${url.pathname}${url.search}`, auth });
    },
    errorResponse(c, status, headers) {
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      return fail(c, status);
    },
    authorized(c) {
      const bearer = c.req.header("authorization");
      const key = bearer?.startsWith("Bearer ")
        ? bearer.slice("Bearer ".length)
        : c.req.header("x-api-key");
      return key?.startsWith("nsk_") === true && key === options.secretKey;
    },
  });
  const app = fake.app;

  app.get("/products", (c) => c.json(products.map(listed)));
  app.get("/products/:id", (c) => {
    const product = products.find((candidate) => candidate.id === c.req.param("id"));
    if (!product) return fail(c, 404);
    const stockItems = warehouseOf(product)?.items ?? [];
    return c.json({ ...listed(product), purchaseNote: product.purchaseNote, stockItems });
  });
  app.get("/warehouses", (c) =>
    c.json(warehouses.map(({ items, ...rest }) => ({ ...rest, count: items.length }))),
  );
  app.get("/warehouses/:id", (c) => {
    const warehouse = warehouses.find((candidate) => candidate.id === c.req.param("id"));
    if (!warehouse) return fail(c, 404, "Warehouse not found");
    return c.json({
      id: warehouse.id,
      name: warehouse.name,
      count: warehouse.items.length,
      items: warehouse.items,
    });
  });
  app.get("/coupons", (c) => c.json(coupons));
  app.get("/orders", (c) => {
    const limit = Number(c.req.query("limit") ?? "50");
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      return fail(c, 400, "limit must be between 1 and 200");
    const status = c.req.query("status");
    const matching = orders.filter((order) => status === undefined || order.status === status);
    return c.json(matching.toReversed().slice(0, limit).map(orderView));
  });
  app.get("/orders/:invoiceId", (c) => {
    const order = orders.find((candidate) => candidate.invoiceId === c.req.param("invoiceId"));
    return order ? c.json(orderView(order)) : fail(c, 404, "Order not found");
  });
  app.post("/orders", async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    const product = products.find((candidate) => candidate.id === body?.productId);
    if (!body || !product || product.visibility === "private") return fail(c, 404);
    const quantity = body.quantity;
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1)
      return fail(c, 400);
    if (typeof body.customerEmail !== "string" || !body.customerEmail.includes("@"))
      return fail(c, 400, "customerEmail is required");
    if (product.type === "serials" && quantity > stockOf(product))
      return fail(c, 400, "Not enough stock");
    let cents = Math.round(product.price * 100) * quantity;
    if (body.coupon !== undefined) {
      const coupon = coupons.find((candidate) => candidate.code === body.coupon);
      if (coupon?.type !== "percent") return fail(c, 400, "Invalid coupon");
      const expired = coupon.expiresAt !== null && Date.parse(coupon.expiresAt) <= Date.now();
      const usedUp = coupon.maxUses !== null && coupon.uses >= coupon.maxUses;
      if (expired || usedUp) return fail(c, 400, "Invalid coupon");
      cents -= Math.floor((cents * coupon.value) / 100 + 0.5);
    }
    invoiceSeq += 1;
    const order: FakeOrder = {
      invoiceId: `AS-${String(invoiceSeq).padStart(6, "0")}`,
      productId: product.id,
      productTitle: product.title,
      quantity,
      total: cents / 100,
      currency: product.currency,
      status: "pending",
      gateway: typeof body.gateway === "string" ? body.gateway : "crypto",
      customerEmail: body.customerEmail,
      ...(typeof body.coupon === "string" ? { coupon: body.coupon } : {}),
      createdAt: new Date().toISOString(),
      deliveredItems: [],
    };
    orders.push(order);
    const origin = new URL(c.req.url).origin;
    return c.json({ ...orderView(order), checkoutUrl: `${origin}/pay/${order.invoiceId}` });
  });

  const listening = await fake.listen();

  return {
    apiBase: listening.url,
    products,
    warehouses,
    orders,
    coupons,
    requests,
    rateLimitNext: fake.rateLimitNext,
    failNext: fake.failNext,
    completeOrder(invoiceId) {
      const order = orders.find((candidate) => candidate.invoiceId === invoiceId);
      if (!order) throw new Error(`fake AstroSell has no order ${invoiceId}`);
      const product = products.find((candidate) => candidate.id === order.productId);
      const warehouse = product ? warehouseOf(product) : undefined;
      order.deliveredItems = warehouse
        ? warehouse.items.splice(0, order.quantity)
        : [`https://cdn.astrosell.io/d/${order.invoiceId}`];
      order.status = "completed";
      if (product) product.salesCount += order.quantity;
      const coupon = coupons.find((candidate) => candidate.code === order.coupon);
      if (coupon) coupon.uses += 1;
    },
    close: listening.close,
  };
}
