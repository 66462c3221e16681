import { customFieldTypes } from "../core/contract-words";
import type { Product } from "../core/types";
import {
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

/** A batch answer (`GET /products?ids=`), as the loader may have read it already. */
export const isBatch = fields({ data: list(isProduct) }) as (
  value: unknown,
) => value is { data: Product[] };

const paging = fields({ page: whole, pageCount: whole });

/** A storefront page (`GET /products?search&category&page`): a batch, and where it is in the list. */
export const isPage: Check = (value) => isBatch(value) && paging(value);
