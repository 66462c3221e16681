import { z } from "zod";
import { eachProduct } from "../shared/priced-products";

/*
 * SellStein's upstream shapes, written from its API document. Objects are not strict: a field
 * SellStein adds is dropped here, while a field it renames or retypes fails loudly in one place.
 * Every schema keeps only what the proxy reads, so nothing else can travel further by accident.
 */

/** Product statuses the document lists (`active`, `draft`, `archived`); only `active` is sold. */
export const sellsteinProductStatuses = ["active", "draft", "archived"] as const;
export type SellsteinProductStatus = (typeof sellsteinProductStatuses)[number];

/** Product types the document lists for `POST /products`. */
export const sellsteinProductTypes = ["digital", "physical", "subscription", "service"] as const;
export type SellsteinProductType = (typeof sellsteinProductTypes)[number];

/**
 * Order statuses: the list filter's `pending, completed, refunded, cancelled, disputed`, plus
 * `shipped`, which `PATCH /orders/:id` sets and its example returns.
 */
export const sellsteinOrderStatuses = [
  "pending",
  "completed",
  "shipped",
  "refunded",
  "cancelled",
  "disputed",
] as const;
export type SellsteinOrderStatus = (typeof sellsteinOrderStatuses)[number];

/** Decimal price in major units (`29.99`); never negative. */
const decimalPrice = z.number().nonnegative();
/** Stock count, `-1` for unlimited. */
// `-1` is unlimited (the document); a count below it (sold past its stock) is read, as none
// left, rather than refused: refused, an oversold product would be left out of the catalog.
const stockCount = z.number().int();
const currencyCode = z.string().regex(/^[A-Za-z]{3}$/);

/** A variant as the product create call describes it: name, price and stock. */
export const sellsteinVariantSchema = z.object({
  /** Not in the document's table; used when SellStein sends one, the name otherwise. */
  id: z.string().min(1).optional(),
  name: z.string(),
  price: decimalPrice,
  stock: stockCount,
});
export type SellsteinVariant = z.output<typeof sellsteinVariantSchema>;

/** A product as `GET /business/:bizId/products` lists it. */
export const sellsteinProductSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  slug: z.string().optional(),
  price: decimalPrice,
  currency: currencyCode,
  status: z.enum(sellsteinProductStatuses),
  type: z.enum(sellsteinProductTypes),
  stock: stockCount,
  description: z.string().nullish(),
  category: z.string().nullish(),
  images: z.array(z.string()).optional(),
  variants: z.array(sellsteinVariantSchema).optional(),
});
export type SellsteinProduct = z.output<typeof sellsteinProductSchema>;

/** The document's pagination block, shared by every list. */
export const sellsteinPaginationSchema = z.object({
  page: z.number().int().min(1),
  limit: z.number().int().min(1),
  total: z.number().int().min(0),
  total_pages: z.number().int().min(0),
});

/**
 * `GET /business/:bizId/products`: `{ products, pagination }`, each product read on its own (one
 * that cannot be read is left out, not the page).
 */
export const sellsteinProductListSchema = z.object({
  products: eachProduct(sellsteinProductSchema),
  pagination: sellsteinPaginationSchema,
});
/** A page of products as the adapter serves it: the products that could be read. */
export interface SellsteinProductList {
  readonly products: SellsteinProduct[];
  readonly pagination: z.output<typeof sellsteinPaginationSchema>;
}

/** One line of an order, as the orders list shows it. */
export const sellsteinOrderItemSchema = z.object({
  product_id: z.string().min(1),
  product_name: z.string(),
  quantity: z.number().int().min(1),
  unit_price: decimalPrice,
  /** Not in the document; echoed when an order line names a variant. */
  variant: z.string().min(1).optional(),
});

/**
 * An order as the orders list shows it; `POST /orders` and `GET /orders/:id` follow the same
 * conventions and answer with this object. Customer details, tracking and internal notes are
 * deliberately not read.
 */
export const sellsteinOrderSchema = z.object({
  id: z.string().min(1),
  /** The number the buyer sees on SellStein's receipts (the document's `order_number: 1042`). */
  order_number: z.number().int().optional(),
  status: z.enum(sellsteinOrderStatuses),
  total: decimalPrice,
  currency: currencyCode,
  items: z.array(sellsteinOrderItemSchema),
  /** Not in the document's example; where the buyer pays, when SellStein gives one. */
  checkout_url: z.url().optional(),
  /** Not in the document's example; the goods of a completed order, when SellStein lists them. */
  delivered_items: z
    .array(z.object({ product_id: z.string().min(1).optional(), value: z.string().min(1) }))
    .optional(),
});
export type SellsteinOrder = z.output<typeof sellsteinOrderSchema>;

/**
 * `GET /business/:bizId/orders`: the list carries who bought and when, which the proxy checks
 * itself before it takes a listed order as the one an unanswered create made.
 */
export const sellsteinOrderListSchema = z.object({
  orders: z.array(
    sellsteinOrderSchema.extend({
      customer_email: z.string(),
      created_at: z.string(),
    }),
  ),
  pagination: sellsteinPaginationSchema,
});
export type SellsteinListedOrder = z.output<typeof sellsteinOrderListSchema>["orders"][number];

/** The document's error body: `{ error: { code, message, status, details: [{ field, issue }] } }`. */
export const sellsteinErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().optional(),
    status: z.number().int().optional(),
    details: z.array(z.object({ field: z.string(), issue: z.string().optional() })).optional(),
  }),
});

/** A webhook delivery: `{ event, data, timestamp, webhook_id }`. */
export const sellsteinWebhookSchema = z.object({
  event: z.string().min(1),
  data: z.unknown(),
  timestamp: z.string().optional(),
  webhook_id: z.string().optional(),
});

/** The order fields an `order.*` webhook's `data` is read for. */
export const sellsteinWebhookOrderSchema = z.object({
  id: z.string().min(1),
  status: z.enum(sellsteinOrderStatuses).optional(),
});
