import { Hono } from "hono";
import type { AppDeps } from "../app-deps";
import { ProblemError } from "../http/problem-error";
import { toProductView } from "../views/product-view";
import { sha256, toBase64Url } from "../web-crypto";

const maxBatch = 100;
const cacheControl = "public, max-age=15, stale-while-revalidate=60";

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

async function etagOf(body: string): Promise<string> {
  return `W/"${toBase64Url(await sha256(body)).slice(0, 27)}"`;
}

/** `GET /products` (a batch by ids, or a storefront page) and `GET /products/:id`. */
export function productRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  const viewFor = (requestUrl: string) => (product: Parameters<typeof toProductView>[0]) =>
    toProductView(product, deps.renderMarkdown, requestUrl);

  routes.get("/products", async (context) => {
    const view = viewFor(context.req.url);
    const ids = context.req.query("ids");
    if (ids !== undefined) {
      const list = [
        ...new Set(
          ids
            .split(",")
            .map((id) => id.trim())
            .filter(Boolean),
        ),
      ];
      if (list.length === 0 || list.length > maxBatch || list.some((id) => id.length > 128)) {
        throw new ProblemError("unprocessable", 422, "ids must name 1 to 100 products", {
          errors: { ids: `must be 1 to ${maxBatch} comma-separated product ids` },
        });
      }
      const found = await deps.catalog.getProducts(list);
      const byId = new Map(
        found.filter((product) => product.visible).map((product) => [product.id, product]),
      );
      const data = list.flatMap((id) => {
        const product = byId.get(id);
        return product ? [view(product)] : [];
      });
      context.header("cache-control", cacheControl);
      return context.json({ data });
    }
    const page = positiveInt(context.req.query("page"), "page", 1, 100_000);
    const limit = positiveInt(context.req.query("limit"), "limit", 12, 100);
    const search = context.req.query("search")?.trim();
    const category = context.req.query("category")?.trim();
    if ((search?.length ?? 0) > 100 || (category?.length ?? 0) > 100) {
      throw new ProblemError(
        "unprocessable",
        422,
        "search and category are limited to 100 characters",
        {
          errors:
            (search?.length ?? 0) > 100 ? { search: "is too long" } : { category: "is too long" },
        },
      );
    }
    const result = await deps.catalog.listProducts({
      page,
      limit,
      ...(search ? { search } : {}),
      ...(category ? { category } : {}),
    });
    context.header("cache-control", cacheControl);
    return context.json({
      data: result.data.filter((product) => product.visible).map(view),
      page: result.page,
      pageCount: result.pageCount,
    });
  });

  routes.get("/products/:id", async (context) => {
    const id = context.req.param("id");
    const [product] = id.length > 128 ? [] : await deps.catalog.getProducts([id]);
    if (!product?.visible || product.id !== id) {
      throw new ProblemError("not_found", 404, "No such product");
    }
    const body = JSON.stringify(viewFor(context.req.url)(product));
    const etag = await etagOf(body);
    context.header("etag", etag);
    context.header("cache-control", cacheControl);
    if (context.req.header("if-none-match") === etag) return context.body(null, 304);
    return context.body(body, 200, { "content-type": "application/json" });
  });

  return routes;
}
