import type { z } from "zod";
import type { PlatformOptions } from "../platform";
import { createdIdAt } from "../shared/created-id";
import { createPlatformHttp } from "../shared/platform-http";
import { readableProducts } from "../shared/priced-products";
import { describeError, problemTraceId } from "./mapping";
import {
  type SxCreateOrderBody,
  type SxProductList,
  sxOrderSchema,
  sxProductListSchema,
  sxProductSchema,
} from "./schemas";

/** The most items the document allows per list page. */
const maxPageSize = 100;

/** The upstream calls the adapter makes, typed by the document's shapes. */
export interface Client {
  /** One page (the largest there is) of active products after `cursor`, a `next_cursor`. */
  listProducts(cursor: string | undefined): Promise<SxProductList>;
  getProduct(id: string): Promise<z.output<typeof sxProductSchema>>;
  /** `POST /orders` with the buyer's attempt key, so a retried write creates nothing new. */
  createOrder(
    body: SxCreateOrderBody,
    idempotencyKey: string,
  ): Promise<z.output<typeof sxOrderSchema>>;
  getOrder(id: string): Promise<z.output<typeof sxOrderSchema>>;
}

/**
 * The HTTP client for the `sx_` platform. The document gives no paths or base URL, so `apiBase`
 * (`KIOSK_API_BASE`) is the versioned root and the paths are the platform's REST collections:
 * `/products`, `/products/:id`, `/orders`, `/orders/:id`.
 */
export function createClient(options: PlatformOptions): Client {
  const http = createPlatformHttp(options, {
    platform: "sx",
    headers: { authorization: `Bearer ${options.secretKey}` },
    describeError(status, body) {
      // The trace id is what the platform's support asks for; the rest of the body stays here.
      const traceId = status >= 500 ? problemTraceId(body) : undefined;
      if (traceId) options.logger.warn("sx_server_error", { status, traceId });
      return describeError(status, body);
    },
  });

  return {
    async listProducts(cursor) {
      const list = await http.request("GET", "/products", sxProductListSchema, {
        searchParams: { limit: maxPageSize, status: "active", cursor },
      });
      return { ...list, data: readableProducts("sx", options.logger, list.data) };
    },
    getProduct(id) {
      return http.request("GET", `/products/${encodeURIComponent(id)}`, sxProductSchema);
    },
    createOrder(body, idempotencyKey) {
      return http.request("POST", "/orders", sxOrderSchema, {
        json: body,
        headers: { "idempotency-key": idempotencyKey },
        // Same key + same body returns the same order upstream, so a retry cannot double-charge.
        idempotent: true,
        createdId: createdIdAt(["id"], ["data", "id"]),
      });
    },
    getOrder(id) {
      return http.request("GET", `/orders/${encodeURIComponent(id)}`, sxOrderSchema);
    },
  };
}
