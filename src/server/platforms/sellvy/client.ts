import type { z } from "zod";
import type { PlatformOptions } from "../platform";
import { type CouponList, couponList } from "../shared/coupon-list";
import { createdIdAt } from "../shared/created-id";
import { everyPage } from "../shared/every-page";
import { createPlatformHttp } from "../shared/platform-http";
import { readableProducts } from "../shared/priced-products";
import type { UpstreamClient } from "../upstream/http-client";
import { unlessNotFound } from "../upstream/unless-not-found";
import { describeError } from "./mapping";
import {
  itemSchema,
  listSchema,
  type SellvyCategory,
  type SellvyCoupon,
  type SellvyListedOrder,
  type SellvyOrder,
  type SellvyProduct,
  sellvyCategorySchema,
  sellvyCouponListSchema,
  sellvyListedOrderSchema,
  sellvyOrderSchema,
  sellvyProductListSchema,
  sellvyProductSchema,
} from "./schemas";

/** The document's `per_page` maximum. */
const maxPerPage = 100;

/** Walking a whole list stops here, so a misbehaving `meta` cannot loop the proxy forever. */
const maxPagesWalked = 100;
/** Pages of one buyer's recent orders read at most before the answer counts as unknown. */
const maxOrderPages = 10;

/** One page of a Sellvy list, as the envelope's `meta` describes it. */
export interface SellvyPage<T> {
  readonly data: T[];
  readonly page: number;
  readonly perPage: number;
  readonly total: number;
}

/** The inferred body of `POST /orders`, in Sellvy's snake_case. */
export interface SellvyOrderRequest {
  readonly customer_email: string;
  readonly items: readonly {
    readonly product_id: string;
    readonly variant_id?: string;
    readonly quantity: number;
  }[];
  readonly coupon_code?: string;
  readonly payment_method?: string;
  readonly custom_fields?: Readonly<Record<string, string>>;
}

/** The Sellvy calls Kiosk makes, each validated against the document's shapes. */
export interface Client {
  listProducts(query: {
    page: number;
    /** The document's maximum when not given. */
    perPage?: number;
    search?: string;
    categoryId?: string;
  }): Promise<SellvyPage<SellvyProduct>>;
  /** `undefined` when Sellvy answers 404. */
  getProduct(id: string): Promise<SellvyProduct | undefined>;
  /** Every coupon, following the list's pages: those read, and those set aside (logged). */
  listCoupons(): Promise<CouponList<SellvyCoupon>>;
  /** Every category, following the list's pages. */
  listCategories(): Promise<SellvyCategory[]>;
  createOrder(body: SellvyOrderRequest): Promise<SellvyOrder>;
  /** `undefined` when Sellvy answers 404. */
  getOrder(id: string): Promise<SellvyOrder | undefined>;
  /** `GET /orders?customer_email=&product_id=&date_from=`: one buyer's recent orders of a product, every page; throws past a bound. */
  listOrders(params: {
    email: string;
    productId: string;
    from: string;
  }): Promise<SellvyListedOrder[]>;
}

const productItem = itemSchema(sellvyProductSchema);
const categoryList = listSchema(sellvyCategorySchema);
const orderItem = itemSchema(sellvyOrderSchema);
const listedOrders = listSchema(sellvyListedOrderSchema);

/** Creates the Sellvy client: `Authorization: Bearer sk_…` on every call, as the document says. */
export function createClient(options: PlatformOptions): Client {
  const http: UpstreamClient = createPlatformHttp(options, {
    platform: "sellvy",
    headers: { authorization: `Bearer ${options.secretKey}` },
    describeError,
  });

  /** Each page's `data` of a whole list, `size` telling how many entries a page held. */
  async function walkPages<D>(
    path: string,
    schema: z.ZodType<{ data: D; meta: { page: number; per_page: number; total: number } }>,
    size: (data: D) => number,
  ): Promise<D[]> {
    const pages: D[] = [];
    for (let page = 1; page <= maxPagesWalked; page += 1) {
      const body = await http.request("GET", path, schema, {
        searchParams: { page, per_page: maxPerPage },
      });
      pages.push(body.data);
      if (size(body.data) === 0 || page * body.meta.per_page >= body.meta.total) break;
    }
    return pages;
  }

  async function walk<T>(
    path: string,
    schema: z.ZodType<{ data: T[]; meta: { page: number; per_page: number; total: number } }>,
  ): Promise<T[]> {
    return (await walkPages(path, schema, (data) => data.length)).flat();
  }

  return {
    async listProducts(query) {
      const body = await http.request("GET", "products", sellvyProductListSchema, {
        searchParams: {
          page: query.page,
          per_page: Math.min(Math.max(1, query.perPage ?? maxPerPage), maxPerPage),
          visible: true,
          search: query.search,
          category_id: query.categoryId,
        },
      });
      return {
        data: readableProducts("sellvy", options.logger, body.data),
        page: body.meta.page,
        perPage: body.meta.per_page,
        total: body.meta.total,
      };
    },
    getProduct(id) {
      return unlessNotFound(
        http
          .request("GET", `products/${encodeURIComponent(id)}`, productItem)
          .then((body) => body.data),
      );
    },
    async listCoupons() {
      const pages = await walkPages(
        "coupons",
        sellvyCouponListSchema,
        (data) => data.read.length + data.unread.length,
      );
      return couponList("sellvy", options.logger, pages);
    },
    listCategories() {
      return walk("categories", categoryList);
    },
    async createOrder(body) {
      // Not idempotent upstream (Sellvy documents no idempotency key), so never retried.
      const created = await http.request("POST", "orders", orderItem, {
        json: body,
        createdId: createdIdAt(["data", "id"], ["id"]),
      });
      return created.data;
    },
    listOrders({ email, productId, from }) {
      // Every page: an order left unread would be taken for one never made, and made again.
      return everyPage("Sellvy", maxOrderPages, async (page) => {
        const list = await http.request("GET", "orders", listedOrders, {
          searchParams: {
            customer_email: email,
            product_id: productId,
            date_from: from,
            page,
            per_page: maxPerPage,
          },
        });
        return { items: list.data, last: page * list.meta.per_page >= list.meta.total };
      });
    },
    getOrder(id) {
      return unlessNotFound(
        http
          .request("GET", `orders/${encodeURIComponent(id)}`, orderItem)
          .then((body) => body.data),
      );
    },
  };
}
