import {
  type CouponLookup,
  checkQuantity,
  type OrderItem,
  priceQuote,
  type QuantityProblem,
  type Quote,
  type ResolvedLine,
} from "../../core";
import { ProblemError } from "../http/problem-error";
import type { CatalogProduct, SellerPlatform } from "../platforms/platform";
import { toProductView } from "../views/product-view";

/** A quote with the products it was priced from. */
export interface PricedOrder {
  readonly quote: Quote;
  readonly products: ReadonlyMap<string, CatalogProduct>;
}

const noMarkdown = () => "";

function quantityMessage(problem: QuantityProblem): string {
  switch (problem.code) {
    case "not_integer":
      return "must be a whole number of at least 1";
    case "sold_out":
      return "is sold out";
    case "below_min":
      return `must be at least ${problem.limit}`;
    case "above_max":
      return `must be at most ${problem.limit}`;
    case "above_stock":
      return `only ${problem.limit} left in stock`;
    default: {
      const unknownProblem: never = problem;
      throw new Error(`unknown quantity problem ${JSON.stringify(unknownProblem)}`);
    }
  }
}

/**
 * Prices a would-be order from the platform's own data: products, variants, limits, stock and
 * the coupon are all looked up here; nothing the browser says about money is used.
 */
export async function priceOrder(
  platform: SellerPlatform,
  items: readonly OrderItem[],
  couponCode: string | undefined,
  now: Date,
): Promise<PricedOrder> {
  const ids = [...new Set(items.map((item) => item.productId))];
  const found = await platform.getProducts(ids);
  const products = new Map(
    found.filter((product) => product.visible).map((product) => [product.id, product]),
  );
  const errors: Record<string, string> = {};
  const lines: ResolvedLine[] = [];
  const seen = new Set<string>();
  let currency: string | undefined;

  items.forEach((item, index) => {
    const path = `items.${index}`;
    const catalogProduct = products.get(item.productId);
    if (!catalogProduct) {
      errors[`${path}.productId`] = "is not a product of this store";
      return;
    }
    const product = toProductView(catalogProduct, noMarkdown);
    const lineKey = `${item.productId}\u0000${item.variantId ?? ""}`;
    if (seen.has(lineKey)) {
      errors[`${path}.productId`] = "appears twice; send one line with the total quantity";
      return;
    }
    seen.add(lineKey);
    let stock = product.stock;
    if (item.variantId !== undefined) {
      const variant = product.variants.find((candidate) => candidate.id === item.variantId);
      if (!variant) {
        errors[`${path}.variantId`] = "is not a variant of this product";
        return;
      }
      if (variant.stock !== null)
        stock = stock === null ? variant.stock : Math.min(stock, variant.stock);
    } else if (product.variants.length > 0) {
      errors[`${path}.variantId`] = "is required: choose a variant";
      return;
    }
    if (!product.available && (stock === null || stock > 0)) {
      errors[`${path}.productId`] = "cannot be bought right now";
      return;
    }
    const problem = checkQuantity(item.quantity, product.quantity, stock);
    if (problem) {
      errors[`${path}.quantity`] = quantityMessage(problem);
      return;
    }
    const lineCurrency = (
      product.variants.find((variant) => variant.id === item.variantId)?.price ?? product.price
    ).currency;
    currency ??= lineCurrency;
    if (lineCurrency !== currency) {
      errors[`${path}.productId`] = `is priced in ${lineCurrency}; one order takes one currency`;
      return;
    }
    lines.push({
      product,
      quantity: item.quantity,
      ...(item.variantId === undefined ? {} : { variantId: item.variantId }),
    });
  });

  if (Object.keys(errors).length > 0 || lines.length === 0) {
    throw new ProblemError("unprocessable", 422, "Some items cannot be ordered as asked", {
      errors,
    });
  }

  let coupon: CouponLookup | undefined;
  if (couponCode !== undefined) {
    const code = couponCode.trim();
    coupon = platform.capabilities.coupons
      ? { code, rule: await platform.findCoupon(code) }
      : { code, unsupported: true };
  }
  return { quote: priceQuote(lines, coupon, now), products };
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks the buyer's answers against the custom fields of the ordered products. */
export function checkCustomFields(
  products: ReadonlyMap<string, CatalogProduct>,
  fields: Readonly<Record<string, string>>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const known = new Set<string>();
  for (const product of products.values()) {
    for (const field of product.customFields) {
      known.add(field.key);
      const value = fields[field.key]?.trim() ?? "";
      const path = `fields.${field.key}`;
      if (value === "") {
        if (field.required) errors[path] = "is required";
        continue;
      }
      if (field.maxLength !== undefined && value.length > field.maxLength) {
        errors[path] = `must be at most ${field.maxLength} characters`;
      } else if (field.type === "email" && !emailPattern.test(value)) {
        errors[path] = "must be an email address";
      } else if (field.type === "number" && !/^-?\d+(\.\d+)?$/.test(value)) {
        errors[path] = "must be a number";
      }
    }
  }
  for (const key of Object.keys(fields)) {
    if (!known.has(key)) errors[`fields.${key}`] = "is not a field of these products";
  }
  return errors;
}
