import { type Context, Hono } from "hono";
import { maxPageSize, maxSearchLength } from "../../core/product-query";
import type { AppDeps } from "../app-deps";
import { type PreparedBody, sendPrepared } from "../http/prepared-body";
import { ProblemError } from "../http/problem-error";
import type { ProductReads } from "./product-reads";

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

/** `GET /products` (a batch by ids, or a storefront page) and `GET /products/:id`. */
export function productRoutes(deps: AppDeps, reads: ProductReads): Hono {
  const routes = new Hono();
  const send = (context: Context, body: PreparedBody) =>
    sendPrepared(context, body, reads.sendOptions(body));

  routes.get("/products", async (context) => {
    const ids = single(context, "ids");
    if (ids !== undefined) {
      const client = deps.clientOf(context);
      return send(context, await reads.batch(ids, client, () => deps.publicUrl(context)));
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
    return send(context, await reads.bodies.page(result, () => deps.publicUrl(context)));
  });

  routes.get("/products/:id", async (context) => {
    const client = deps.clientOf(context);
    const url = () => deps.publicUrl(context);
    return send(context, await reads.one(context.req.param("id"), client, url));
  });

  return routes;
}
