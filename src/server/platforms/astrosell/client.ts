import type { PlatformOptions } from "../platform";
import { type CouponList, couponList } from "../shared/coupon-list";
import { createdIdAt } from "../shared/created-id";
import { createPlatformHttp } from "../shared/platform-http";
import { readableProducts } from "../shared/priced-products";
import { describeError } from "./mapping";
import {
  type AstrosellCoupon,
  type AstrosellCreatedOrder,
  type AstrosellOrder,
  type AstrosellOrderBody,
  type AstrosellProduct,
  astrosellCouponListSchema,
  astrosellCreatedOrderSchema,
  astrosellOrderSchema,
  astrosellProductListSchema,
} from "./schemas";

/** AstroSell's calls, as the adapter makes them. Every response is validated against `schemas.ts`. */
export interface Client {
  /** `GET /products`: the whole catalog in one bare array, newest first; the products that can be read. */
  listProducts(): Promise<AstrosellProduct[]>;
  /** `GET /coupons`: every coupon of the shop, those read and those set aside (logged). Stays on the server. */
  listCoupons(): Promise<CouponList<AstrosellCoupon>>;
  /** `GET /orders/:invoiceId`. */
  getOrder(invoiceId: string): Promise<AstrosellOrder>;
  /** `POST /orders` (inferred: the document gives no order call). */
  createOrder(body: AstrosellOrderBody): Promise<AstrosellCreatedOrder>;
}

/**
 * The AstroSell HTTP client. Authenticates with `Authorization: Bearer nsk_…` as the document
 * prefers. It never calls `GET /products/:id` or `GET /warehouses/:id`: both answer with the
 * real serial keys, and the list already carries every field the contract needs, including the
 * live stock of shared warehouses.
 */
export function createClient(options: PlatformOptions): Client {
  const http = createPlatformHttp(options, {
    platform: "astrosell",
    headers: { authorization: `Bearer ${options.secretKey}` },
    describeError,
  });
  return {
    listProducts: async () =>
      readableProducts(
        "astrosell",
        options.logger,
        await http.request("GET", "/products", astrosellProductListSchema),
      ),
    listCoupons: async () =>
      couponList("astrosell", options.logger, [
        await http.request("GET", "/coupons", astrosellCouponListSchema),
      ]),
    getOrder: (invoiceId) =>
      http.request("GET", `/orders/${encodeURIComponent(invoiceId)}`, astrosellOrderSchema),
    // Not retried: AstroSell documents no idempotency key, so a second try could charge twice.
    createOrder: (body) =>
      http.request("POST", "/orders", astrosellCreatedOrderSchema, {
        json: body,
        createdId: createdIdAt(["invoiceId"]),
      }),
  };
}
