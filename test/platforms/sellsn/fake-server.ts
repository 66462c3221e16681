import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { signStandardWebhook } from "../../../src/server/platforms/shared/webhook-signature";

/*
 * A fake SellSN on loopback, built from the API document's own examples: its full product objects
 * (with `files`, `webhookUrl`, `additionalFees`, `metadata`), the redacted "all products"
 * references that carry `stock` and the embedded `store`, the `{ success, pages, data }` envelope
 * with the page number in the path, its `{ success: false, message, invalidFields }` errors and
 * its Bearer auth with the document's 401. Orders follow SellSN's conventions (the document has
 * none). Like a real platform it serves fewer products per page than asked for (`maxPageSize`),
 * so the adapter has to follow `pages`.
 */

/** A product as SellSN stores it, plus its delivery items (never sent in a product body). */
export interface FakeSellsnProduct {
  id: string;
  dateCreated: string;
  name: string;
  description: string;
  cost: number;
  amountSold: number;
  files: { id: string; dateCreated: string; friendlyName: string }[];
  tags: string[];
  webhookUrl: string | null;
  visibility: number;
  isPinned: boolean;
  isDynamic: boolean;
  imageNames: string[];
  ignoreOutOfStock: boolean;
  customValueKeys: string[];
  shouldBlockVirtualPrivateNetworks: boolean;
  deliveryMessage: string | null;
  minimumQuantity: number;
  maximumQuantity: number;
  order: number;
  likes: number;
  isBestSeller: boolean;
  blacklistedPaymentGateways: string[];
  additionalFees: Record<string, string>;
  metadata: string | null;
  /** The serials handed out on delivery (`/items`); their count is the product's stock. */
  items: string[];
}

export interface FakeSellsnOrder {
  id: string;
  dateCreated: string;
  status: string;
  cost: number;
  currency: string;
  lines: { productId: string; quantity: number }[];
  emailAddress: string;
  customValues: Record<string, string>;
  gateway: string | null;
  deliveredItem: string | null;
}

/** Texts in the fake's data that must never leave the proxy. */
export const sellsnSecretValues = [
  "https://merchant.example/hooks/sellsn-delivery?token=wh_9f3kQ2",
  "https://gen.merchant.example/sellsn/dynamic?key=dyn_77Hq",
  "icon-pack-pro-master-2025.zip",
  "stripe_surcharge_internal",
  "supplier=KeyDirect;margin=41%",
  "restock from batch 2291 before Friday",
  "crypto_gateway_blocked_internal",
  "BETA-0001-UNLISTED-SERIAL",
  "STAFF-ONLY-SERIAL-7781",
  "203.0.113.77",
  "txn_internal_5521",
  "sellsn-internal-trace-91f2",
] as const;

const created = "2025-05-21T13:52:12.674Z";

function product(
  fields: Partial<FakeSellsnProduct> & Pick<FakeSellsnProduct, "id" | "name" | "cost">,
): FakeSellsnProduct {
  return {
    dateCreated: created,
    description: "text",
    amountSold: 1,
    files: [],
    tags: ["text"],
    webhookUrl: null,
    visibility: 0,
    isPinned: false,
    isDynamic: false,
    imageNames: ["text"],
    ignoreOutOfStock: false,
    customValueKeys: [],
    shouldBlockVirtualPrivateNetworks: true,
    deliveryMessage: null,
    minimumQuantity: 1,
    maximumQuantity: -1,
    order: 1,
    likes: 1,
    isBestSeller: false,
    blacklistedPaymentGateways: [],
    additionalFees: {},
    metadata: null,
    items: [],
    ...fields,
  };
}

/** Product ids, in the UUID form the document uses. */
export const sellsnIds = {
  windowsKey: "123e4567-e89b-12d3-a456-426614174001",
  spotify: "123e4567-e89b-12d3-a456-426614174002",
  iconPack: "123e4567-e89b-12d3-a456-426614174003",
  nitro: "123e4567-e89b-12d3-a456-426614174004",
  unlisted: "123e4567-e89b-12d3-a456-426614174005",
  staff: "123e4567-e89b-12d3-a456-426614174006",
  soldOut: "123e4567-e89b-12d3-a456-426614174007",
} as const;

