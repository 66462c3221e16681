import { z } from "zod";
import type { PlatformOptions } from "../platform";
import { createdIdAt } from "../shared/created-id";
import { everyPage } from "../shared/every-page";
import { createPlatformHttp } from "../shared/platform-http";
import { readableProducts } from "../shared/priced-products";
import { requiredStoreId } from "../shared/store-id";
import { describeError, type SellsteinOrderRequest } from "./mapping";
import {
  type SellsteinListedOrder,
  type SellsteinOrder,
  type SellsteinProductList,
  type SellsteinProductStatus,
  sellsteinOrderListSchema,
  sellsteinOrderSchema,
  sellsteinProductListSchema,
} from "./schemas";

/** The document's cap on `limit` for every list. */
const maxPageSize = 100;
/** Pages of one buyer's recent orders read at most before the answer counts as unknown. */
const maxOrderPages = 10;

export interface SellsteinProductListParams {
  readonly page: number;
  /** The largest page the document allows when not given. */
  readonly limit?: number;
  readonly status?: SellsteinProductStatus;
  readonly search?: string;
  readonly category?: string;
}

/** The SellStein calls the adapter makes, each under `/business/:bizId/…`. */
export interface Client {
  /** `GET /business/:bizId/products`, one page: the products on it that can be read. */
  listProducts(params: SellsteinProductListParams): Promise<SellsteinProductList>;
  /** `POST /business/:bizId/orders`, the REST call behind the SDK's `orders.create`. */
  createOrder(body: SellsteinOrderRequest): Promise<SellsteinOrder>;
  /** `GET /business/:bizId/orders/:orderId`; throws `UpstreamError("not_found")` for none. */
  getOrder(orderId: string): Promise<SellsteinOrder>;
  /** `GET /business/:bizId/orders?customer_email=&from=`: one buyer's recent orders, every page; throws past a bound. */
  listOrders(params: { email: string; from: string }): Promise<SellsteinListedOrder[]>;
  /** `PATCH /business/:bizId/orders/:orderId` with `{ status: "cancelled" }`. */
  cancelOrder(orderId: string): Promise<void>;
}

/** The SellStein HTTP client: Bearer auth, every path under the business, no write retried. */
export function createClient(options: PlatformOptions): Client {
  const http = createPlatformHttp(options, {
    platform: "sellstein",
    headers: {
      authorization: `Bearer ${options.secretKey}`,
      "content-type": "application/json",
    },
    describeError,
  });
  const business = `business/${encodeURIComponent(requiredStoreId(options))}`;

  return {
    async listProducts(params) {
      const body = await http.request("GET", `${business}/products`, sellsteinProductListSchema, {
        searchParams: {
          page: params.page,
          limit: Math.min(Math.max(1, params.limit ?? maxPageSize), maxPageSize),
          status: params.status,
          search: params.search,
          category: params.category,
        },
      });
      return {
        products: readableProducts("sellstein", options.logger, body.products),
        pagination: body.pagination,
      };
    },
    createOrder(body) {
      // SellStein documents no idempotency key, so an order write is never retried.
      return http.request("POST", `${business}/orders`, sellsteinOrderSchema, {
        json: body,
        createdId: createdIdAt(["id"], ["order", "id"], ["data", "id"]),
      });
    },
    async listOrders({ email, from }) {
      // Every page: an order left unread would be taken for one never made, and made again.
      return everyPage("SellStein", maxOrderPages, async (page) => {
        const list = await http.request("GET", `${business}/orders`, sellsteinOrderListSchema, {
          searchParams: { customer_email: email, from, page, limit: maxPageSize },
        });
        return { items: list.orders, last: page >= list.pagination.total_pages };
      });
    },
    async cancelOrder(orderId) {
      await http.request(
        "PATCH",
        `${business}/orders/${encodeURIComponent(orderId)}`,
        z.unknown(),
        {
          json: { status: "cancelled" },
        },
      );
    },
    getOrder(orderId) {
      return http.request(
        "GET",
        `${business}/orders/${encodeURIComponent(orderId)}`,
        sellsteinOrderSchema,
      );
    },
  };
}
