import { problemTypes } from "../core/problem-types";
import type { Product } from "../core/types";
import { createHttp, type Http, HttpError } from "./http";
import { KioskError } from "./kiosk-error";
import { isBatch, isPage } from "./product-guard";
import { answer, isObject } from "./shape";
import type { ProblemKind } from "./strings";

/** What a widget client needs to reach a Kiosk proxy. */
export interface ClientOptions {
  /** The proxy's API base, e.g. `https://shop.example/api`. */
  readonly apiBase: string;
  /** The `fetch` to send requests with; the platform's by default. */
  readonly fetch?: typeof fetch;
  /** How many times a failed request is retried (network errors, 429, 502–504). Default 2. */
  readonly retries?: number;
}

/** A storefront query. */
export interface ProductQuery {
  readonly search?: string | undefined;
  readonly category?: string | undefined;
  readonly page?: number | undefined;
  readonly limit?: number | undefined;
}

/** One page of a storefront. */
export interface ProductPage {
  readonly data: Product[];
  readonly page: number;
  readonly pageCount: number;
}

/** The proxy's public API as the widget uses it. Create one with {@link createClient}. */
export interface KioskClient {
  readonly apiBase: string;
  /** Sends a request to the API and resolves with its JSON, for the checkout's own calls. */
  readonly http: Http;
  /**
   * Products by id in one request; ids the proxy does not know are simply absent. `sent`: the
   * same request already on its way, whose answer counts as the first attempt.
   */
  products(ids: readonly string[], sent?: Promise<Response>): Promise<Product[]>;
  list(query: ProductQuery): Promise<ProductPage>;
}

/** Creates a client for one proxy. Nothing is shared between clients. */
export function createClient(options: ClientOptions): KioskClient {
  const apiBase = options.apiBase.replace(/\/+$/, "");
  const http = createHttp({ apiBase, fetch: options.fetch, retries: options.retries ?? 2 });
  return {
    apiBase,
    http,
    products: async (ids, sent) => {
      const batch = await request(
        () => http("products", { searchParams: { ids: ids.join(",") }, sent }),
        answer<{ data: Product[] }>(isBatch),
      );
      return batch.data;
    },
    list: (query) => {
      const searchParams: Record<string, string> = {};
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== "") searchParams[key] = String(value);
      }
      return request(() => http("products", { searchParams }), answer<ProductPage>(isPage));
    },
  };
}

/** Anything that checks an unknown value: the light checks of `shape.ts`, or a zod schema. */
export interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

/** Sends a request and checks the answer's shape, turning every failure into a KioskError. */
export async function request<T>(send: () => Promise<unknown>, schema: Schema<T>): Promise<T> {
  let body: unknown;
  try {
    body = await send();
  } catch (error) {
    throw await toKioskError(error);
  }
  const result = schema.safeParse(body);
  if (!result.success) throw new KioskError("bad_response");
  return result.data;
}

async function toKioskError(error: unknown): Promise<KioskError> {
  if (error instanceof KioskError) return error;
  if (error instanceof HttpError) {
    const response = error.response;
    const retryAfter = Number(response.headers.get("retry-after")) || undefined;
    let body: { type?: unknown; errors?: unknown; codes?: unknown } = {};
    try {
      body = (await response.clone().json()) as typeof body;
    } catch {
      // Not JSON: the status alone says what happened.
    }
    const kind = (problemTypes as readonly unknown[]).includes(body.type)
      ? (body.type as ProblemKind)
      : kindOfStatus(response.status);
    // Anything but an object leaves the error's default, no messages.
    const object = (value: unknown) => (isObject(value) ? value : undefined);
    return new KioskError(
      kind,
      response.status,
      object(body.errors) as Record<string, string> | undefined,
      retryAfter,
      object(body.codes),
    );
  }
  // No answer, or none within the timeout (a `TimeoutError` DOMException).
  if (error instanceof TypeError || (error as Error | undefined)?.name === "TimeoutError") {
    return new KioskError("network");
  }
  return new KioskError("bad_response");
}

function kindOfStatus(status: number): ProblemKind {
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 422) return "unprocessable";
  if (status === 429) return "rate_limited";
  if (status === 502 || status === 503) return "upstream_unavailable";
  if (status >= 400 && status < 500) return "invalid_request";
  return "server_error";
}