/** The document's example product, varied into a small store: visible, hidden, sold out. */
export function seedProducts(): FakeSellsnProduct[] {
  return [
    product({
      id: sellsnIds.windowsKey,
      name: "Windows 11 Pro Retail Key",
      description: "A **genuine** retail key, delivered instantly.",
      cost: 19.99,
      webhookUrl: "https://merchant.example/hooks/sellsn-delivery?token=wh_9f3kQ2",
      deliveryMessage: "Activate within 30 days.",
      maximumQuantity: 5,
      isBestSeller: true,
      blacklistedPaymentGateways: ["crypto_gateway_blocked_internal"],
      additionalFees: { stripe_surcharge_internal: "1.25" },
      metadata: "supplier=KeyDirect;margin=41%",
      items: ["W11-AAAA-1111", "W11-BBBB-2222", "W11-CCCC-3333", "W11-DDDD-4444", "W11-EEEE-5555"],
    }),
    product({
      id: sellsnIds.spotify,
      name: "Spotify Premium 12 Months",
      cost: 4.5,
      ignoreOutOfStock: true,
      customValueKeys: ["Discord username", "Email for activation"],
      metadata: "restock from batch 2291 before Friday",
    }),
    product({
      id: sellsnIds.iconPack,
      name: "Icon Pack Pro",
      cost: 12,
      ignoreOutOfStock: true,
      files: [
        { id: randomUUID(), dateCreated: created, friendlyName: "icon-pack-pro-master-2025.zip" },
      ],
    }),
    product({
      id: sellsnIds.nitro,
      name: "Discord Nitro Generator",
      cost: 2.99,
      isDynamic: true,
      ignoreOutOfStock: true,
      webhookUrl: "https://gen.merchant.example/sellsn/dynamic?key=dyn_77Hq",
      minimumQuantity: 2,
      maximumQuantity: 10,
    }),
    product({
      id: sellsnIds.unlisted,
      name: "Unlisted Beta Key",
      cost: 9.99,
      visibility: 1,
      items: ["BETA-0001-UNLISTED-SERIAL"],
    }),
    product({
      id: sellsnIds.staff,
      name: "Private Staff Bundle",
      cost: 0.5,
      visibility: 2,
      items: ["STAFF-ONLY-SERIAL-7781"],
    }),
    product({ id: sellsnIds.soldOut, name: "Sold Out Game Key", cost: 29.99 }),
  ];
}

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
  failNext(times: number, status: 400 | 404 | 500): void;
  /** Pays and delivers an order: takes serials from the products' items. */
  completeOrder(orderId: string): void;
  setOrderStatus(orderId: string, status: string): void;
  close(): Promise<void>;
}

const notAuthorized = "You are not authorized, check your API key and try again.";
const notFound =
  "One of the objects referenced by the ID given in the URL or form was not found, check the ID and try again.";
const invalidForm =
  "The provided form information is not valid, check that the provided data is valid.";

/** The document's error body for a status (500 is not documented; it follows the same shape). */
export function sellsnErrorBody(status: number, invalidFields?: string[]) {
  if (status === 400) {
    return { success: false, message: invalidForm, invalidFields: invalidFields ?? [] };
  }
  if (status === 401) return { success: false, message: notAuthorized };
  if (status === 404) return { success: false, message: notFound };
  if (status === 429) return { success: false, message: "You are being rate limited." };
  return { success: false, message: "Internal error, trace sellsn-internal-trace-91f2" };
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
  const rateLimits: Record<string, string>[] = [];
  const failures: (400 | 404 | 500)[] = [];

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
  const fullProduct = ({ items: _items, ...rest }: FakeSellsnProduct) => rest;
  /** "Get all products": a redacted reference with `stock` and the store. */
  const reference = (p: FakeSellsnProduct) => ({
    id: p.id,
    dateCreated: p.dateCreated,
    name: p.name,
    description: p.description,
    tags: p.tags,
    imageNames: p.imageNames,
    cost: p.cost,
    stock: p.items.length,
    amountSold: p.amountSold,
    ignoreOutOfStock: p.ignoreOutOfStock,
    isPinned: p.isPinned,
    isDynamic: p.isDynamic,
    rating: 1,
    minimumQuantity: p.minimumQuantity,
    maximumQuantity: p.maximumQuantity,
    order: p.order,
    visibility: p.visibility,
    likes: p.likes,
    customValueKeys: p.customValueKeys,
    store,
  });
  const orderView = (order: FakeSellsnOrder) => ({
    id: order.id,
    dateCreated: order.dateCreated,
    products: order.lines.map((line) => {
      const item = products.find((p) => p.id === line.productId);
      return {
        id: randomUUID(),
        dateCreated: order.dateCreated,
        product: item ? fullProduct(item) : { id: line.productId, name: "text" },
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

  const app = new Hono();
  app.use("*", async (c, next) => {
    const url = new URL(c.req.url);
    const authorized = c.req.header("authorization") === `Bearer ${config.secretKey}`;
    requests.push({ method: c.req.method, path: `${url.pathname}${url.search}`, authorized });
    const limited = rateLimits.shift();
    if (limited) return c.json(sellsnErrorBody(429), 429, limited);
    const failure = failures.shift();
    if (failure) {
      return c.json(
        sellsnErrorBody(failure, failure === 400 ? ["Products[0].Quantity"] : undefined),
        failure,
      );
    }
    if (!authorized) return c.json(sellsnErrorBody(401), 401);
    await next();
  });

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
        data: products.slice((page - 1) * count, page * count).map(fullProduct),
      });
    }
    const found = products.find((p) => p.id === key);
    if (!found) return c.json(sellsnErrorBody(404), 404);
    return c.json({ success: true, message: "text", data: fullProduct(found) });
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

  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => {
    if (server.listening) resolve();
    else server.once("listening", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    products,
    orders,
    requests,
    rateLimitNext(times, headers) {
      rateLimits.splice(0, rateLimits.length, ...Array.from({ length: times }, () => headers));
    },
    failNext(times, status) {
      failures.splice(0, failures.length, ...Array.from({ length: times }, () => status));
    },
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}

/** A Standard Webhooks delivery about an order, signed as the adapter expects. */
export function signSellsnDelivery(
  secret: string,
  orderId: string,
  status: string,
  now: number = Date.now(),
  type = "order.updated",
): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({
    type,
    timestamp: new Date(now).toISOString(),
    data: { id: orderId, status },
  });
  const id = `msg_${randomUUID()}`;
  const timestamp = Math.floor(now / 1000);
  return {
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signStandardWebhook(secret, id, timestamp, body),
    },
    body,
  };
}
