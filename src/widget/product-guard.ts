import type { Product } from "../core/types";

/**
 * A light check of a product before a card renders it. The full `zod/mini` contract schema
 * runs when the checkout opens (its chunk carries zod); a card only needs the fields it reads
 * to have the right types, and this costs a few hundred bytes instead of zod's 7 KB before
 * the first click.
 */
export function isProduct(value: unknown): value is Product {
  if (!isObject(value)) return false;
  const { id, name, descriptionHtml, images, price, variants, stock, available, quantity } = value;
  return (
    typeof id === "string" &&
    typeof name === "string" &&
    typeof descriptionHtml === "string" &&
    Array.isArray(images) &&
    images.every((image) => typeof image === "string") &&
    isMoney(price) &&
    Array.isArray(variants) &&
    variants.every(
      (variant) =>
        isObject(variant) &&
        typeof variant.id === "string" &&
        typeof variant.name === "string" &&
        isMoney(variant.price) &&
        isStock(variant.stock),
    ) &&
    isStock(stock) &&
    typeof available === "boolean" &&
    isObject(quantity) &&
    Array.isArray(value.customFields)
  );
}

/** `{ data: Product[] }` and, for storefront pages, `page` and `pageCount`. */
export function checkProducts<T extends { data: Product[] }>(paged: boolean) {
  return {
    safeParse(data: unknown): { success: true; data: T } | { success: false } {
      const ok =
        isObject(data) &&
        Array.isArray(data.data) &&
        data.data.every(isProduct) &&
        (!paged || (Number.isInteger(data.page) && Number.isInteger(data.pageCount)));
      return ok ? { success: true, data: data as T } : { success: false };
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isMoney(value: unknown): boolean {
  return (
    isObject(value) && Number.isSafeInteger(value.amount) && typeof value.currency === "string"
  );
}

function isStock(value: unknown): boolean {
  return value === null || (Number.isSafeInteger(value) && (value as number) >= 0);
}
