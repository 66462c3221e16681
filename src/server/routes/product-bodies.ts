import { LRUCache } from "lru-cache";
import { httpLink, isHttpLink, type Product } from "../../core";
import { type PreparedBody, prepareBody } from "../http/prepared-body";
import type { CatalogProduct, ProductPage } from "../platforms/platform";

const json = "application/json";
const textEncoder = new TextEncoder();

/**
 * The URL a request was made to (see `AppDeps.publicUrl`), worked out only when a body is made:
 * most answers are bodies made before, which need none.
 */
export type RequestUrl = () => string;

/**
 * The bodies of product responses, each made once per product read: a read is a value (the
 * platform or the read cache hands out a new object when anything changed), so its view, JSON
 * and tag are kept beside it for as long as the read itself is kept, and no longer. A product
 * with an image path but no origin is the exception: its view depends on the URL asked, so its
 * bodies are made per request.
 */
export interface ProductBodies {
  /** `GET /products/:id`: one product. */
  one(product: CatalogProduct, requestUrl: RequestUrl): Promise<PreparedBody>;
  /** `GET /products?ids=`: the products found for `key` (the ids asked for), in order. */
  batch(
    key: string,
    products: readonly CatalogProduct[],
    requestUrl: RequestUrl,
  ): Promise<PreparedBody>;
  /** `GET /products?page=`: a storefront page, its hidden products left out. */
  page(page: ProductPage, requestUrl: RequestUrl): Promise<PreparedBody>;
  /**
   * Whether `body` is kept for later requests, and so worth encoding ahead; one made for a single
   * request is better left to the compression middleware and its cache of recent bodies.
   */
  kept(body: PreparedBody): boolean;
  /** Batch bodies kept, and the bytes they are counted as (their copies included). */
  readonly batches: { readonly count: number; readonly bytes: number };
}

export interface ProductBodyOptions {
  /** The bytes batch bodies may take, encoded copies counted in; 4 MiB by default. */
  readonly batchBytes?: number;
}

interface BatchEntry {
  readonly products: readonly CatalogProduct[];
  readonly body: Promise<PreparedBody>;
}

const sameProducts = (a: readonly CatalogProduct[], b: readonly CatalogProduct[]) =>
  a.length === b.length && a.every((product, index) => product === b[index]);

const withPaths = new WeakMap<CatalogProduct, boolean>();

/** Whether the product's view depends on the URL asked: an image path without an origin. */
function pathImages(product: CatalogProduct): boolean {
  let found = withPaths.get(product);
  if (found === undefined) {
    found = product.images.some((image) => isHttpLink(image) && httpLink(image) === undefined);
    withPaths.set(product, found);
  }
  return found;
}

/** Product bodies built with `view`, the only way a product leaves the proxy. */
export function createProductBodies(
  view: (product: CatalogProduct, requestUrl: string) => Product,
  options: ProductBodyOptions = {},
): ProductBodies {
  const texts = new WeakMap<CatalogProduct, string>();
  const ones = new WeakMap<CatalogProduct, Promise<PreparedBody>>();
  const pages = new WeakMap<ProductPage, Promise<PreparedBody>>();
  const lasting = new WeakSet<PreparedBody>();
  const lasts = (body: Promise<PreparedBody>) =>
    body.then((made) => {
      lasting.add(made);
      return made;
    });
  // Batches are keyed by what was asked for, not by one object, so they are bounded by size.
  const batches = new LRUCache<string, BatchEntry>({
    max: 1000,
    maxSize: Math.max(1, options.batchBytes ?? 4 * 1024 * 1024),
  });

  const text = (product: CatalogProduct, requestUrl: RequestUrl) => {
    let kept = texts.get(product);
    if (kept === undefined) {
      kept = JSON.stringify(view(product, requestUrl()));
      if (!pathImages(product)) texts.set(product, kept);
    }
    return kept;
  };
  const list = (products: readonly CatalogProduct[], requestUrl: RequestUrl) =>
    products.map((product) => text(product, requestUrl)).join(",");
  // A failed preparation is not kept, so the next request tries again.
  const kept = <K extends object>(
    map: WeakMap<K, Promise<PreparedBody>>,
    key: K,
    make: () => Promise<PreparedBody>,
  ) => {
    let body = map.get(key);
    if (!body) {
      body = lasts(make());
      map.set(key, body);
      body.catch(() => map.delete(key));
    }
    return body;
  };

  return {
    one(product, requestUrl) {
      const make = () => prepareBody(text(product, requestUrl), json);
      return pathImages(product) ? make() : kept(ones, product, make);
    },
    page(page, requestUrl) {
      const shown = page.data.filter((product) => product.visible);
      const make = () =>
        prepareBody(
          `{"data":[${list(shown, requestUrl)}],"page":${page.page},"pageCount":${page.pageCount}}`,
          json,
        );
      return shown.some(pathImages) ? make() : kept(pages, page, make);
    },
    batch(key, products, requestUrl) {
      const entry = batches.get(key);
      if (entry && sameProducts(entry.products, products)) return entry.body;
      const raw = textEncoder.encode(`{"data":[${list(products, requestUrl)}]}`);
      if (products.some(pathImages)) return prepareBody(raw, json);
      const prepared = lasts(prepareBody(raw, json));
      // Twice the body, for its encoded copies (made later, and smaller), and the key.
      batches.set(key, { products, body: prepared }, { size: raw.byteLength * 2 + key.length });
      prepared.catch(() => batches.delete(key));
      return prepared;
    },
    kept: (body) => lasting.has(body),
    get batches() {
      return { count: batches.size, bytes: batches.calculatedSize };
    },
  };
}
