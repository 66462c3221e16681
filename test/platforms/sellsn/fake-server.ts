import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { createFakeUpstream, type InjectedStatus } from "../fake-upstream";
import {
  created,
  type FakeSellsnOrder,
  type FakeSellsnProduct,
  productReference,
  publicView,
  seedProducts,
  sellsnErrorBody,
  storeScopedProduct,
} from "./fake-data";

/*
 * A fake SellSN on loopback, built from the API document's own examples: the redacted "all products"
 * references that carry `stock` and the embedded `store`, the `{ success, pages, data }` envelope
 * with the page number in the path, its `{ success: false, message, invalidFields }` errors and
 * its Bearer auth with the document's 401. Orders follow SellSN's conventions (the document has
 * none). Like a real platform it serves fewer products per page than asked for (`maxPageSize`),
 * so the adapter has to follow `pages`.
 */

export interface FakeSellsnOptions {
  readonly secretKey: string;
  readonly storeId: string;
  readonly storeName: string;
  readonly currency: string;
  /** The most products one page holds, whatever `count` asks for. */
  readonly maxPageSize: number;
  readonly products: FakeSellsnProduct[];
}

export interface FakeSellsn {
  readonly baseUrl: string;
  readonly products: FakeSellsnProduct[];
  readonly orders: Map<string, FakeSellsnOrder>;
  /** Every request received: method, path with query, and whether it carried the right key. */
  readonly requests: { method: string; path: string; authorized: boolean }[];
  /** The next `times` requests answer 429 with these headers (replacing any still queued). */
  rateLimitNext(times: number, headers: Record<string, string>): void;
  /** The next `times` requests answer the document's error body (replacing any still queued). */
  failNext(times: number, status: InjectedStatus): void;
  /** Pays and delivers an order: takes serials from the products' items. */
  completeOrder(orderId: string): void;
  setOrderStatus(orderId: string, status: string): void;
  close(): Promise<void>;
}

function cents(value: number): number {
  return Math.round(value * 100);
}

