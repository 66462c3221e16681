// One product of a platform's answer read and mapped at a time: one that cannot be read (a price below zero or with more places than its currency, a fractional stock) is left out, not the whole list.
import { z } from "zod";
import { MoneyError } from "../../../core";
import type { Logger } from "../../runtime/logger";
import type { CatalogProduct } from "../platform";
import { UpstreamError } from "../upstream/upstream-error";
import { mapLimit } from "./map-limit";

/** Where a product's reading failed, as its zod issues say: paths and codes, never values. */
interface IssuePlace {
  readonly path: string;
  readonly code: string;
}

/** A product of an answer that its schema could not read: its id when it has one. */
export interface UnreadProduct {
  readonly productId: string | undefined;
  readonly issues: readonly IssuePlace[];
}

/** The products of one answer: those read, and those left out. */
export interface ReadProducts<T> {
  readonly read: T[];
  readonly unread: readonly UnreadProduct[];
}

/** Issues logged per product at most: the first are enough to find the field. */
const maxIssues = 5;

/** The product's own id, if it has one that reads as an id; otherwise none. */
function idOf(listed: unknown): string | undefined {
  if (typeof listed !== "object" || listed === null) return undefined;
  const id = (listed as { readonly id?: unknown }).id;
  if (typeof id !== "string" && typeof id !== "number") return undefined;
  const text = String(id);
  return text.length > 0 && text.length <= 100 ? text : undefined;
}

/**
 * The schema of where an answer holds its products (a list's `data`, a bare array): the array
 * itself is strict, each entry is read by `product` on its own. One it cannot read is kept aside
 * (`unread`, for `readableProducts` to log) and the others are read. When there are products and
 * none can be read, the platform changed a field: the answer fails as any unreadable one, with the
 * paths of the first products' issues (`products.0.price`), so it is logged and retried as before.
 */
export function eachProduct<T extends z.ZodType>(product: T) {
  return z.array(z.unknown()).transform((listed, context): ReadProducts<z.output<T>> => {
    const read: z.output<T>[] = [];
    const unread: { index: number; productId: string | undefined; issues: z.core.$ZodIssue[] }[] =
      [];
    listed.forEach((entry, index) => {
      const parsed = product.safeParse(entry);
      if (parsed.success) read.push(parsed.data);
      else unread.push({ index, productId: idOf(entry), issues: parsed.error.issues });
    });
    if (read.length === 0 && unread.length > 0) {
      for (const { index, issues } of unread.slice(0, maxIssues)) {
        for (const issue of issues) {
          // The product's own issue, at its place in the array (its code kept for the log).
          const placed = { ...issue, path: [index, ...issue.path] };
          context.addIssue(placed as unknown as z.core.$ZodSuperRefineIssue);
        }
      }
      return z.NEVER;
    }
    return {
      read,
      unread: unread.map(({ productId, issues }) => ({
        productId,
        issues: issues
          .slice(0, maxIssues)
          .map((issue) => ({ path: issue.path.join("."), code: issue.code })),
      })),
    };
  });
}

/**
 * The products of an answer read by `eachProduct`, each one it could not read logged once as
 * `upstream_product_skipped` by its id and the paths of its issues (never the values): the
 * rest of the answer is served.
 */
export function readableProducts<T>(
  platform: string,
  logger: Logger,
  products: ReadProducts<T>,
): T[] {
  for (const { productId, issues } of products.unread) {
    logger.warn("upstream_product_skipped", {
      platform,
      ...(productId === undefined ? {} : { productId }),
      reason: "shape",
      issues,
    });
  }
  return products.read;
}

/**
 * One read per id (`read`, `undefined` for a product the platform does not have), `concurrency`
 * at a time, as one answer: an id whose product cannot be read (the read failed as unreadable,
 * already logged by the upstream client with its paths) is left out as missing and logged as
 * `upstream_product_skipped`, so it does not take the batch (a storefront page, a row of cards)
 * with it. When none of the reads could be read, the first such failure is thrown, as a list
 * none of whose products can be read fails.
 */
export async function readEachProduct<T>(
  platform: string,
  logger: Logger,
  ids: readonly string[],
  concurrency: number,
  read: (id: string) => Promise<T | undefined>,
): Promise<(T | undefined)[]> {
  const answers = await mapLimit(ids, concurrency, async (id) => {
    try {
      return { product: await read(id) };
    } catch (error) {
      if (error instanceof UpstreamError && error.unreadable) return { unreadable: error };
      throw error;
    }
  });
  const first = answers.find((answer) => answer.unreadable !== undefined)?.unreadable;
  if (first && answers.every((answer) => answer.unreadable !== undefined)) throw first;
  return answers.map((answer, index) => {
    if (answer.unreadable === undefined) return answer.product;
    logger.warn("upstream_product_skipped", {
      platform,
      productId: ids[index],
      reason: "shape",
    });
    return undefined;
  });
}

/**
 * `map` for one product, or `undefined` when it cannot be mapped, logged as
 * `upstream_product_skipped` by its id only: a price that is not an exact amount of its currency
 * (never sold at a price the platform would not charge), or a shape the mapping refuses. The
 * rest of the list is served.
 */
export function skipUnmappable<T extends { readonly id: string | number }>(
  platform: string,
  logger: Logger,
  map: (product: T) => CatalogProduct,
): (product: T) => CatalogProduct | undefined {
  return (product) => {
    try {
      return map(product);
    } catch (error) {
      logger.warn("upstream_product_skipped", {
        platform,
        productId: String(product.id),
        reason: error instanceof MoneyError ? "price" : "unreadable",
      });
      return undefined;
    }
  };
}
