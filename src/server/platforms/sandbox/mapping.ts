import { type CouponRule, fromDecimal, priceFromDecimal } from "../../../core";
import type { CatalogProduct } from "../platform";
import type { SandboxCatalog, SandboxCatalogProduct } from "./catalog";
import { stockOf } from "./stock";

type SandboxCoupon = SandboxCatalog["coupons"][number];

/** A catalog product as the contract gives it, priced in `currency` (its own or the store's). */
export function toCatalogProduct(product: SandboxCatalogProduct, currency: string): CatalogProduct {
  return {
    id: product.id,
    name: product.name,
    ...(product.slug === undefined ? {} : { slug: product.slug }),
    type: product.type,
    description: product.description,
    images: product.images,
    ...(product.category === undefined ? {} : { category: product.category }),
    ...(product.badges === undefined ? {} : { badges: product.badges }),
    price: priceFromDecimal(product.price, currency),
    variants: product.variants.map((variant) => ({
      id: variant.id,
      name: variant.name,
      price: priceFromDecimal(variant.price, currency),
      stock: variant.stock,
    })),
    stock: stockOf(product),
    available: true,
    quantity: product.quantity,
    customFields: product.customFields,
    visible: product.visible,
  };
}

/** A catalog coupon as the rule core applies, its amounts in the store's currency. */
export function toCouponRule(coupon: SandboxCoupon, storeCurrency: string): CouponRule {
  const shared = {
    code: coupon.code,
    expiresAt: coupon.expiresAt ?? null,
    maxUses: coupon.maxUses ?? null,
    uses: coupon.uses,
    minOrder: coupon.minOrder === undefined ? null : fromDecimal(coupon.minOrder, storeCurrency),
    productIds: coupon.productIds ?? null,
  };
  return coupon.kind === "percent"
    ? { ...shared, kind: "percent", percent: String(coupon.percent) }
    : { ...shared, kind: "fixed", amount: fromDecimal(coupon.amount, storeCurrency) };
}
