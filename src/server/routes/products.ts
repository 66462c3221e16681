import { type Context, Hono } from "hono";
import { LRUCache } from "lru-cache";
import { maxPageSize, maxSearchLength } from "../../core/product-query";
import type { AppDeps } from "../app-deps";
import { compressThreshold } from "../http/compress";
import { lookUpCounted } from "../http/counted-lookup";
import { type PreparedBody, sendPrepared } from "../http/prepared-body";
import { ProblemError } from "../http/problem-error";
import type { CatalogProduct } from "../platforms/platform";
import { toProductView } from "../views/product-view";
import { createProductBodies } from "./product-bodies";

const maxBatch = 100;

/**
 * How long a browser (or a CDN) may keep a product answer: no longer than the proxy keeps the
 * read itself, at most 15 s, and then show it while it asks again for up to six times that, at
 * most a minute. A shop that reads its stock live (`KIOSK_CACHE_FRESH_SECONDS=0`) is asked again
 * each time (a `304` when nothing changed).
 */
export function productCacheControl(freshMs: number): string {
  const seconds = Math.min(15, Math.floor(freshMs / 1000));
  return `public, max-age=${seconds}, stale-while-revalidate=${Math.min(60, seconds * 6)}`;
}

function positiveInt(
  value: string | undefined,
  field: string,
  fallback: number,
  max: number,
): number {
  if (value === undefined || value === "") return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new ProblemError("unprocessable", 422, `${field} is out of range`, {
      errors: { [field]: `must be a whole number from 1 to ${max}` },
    });
  }
  return Number(value);
}

/** A query string's names, each as written, or `undefined` when one is written encoded. */
function plainNames(url: string): string[] | undefined {
  const start = url.indexOf("?");
  if (start === -1) return [];
  const names: string[] = [];
  for (const part of url.slice(start + 1).split("&")) {
    const end = part.indexOf("=");
    const name = end === -1 ? part : part.slice(0, end);
    if (name.includes("%") || name.includes("+")) return undefined;
    names.push(name);
  }
  return names;
}

/**
 * A query parameter's value; a 422 problem naming it when it is given more than once
 * (`?category=a&category=b`), which no page of the widget sends and no answer could honour.
 * The names are counted as written, and the value read alone: reading every value of the query
 * (Hono's `queries`) took a seventh of a batch's time. A query with an encoded name is read whole.
 */
function single(context: Context, name: string): string | undefined {
  const names = plainNames(context.req.url);
  if (names === undefined) {
    const values = context.req.queries(name);
    if (values && values.length > 1) throw givenTwice(name);
    return values?.[0];
  }
  let count = 0;
  for (const written of names) if (written === name) count += 1;
  if (count > 1) throw givenTwice(name);
  return count === 0 ? undefined : context.req.query(name);
}

function givenTwice(name: string): ProblemError {
  return new ProblemError("unprocessable", 422, `${name} is given more than once`, {
    errors: { [name]: "must be given once" },
  });
}

/**
 * The ids of a batch (`?ids=a,b`), trimmed, each once, in the order asked; a 422 problem unless
 * there are 1 to 100 of them. One longer than any id (128 characters) is none the platform has:
 * left out of the answer as an unknown one is, never asked for, and never the reason a page's
 * other cards go without their products. Plain loops: a batch is asked for by every page of
 * cards, and array helpers cost several times more here.
 */
function batchIds(ids: string): string[] {
  const seen = new Set<string>();
  let named = 0;
  for (const part of ids.split(",")) {
    const id = part.trim();
    if (id) named += 1;
    if (id && id.length <= 128) seen.add(id);
  }
  if (named === 0 || seen.size > maxBatch) {
    throw new ProblemError("unprocessable", 422, "ids must name 1 to 100 products", {
      errors: { ids: `must be 1 to ${maxBatch} comma-separated product ids` },
    });
  }
  return Array.from(seen);
}

/** `GET /products` (a batch by ids, or a storefront page) and `GET /products/:id`. */
export function productRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  const cacheControl = productCacheControl(deps.freshMs);
  const bodies = createProductBodies((product, requestUrl) =>
    toProductView(product, deps.renderMarkdown, requestUrl, deps.basePath),
  );
  // Every product answer is tagged: a browser revalidating a card page's batch or a storefront
  // page after `max-age` gets a 304 when nothing in it changed.
  const send = (context: Context, body: PreparedBody) =>
    sendPrepared(context, body, {
      headers: { "cache-control": cacheControl },
      ...(bodies.kept(body) ? { encoders: deps.encoders } : {}),
      threshold: compressThreshold,
    });

  // A page's batch is asked for by every buyer who opens it, written the same way: its ids are
  // read once, not once a request (a tenth of a cached batch's time).
  const askedBatches = new LRUCache<
    string,
    { readonly list: readonly string[]; readonly key: string }
  >({
    max: 512,
  });

  /** The products of `ids` the platform has, visible or not; unknown ids count (see there). */
  const lookUp = (context: Context, ids: readonly string[]) =>
    lookUpCounted(deps.limiter, deps.clientOf(context), deps.catalog, ids);

  routes.get("/products", async (context) => {
    const ids = single(context, "ids");
    if (ids !== undefined) {
      let asked = askedBatches.get(ids);
      if (!asked) {
        const list = batchIds(ids);
        asked = { list, key: list.join(",") };
        // A page's batch, not any text a client sends: the memory it may take stays small.
        if (ids.length <= 4096) askedBatches.set(ids, asked);
      }
      const { list, key } = asked;
      const found = list.length === 0 ? [] : await lookUp(context, list);
      const byId = new Map<string, CatalogProduct>();
      for (const product of found) if (product.visible) byId.set(product.id, product);
      const shown: CatalogProduct[] = [];
      for (const id of list) {
        const product = byId.get(id);
        if (product) shown.push(product);
      }
      return send(context, await bodies.batch(key, shown, deps.publicUrl(context)));
    }
    const page = positiveInt(single(context, "page"), "page", 1, 100_000);
    const limit = positiveInt(single(context, "limit"), "limit", 12, maxPageSize);
    const search = single(context, "search")?.trim();
    const category = single(context, "category")?.trim();
    const searchTooLong = (search?.length ?? 0) > maxSearchLength;
    if (searchTooLong || (category?.length ?? 0) > maxSearchLength) {
      throw new ProblemError(
        "unprocessable",
        422,
        `search and category are limited to ${maxSearchLength} characters`,
        { errors: searchTooLong ? { search: "is too long" } : { category: "is too long" } },
      );
    }
    const query = {
      page,
      limit,
      ...(search ? { search } : {}),
      ...(category ? { category } : {}),
    };
    // A page no cache holds may be a platform call: counted against the client before it is.
    if (!deps.catalog.pageCached?.(query)) {
      await deps.limiter.take("storefrontQueries", deps.clientOf(context));
    }
    const result = await deps.catalog.listProducts(query);
    return send(context, await bodies.page(result, deps.publicUrl(context)));
  });

  routes.get("/products/:id", async (context) => {
    const id = context.req.param("id");
    const [product] = id.length > 128 ? [] : await lookUp(context, [id]);
    if (!product?.visible || product.id !== id) {
      throw new ProblemError("not_found", 404, "No such product");
    }
    return send(context, await bodies.one(product, deps.publicUrl(context)));
  });

  return routes;
}
