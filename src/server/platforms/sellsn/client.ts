import type { PlatformOptions } from "../platform";
import { createdIdAt } from "../shared/created-id";
import { createPlatformHttp } from "../shared/platform-http";
import { readableProducts } from "../shared/priced-products";
import { requiredStoreId } from "../shared/store-id";
import { unlessNotFound } from "../upstream/unless-not-found";
import { describeError } from "./mapping";
import {
  type SellsnOrder,
  type SellsnOrderRequest,
  type SellsnProduct,
  type SellsnProductReference,
  type SellsnPublicView,
  sellsnOrderEnvelopeSchema,
  sellsnProductEnvelopeSchema,
  sellsnProductPageSchema,
  sellsnProductReferencesSchema,
  sellsnPublicViewSchema,
} from "./schemas";

/** How many products the adapter asks for per page; SellSN may send fewer and says how many pages. */
const pageSize = 100;

/** A bound on pages followed in one catalog read, so a platform that miscounts cannot loop us. */
const maxPages = 200;

/** The SellSN calls the adapter makes, each validated against the document's shapes. */
export interface Client {
  /** Every product of the store, following `/products/{page}` until the last page. */
  listAllProducts(): Promise<SellsnProduct[]>;
  /** `GET /stores/{storeId}/products/{productId}`: one product, or `undefined` when there is none. */
  getProduct(productId: string): Promise<SellsnProduct | undefined>;
  /** `GET /products/{productId}/view`: the public view, or `undefined` when there is none. */
  getPublicView(productId: string): Promise<SellsnPublicView | undefined>;
  /** `GET /stores/{storeId}/products`: the redacted references, the only listing with stock. */
  listProductReferences(): Promise<SellsnProductReference[]>;
  /** `POST /stores/{storeId}/orders` (inferred: the document has no order endpoints). */
  createOrder(body: SellsnOrderRequest): Promise<SellsnOrder>;
  /** `GET /stores/{storeId}/orders/{orderId}` (inferred). */
  getOrder(orderId: string): Promise<SellsnOrder>;
}

/** The SellSN HTTP client: Bearer auth, a named user agent, every path under the store. */
export function createClient(options: PlatformOptions): Client {
  const http = createPlatformHttp(options, {
    platform: "sellsn",
    headers: {
      authorization: `Bearer ${options.secretKey}`,
      // SellSN asks every integration to name itself in the user agent.
      "user-agent": "Kiosk-Proxy/1.0",
    },
    describeError,
  });
  const store = `stores/${encodeURIComponent(requiredStoreId(options))}`;

  return {
    async listAllProducts() {
      const byId = new Map<string, SellsnProduct>();
      let pages = 1;
      for (let page = 1; page <= pages; page += 1) {
        const body = await http.request(
          "GET",
          `${store}/products/${page}`,
          sellsnProductPageSchema,
          { searchParams: { count: pageSize } },
        );
        // Products created or deleted between two pages shift the rest; the first copy wins.
        const products = readableProducts("sellsn", options.logger, body.data);
        for (const product of products) if (!byId.has(product.id)) byId.set(product.id, product);
        pages = Math.min(body.pages, maxPages);
        if (page === maxPages && body.pages > maxPages) {
          options.logger.warn("sellsn_catalog_truncated", { pages: body.pages });
        }
        // A page none of whose products can be read has failed above: none read is none there.
        if (products.length === 0) break;
      }
      return [...byId.values()];
    },

    async getProduct(productId) {
      const body = await unlessNotFound(
        http.request(
          "GET",
          `${store}/products/${encodeURIComponent(productId)}`,
          sellsnProductEnvelopeSchema,
        ),
      );
      return body?.data;
    },

    async getPublicView(productId) {
      const path = `products/${encodeURIComponent(productId)}/view`;
      const body = await unlessNotFound(http.request("GET", path, sellsnPublicViewSchema));
      return body?.data;
    },

    async listProductReferences() {
      const body = await http.request("GET", `${store}/products`, sellsnProductReferencesSchema);
      return readableProducts("sellsn", options.logger, body.data);
    },

    async createOrder(body) {
      const response = await http.request("POST", `${store}/orders`, sellsnOrderEnvelopeSchema, {
        json: body,
        createdId: createdIdAt(["data", "id"]),
      });
      return response.data;
    },

    async getOrder(orderId) {
      const response = await http.request(
        "GET",
        `${store}/orders/${encodeURIComponent(orderId)}`,
        sellsnOrderEnvelopeSchema,
      );
      return response.data;
    },
  };
}
