import { customFieldTypes } from "../core/contract-words";
import type { Product } from "../core/types";
import {
  answer,
  type Check,
  fields,
  flag,
  list,
  money,
  nullable,
  oneOf,
  optional,
  text,
  whole,
} from "./shape";

const count = nullable((value) => whole(value) && (value as number) >= 0);

/**
 * A check of a product as it arrives, before a card shows it or anyone buys it: every field
 * the widget reads has the type it expects (see `shape.ts`).
 */
export const isProduct = fields({
  id: text,
  name: text,
  descriptionHtml: text,
  images: list(text),
  badges: optional(list(text)),
  price: money,
  variants: list(fields({ id: text, name: text, price: money, stock: count })),
  stock: count,
  available: flag,
  quantity: fields({ min: whole, max: nullable(whole) }),
  customFields: list(
    fields({
      key: text,
      label: text,
      required: flag,
      type: oneOf(customFieldTypes),
      maxLength: optional(whole),
    }),
  ),
}) as (value: unknown) => value is Product;

/** `{ data: Product[] }` and, for storefront pages, `page` and `pageCount`. */
export function checkProducts<T extends { data: Product[] }>(paged: boolean) {
  const page: Record<string, Check> = paged ? { page: whole, pageCount: whole } : {};
  return answer<T>(fields({ data: list(isProduct), ...page }));
}

/** A batch answer (`GET /products?ids=`), as the loader may have read it already. */
export const isBatch = fields({ data: list(isProduct) }) as (
  value: unknown,
) => value is { data: Product[] };
