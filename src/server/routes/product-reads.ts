import { LRUCache } from "lru-cache";
import type { AppDeps } from "../app-deps";
import { compressThreshold } from "../http/compress";
import { lookUpCounted } from "../http/counted-lookup";
import type { PreparedBody, SendOptions } from "../http/prepared-body";
import { ProblemError } from "../http/problem-error";
import type { CatalogProduct } from "../platforms/platform";
import { toProductView } from "../views/product-view";
import { createProductBodies, type ProductBodies, type RequestUrl } from "./product-bodies";

const maxBatch = 100;

/** Ids longer than this are none the platform has: never asked for. */
const maxIdLength = 128;

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

/**
 * The ids of a batch (`?ids=a,b`), trimmed, each once, in the order asked; a 422 problem unless
 * there are 1 to 100 of them. One longer than any id is none the platform has: left out of the
 * answer as an unknown one is, never asked for, and never the reason a page's other cards go
 * without their products. Plain loops: a batch is asked for by every page of cards, and array
 * helpers cost several times more here.
 */
function batchIds(ids: string): string[] {
  const seen = new Set<string>();
  let named = 0;
  for (const part of ids.split(",")) {
    const id = part.trim();
    if (id) named += 1;
    if (id && id.length <= maxIdLength) seen.add(id);
  }
  if (named === 0 || seen.size > maxBatch) {
    throw new ProblemError("unprocessable", 422, "ids must name 1 to 100 products", {
      errors: { ids: `must be 1 to ${maxBatch} comma-separated product ids` },
    });
  }
  return Array.from(seen);
}

/** A batch as asked for: its ids, and the key its body is kept under. */
interface AskedBatch {
  readonly list: readonly string[];
  readonly key: string;
}

/**
 * The product reads a card page makes (`GET /products/:id`, `GET /products?ids=`), for the
 * routes and for the reader that answers them before the router: the same lookups, bodies and
 * headers either way.
 */
export interface ProductReads {
  /**
   * One visible product's body; a 404 problem for one hidden or unknown. Given `found` (what
   * `cachedOne` gave), it is not looked up again.
   */
  one(
    id: string,
    client: string | undefined,
    requestUrl: RequestUrl,
    found?: readonly CatalogProduct[],
  ): Promise<PreparedBody>;
  /**
   * A batch's body (`ids` as the query gives it): the visible products found, in the order
   * asked; a 422 problem for a list of no ids or too many. Given `found` (what `cachedBatch`
   * gave), they are not looked up again.
   */
  batch(
    ids: string,
    client: string | undefined,
    requestUrl: RequestUrl,
    found?: readonly CatalogProduct[],
  ): Promise<PreparedBody>;
  /**
   * The products `one(id)` or `batch(ids)` would look up, when the lookup would ask the platform
   * nothing and count nothing against the client (every id fresh in the cache, found or not, and
   * a batch's list a good one); `undefined` otherwise.
   */
  cachedOne(id: string): readonly CatalogProduct[] | undefined;
  cachedBatch(ids: string): readonly CatalogProduct[] | undefined;
  /** How a product answer's body is sent. */
  sendOptions(body: PreparedBody): SendOptions;
  /** The bodies, for a storefront page's too. */
  readonly bodies: ProductBodies;
}

export function createProductReads(deps: AppDeps): ProductReads {
  const headers = { "cache-control": productCacheControl(deps.freshMs) };
  const bodies = createProductBodies((product, requestUrl) =>
    toProductView(product, deps.renderMarkdown, requestUrl, deps.basePath),
  );
  // Every product answer is tagged: a browser revalidating a card page's batch or a storefront
  // page after `max-age` gets a 304 when nothing in it changed.
  const keptOptions: SendOptions = {
    headers,
    encoders: deps.encoders,
    threshold: compressThreshold,
  };
  const madeOptions: SendOptions = { headers, threshold: compressThreshold };
  const sendOptions = (body: PreparedBody) => (bodies.kept(body) ? keptOptions : madeOptions);
  // A page's batch is asked for by every buyer who opens it, written the same way: its ids are
  // read once, not once a request (a tenth of a cached batch's time).
  const askedBatches = new LRUCache<string, AskedBatch>({ max: 512 });
  const asked = (ids: string): AskedBatch => {
    let batch = askedBatches.get(ids);
    if (!batch) {
      const list = batchIds(ids);
      batch = { list, key: list.join(",") };
      // A page's batch, not any text a client sends: the memory it may take stays small.
      if (ids.length <= 4096) askedBatches.set(ids, batch);
    }
    return batch;
  };
  /** The products of `ids` the platform has, visible or not; unknown ids count (see there). */
  const lookUp = (client: string | undefined, ids: readonly string[]) =>
    lookUpCounted(deps.limiter, client, deps.catalog, ids);

  return {
    async one(id, client, requestUrl, found) {
      const [product] = found ?? (id.length > maxIdLength ? [] : await lookUp(client, [id]));
      if (!product?.visible || product.id !== id) {
        throw new ProblemError("not_found", 404, "No such product");
      }
      return bodies.one(product, requestUrl);
    },
    async batch(ids, client, requestUrl, cached) {
      const { list, key } = asked(ids);
      const found = cached ?? (list.length === 0 ? [] : await lookUp(client, list));
      const byId = new Map<string, CatalogProduct>();
      for (const product of found) if (product.visible) byId.set(product.id, product);
      const shown: CatalogProduct[] = [];
      for (const id of list) {
        const product = byId.get(id);
        if (product) shown.push(product);
      }
      return bodies.batch(key, shown, requestUrl);
    },
    cachedOne: (id) => (id.length <= maxIdLength ? deps.catalog.cachedProducts?.([id]) : undefined),
    cachedBatch(ids) {
      let list: readonly string[];
      try {
        list = asked(ids).list;
      } catch {
        return undefined;
      }
      return list.length > 0 ? deps.catalog.cachedProducts?.(list) : undefined;
    },
    sendOptions,
    bodies,
  };
}