/** Starts the fake on 127.0.0.1 at a free port. */
export async function startFakeSellsn(
  options: Partial<FakeSellsnOptions> = {},
): Promise<FakeSellsn> {
  const config: FakeSellsnOptions = {
    secretKey: "test-jwt",
    storeId: "7d0f6a2e-3b1c-4e8a-9f21-5c6d7e8f9a01",
    storeName: "Pixel Keys",
    currency: "EUR",
    maxPageSize: 2,
    products: seedProducts(),
    ...options,
  };
  const products = config.products;
  const orders = new Map<string, FakeSellsnOrder>();
  const requests: FakeSellsn["requests"] = [];

  const store = {
    id: config.storeId,
    dateCreated: created,
    name: config.storeName,
    description: "text",
    url: "pixel-keys",
    customDomain: "text",
    termsOfService: "text",
    copyright: "text",
    privacyPolicy: "text",
    preferredCurrency: config.currency,
    isVerified: true,
    featuredProduct: null,
    visits: 1,
    reviews: 1,
    rating: 1,
    resolvedTickets: 1,
    productsSold: 1,
    theme: { properties: { ANY_ADDITIONAL_PROPERTY: "text" } },
    socialMediaAccounts: { discord: "text" },
    profileImage: "text",
  };

  /** The full product object of the document (secrets included, as SellSN sends them). */
  const reference = (p: FakeSellsnProduct) => productReference(p, store);
  const orderView = (order: FakeSellsnOrder) => ({
    id: order.id,
    dateCreated: order.dateCreated,
    products: order.lines.map((line) => {
      const item = products.find((p) => p.id === line.productId);
      return {
        id: randomUUID(),
        dateCreated: order.dateCreated,
        product: item ? storeScopedProduct(item) : { id: line.productId, name: "text" },
        quantity: line.quantity,
      };
    }),
    deliveredItem: order.deliveredItem,
    status: order.status,
    gateway: order.gateway,
    transactionId: "txn_internal_5521",
    countryCode: "DE",
    ipAddress: "203.0.113.77",
    userAgent: "Kiosk-Proxy/1.0",
    customer: { id: randomUUID(), emailAddress: order.emailAddress, ipAddress: "203.0.113.77" },
    cost: order.cost,
    currency: order.currency,
    checkoutUrl: `https://sellsn.io/checkout/${order.id}`,
    customValues: order.customValues,
  });

  const fake = createFakeUpstream({
    basePath: "",
    onRequest(c) {
      const url = new URL(c.req.url);
      const authorized = c.req.header("authorization") === `Bearer ${config.secretKey}`;
      requests.push({ method: c.req.method, path: `${url.pathname}${url.search}`, authorized });
    },
    errorResponse(c, status, headers) {
      const invalid = status === 400 ? ["Products[0].Quantity"] : undefined;
      return c.json(sellsnErrorBody(status, invalid), status, headers);
    },
    authorized: (c) =>
      // The public product view needs no key.
      /^\/products\/[^/]+\/view$/.test(c.req.path) ||
      c.req.header("authorization") === `Bearer ${config.secretKey}`,
  });
  const app = fake.app;

  const withStore = (c: Context) => c.req.param("storeId") === config.storeId;

  app.get("/stores/:storeId/products", (c) => {
    if (!withStore(c)) return c.json(sellsnErrorBody(404), 404);
    return c.json({
      success: true,
      message: "The object was successfully returned.",
      data: products.map(reference),
    });
  });

  // `{page}` and `{productId}` share one path shape: a number is a page, a UUID a product.
  app.get("/stores/:storeId/products/:pageOrId", (c) => {
    if (!withStore(c)) return c.json(sellsnErrorBody(404), 404);
    const key = c.req.param("pageOrId");
    if (/^\d+$/.test(key)) {
      const asked = Number(c.req.query("count") ?? "15");
      const count = Math.max(1, Math.min(Number.isFinite(asked) ? asked : 15, config.maxPageSize));
      const page = Math.max(1, Number(key));
      return c.json({
        success: true,
        pages: Math.ceil(products.length / count),
        data: products.slice((page - 1) * count, page * count).map(storeScopedProduct),
      });
    }
    const found = products.find((p) => p.id === key);
    if (!found) return c.json(sellsnErrorBody(404), 404);
    return c.json({ success: true, message: "text", data: storeScopedProduct(found) });
  });

  app.get("/products/:productId/view", (c) => {
    const found = products.find((p) => p.id === c.req.param("productId"));
    if (!found) return c.json(sellsnErrorBody(404), 404);
    return c.json({ success: true, message: "text", data: publicView(found) });
  });

  app.post("/stores/:storeId/orders", async (c) => {
    if (!withStore(c)) return c.json(sellsnErrorBody(404), 404);
    const body = (await c.req.json().catch(() => ({}))) as {
      emailAddress?: unknown;
      products?: { productId?: unknown; quantity?: unknown }[];
      customValues?: Record<string, unknown>;
      gateway?: unknown;
    };
    const invalid: string[] = [];
    if (typeof body.emailAddress !== "string" || !/^[^@\s]+@[^@\s]+$/.test(body.emailAddress)) {
      invalid.push("EmailAddress");
    }
    const lines: FakeSellsnOrder["lines"] = [];
    let total = 0;
    for (const [index, line] of (Array.isArray(body.products) ? body.products : []).entries()) {
      const item = products.find((p) => p.id === line.productId && p.visibility !== 2);
      const quantity = typeof line.quantity === "number" ? line.quantity : 0;
      if (!item) {
        invalid.push(`Products[${index}].ProductId`);
        continue;
      }
      const limited = !item.ignoreOutOfStock && !item.isDynamic;
      if (
        !Number.isInteger(quantity) ||
        quantity < item.minimumQuantity ||
        (item.maximumQuantity !== -1 && quantity > item.maximumQuantity) ||
        (limited && quantity > item.items.length)
      ) {
        invalid.push(`Products[${index}].Quantity`);
        continue;
      }
      for (const key of item.customValueKeys) {
        if (typeof body.customValues?.[key] !== "string") invalid.push(`CustomValues.${key}`);
      }
      lines.push({ productId: item.id, quantity });
      total += cents(item.cost) * quantity;
    }
    if (lines.length === 0 && invalid.length === 0) invalid.push("Products");
    if (invalid.length > 0) return c.json(sellsnErrorBody(400, invalid), 400);
    const order: FakeSellsnOrder = {
      id: randomUUID(),
      dateCreated: new Date().toISOString(),
      status: "Pending",
      cost: total / 100,
      currency: config.currency,
      lines,
      emailAddress: body.emailAddress as string,
      customValues: Object.fromEntries(
        Object.entries(body.customValues ?? {}).map(([key, value]) => [key, String(value)]),
      ),
      gateway: typeof body.gateway === "string" ? body.gateway : null,
      deliveredItem: null,
    };
    orders.set(order.id, order);
    return c.json({
      success: true,
      message: "The object was successfully created.",
      data: orderView(order),
    });
  });

  app.get("/stores/:storeId/orders/:orderId", (c) => {
    if (!withStore(c)) return c.json(sellsnErrorBody(404), 404);
    const order = orders.get(c.req.param("orderId"));
    if (!order) return c.json(sellsnErrorBody(404), 404);
    return c.json({ success: true, message: "text", data: orderView(order) });
  });

  app.notFound((c) => c.json(sellsnErrorBody(404), 404));

  const listening = await fake.listen();

  return {
    baseUrl: listening.url,
    products,
    orders,
    requests,
    rateLimitNext: fake.rateLimitNext,
    failNext: fake.failNext,
    completeOrder(orderId) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no such order: ${orderId}`);
      const delivered: string[] = [];
      for (const line of order.lines) {
        const item = products.find((p) => p.id === line.productId);
        if (!item) continue;
        for (let i = 0; i < line.quantity; i += 1) {
          delivered.push(item.items.shift() ?? `GEN-${randomUUID().slice(0, 8).toUpperCase()}`);
        }
        item.amountSold += line.quantity;
      }
      order.deliveredItem = delivered.join("\n");
      order.status = "Completed";
    },
    setOrderStatus(orderId, status) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no such order: ${orderId}`);
      order.status = status;
    },
    close: listening.close,
  };
}
