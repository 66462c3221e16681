import type { QuantityRule } from "./quantity";

/** A variant as far as stock goes. */
export interface StockedVariant {
  readonly id: string;
  /** `null` is unlimited. */
  readonly stock: number | null;
}

/** A product as far as availability goes: the contract's `Product`, or an adapter's. */
export interface StockedProduct {
  /** Whether the seller offers it at all (for an adapter: what the platform says). */
  readonly available: boolean;
  readonly stock: number | null;
  readonly variants: readonly StockedVariant[];
}

/** True when a stock count allows one more sale: unlimited, or above zero. */
export function inStock(stock: number | null): boolean {
  return stock === null || stock > 0;
}

/**
 * Whether anything of the product can be bought: the seller offers it, its own stock is not
 * out, and when it has variants at least one of them is in stock. This is the contract's
 * `Product.available`.
 */
export function isAvailable(product: StockedProduct): boolean {
  return (
    product.available &&
    inStock(product.stock) &&
    (product.variants.length === 0 || product.variants.some((variant) => inStock(variant.stock)))
  );
}

/**
 * The product as a buyer can buy it, which is what the proxy publishes: a stock count (the
 * product's or a variant's) below the least quantity one may order leaves nothing to buy, so it
 * is 0, and `available` is false when no choice is left. A platform counts what it holds; a buyer
 * who must take at least two cannot take the last one.
 */
export function forSale<Variant extends StockedVariant>(
  product: Omit<StockedProduct, "variants"> & {
    readonly variants: readonly Variant[];
    readonly quantity: QuantityRule;
  },
): Omit<StockedProduct, "variants"> & { readonly variants: readonly Variant[] } {
  const left = (stock: number | null) =>
    stock !== null && stock < product.quantity.min ? 0 : stock;
  const counted = {
    stock: left(product.stock),
    variants: product.variants.map((variant) => ({ ...variant, stock: left(variant.stock) })),
  };
  return { ...counted, available: isAvailable({ ...counted, available: product.available }) };
}

/**
 * What is left of one choice: the product's stock, or with a variant the lower of the product's
 * and the variant's counts. A variant the product does not have leaves the product's own stock.
 */
export function stockFor(
  product: Pick<StockedProduct, "stock" | "variants">,
  variantId: string | undefined,
): number | null {
  const variant = product.variants.find((candidate) => candidate.id === variantId);
  if (!variant || variant.stock === null) return product.stock;
  return product.stock === null ? variant.stock : Math.min(product.stock, variant.stock);
}

/** Whether the product, with that variant when given, can be bought now. */
export function canBuy(product: StockedProduct, variantId: string | undefined): boolean {
  return isAvailable(product) && inStock(stockFor(product, variantId));
}

/**
 * The variant a buyer starts with: the one asked for when the product has it, else the first in
 * stock, else the first. `undefined` for a product without variants.
 */
export function defaultVariant<Variant extends StockedVariant>(
  variants: readonly Variant[],
  preferredId?: string,
): Variant | undefined {
  return (
    variants.find((variant) => variant.id === preferredId) ??
    variants.find((variant) => inStock(variant.stock)) ??
    variants[0]
  );
}
