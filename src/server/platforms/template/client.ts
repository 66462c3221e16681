import type { PlatformOptions } from "../platform";
import { createPlatformHttp } from "../shared/platform-http";
import { readableProducts } from "../shared/priced-products";
import { unlessNotFound } from "../upstream/unless-not-found";
import { describeError } from "./mapping";
import {
  type TemplateOrder,
  type TemplateOrderBody,
  type TemplateProduct,
  templateOrderSchema,
  templateProductListSchema,
  templateProductSchema,
} from "./schemas";

/** The platform's calls, as the adapter makes them; each response is parsed by `schemas.ts`. */
export interface Client {
  listProducts(): Promise<TemplateProduct[]>;
  /** `undefined` when the platform has no such product. */
  getProduct(id: string): Promise<TemplateProduct | undefined>;
  createOrder(body: TemplateOrderBody): Promise<TemplateOrder>;
  getOrder(id: string): Promise<TemplateOrder>;
}

/** The platform's HTTP client: the documented auth header on every call. */
export function createClient(options: PlatformOptions): Client {
  const http = createPlatformHttp(options, {
    platform: "template",
    headers: { authorization: `Bearer ${options.secretKey}` },
    describeError,
  });
  return {
    listProducts: async () =>
      readableProducts(
        "template",
        options.logger,
        (await http.request("GET", "products", templateProductListSchema)).data,
      ),
    getProduct: (id) =>
      unlessNotFound(
        http.request("GET", `products/${encodeURIComponent(id)}`, templateProductSchema),
      ),
    // Not retried: a write is only retried where the platform honours an idempotency key.
    createOrder: (body) => http.request("POST", "orders", templateOrderSchema, { json: body }),
    getOrder: (id) => http.request("GET", `orders/${encodeURIComponent(id)}`, templateOrderSchema),
  };
}
