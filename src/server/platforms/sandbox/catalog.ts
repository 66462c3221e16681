import { CatalogError } from "./catalog-error";

export { CatalogError } from "./catalog-error";

import { z } from "zod";
import {
  customFieldTypes,
  isCurrencyCode,
  maxLineQuantity,
  parseDecimal,
  priceFromDecimal,
  productTypes,
  sameCouponCode,
} from "../../../core";

const decimal = z
  .union([z.string(), z.number()])
  .refine((value) => parseDecimal(value) !== undefined, 'must be a decimal amount such as "9.99"');
const currency = z.string().refine(isCurrencyCode, "must be a three-letter currency code");

const variantSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  price: decimal,
  stock: z.int().min(0).nullable().default(null),
});

const productSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, - or _"),
  name: z.string().min(1),
  slug: z.string().optional(),
  type: z.enum(productTypes),
  description: z.string().default(""),
  images: z.array(z.string()).default([]),
  category: z.string().optional(),
  badges: z.array(z.string()).optional(),
  price: decimal,
  currency: currency.optional(),
  /** Items handed out one per unit sold (license keys, accounts, links); stock is how many remain. */
  serials: z.array(z.string().min(1)).optional(),
  /** A counted stock for products without serials; absent or null = unlimited. */
  stock: z.int().min(0).nullable().optional(),
  /** What a buyer of a product without serials receives. */
  delivery: z.string().optional(),
  deliveryMessage: z.string().optional(),
  quantity: z
    .strictObject({ min: z.int().min(1).default(1), max: z.int().min(1).nullable().default(null) })
    .default({ min: 1, max: null }),
  customFields: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
        label: z.string().min(1),
        required: z.boolean().default(false),
        type: z.enum(customFieldTypes).default("text"),
        maxLength: z.int().min(1).optional(),
      }),
    )
    .default([]),
  variants: z.array(variantSchema).default([]),
  visible: z.boolean().default(true),
});

/** What limits a coupon of either kind: its expiry, uses, minimum and products. */
const couponLimits = {
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  maxUses: z.int().min(0).optional(),
  uses: z.int().min(0).default(0),
  minOrder: decimal.optional(),
  productIds: z.array(z.string()).optional(),
};

const couponSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    code: z.string().min(1),
    kind: z.literal("percent"),
    percent: decimal,
    ...couponLimits,
  }),
  z.strictObject({
    code: z.string().min(1),
    kind: z.literal("fixed"),
    amount: decimal,
    ...couponLimits,
  }),
]);

/** The sandbox catalog file: the store, its products (with serial pools) and its coupons. */
export const sandboxCatalogSchema = z
  .strictObject({
    store: z.strictObject({
      name: z.string().min(1),
      currency,
      paymentMethods: z
        .array(z.strictObject({ id: z.string().min(1), label: z.string().min(1) }))
        .default([{ id: "card", label: "Card" }]),
    }),
    products: z.array(productSchema).min(1),
    coupons: z.array(couponSchema).default([]),
  })
  .superRefine((catalog, context) => {
    // Two choices of one name would share one value: the buyer's pick, or what they typed.
    const once = (names: readonly string[], path: (string | number)[], field: string) => {
      names.forEach((name, at) => {
        if (names.indexOf(name) < at) {
          context.addIssue({
            code: "custom",
            path: [...path, at, field],
            message: "is used twice",
          });
        }
      });
    };
    once(
      catalog.store.paymentMethods.map((method) => method.id),
      ["store", "paymentMethods"],
      "id",
    );
    const seen = new Set<string>();
    catalog.products.forEach((product, index) => {
      if (seen.has(product.id)) {
        context.addIssue({
          code: "custom",
          path: ["products", index, "id"],
          message: "is used twice",
        });
      }
      seen.add(product.id);
      once(
        product.variants.map((variant) => variant.id),
        ["products", index, "variants"],
        "id",
      );
      once(
        product.customFields.map((field) => field.key),
        ["products", index, "customFields"],
        "key",
      );
      // A product no quantity can be ordered of would show Buy to a checkout that refuses every one.
      const { min, max } = product.quantity;
      if (max !== null && max < min) {
        context.addIssue({
          code: "custom",
          path: ["products", index, "quantity", "max"],
          message: `must be at least quantity.min (${min})`,
        });
      }
      if (min > maxLineQuantity) {
        context.addIssue({
          code: "custom",
          path: ["products", index, "quantity", "min"],
          message: `must be at most ${maxLineQuantity}, the most one order line takes`,
        });
      }
      // A price below zero, or finer than its currency (0.125 USD), could not be charged as priced.
      const currency = product.currency ?? catalog.store.currency;
      const priced: [price: string | number, path: (string | number)[]][] = [
        [product.price, ["products", index, "price"]],
        ...(product.variants ?? []).map((variant, at): [string | number, (string | number)[]] => [
          variant.price,
          ["products", index, "variants", at, "price"],
        ]),
      ];
      for (const [price, path] of priced) {
        try {
          priceFromDecimal(price, currency);
        } catch {
          context.addIssue({
            code: "custom",
            path,
            message: `must be 0 or more, with no more decimal places than ${currency.toUpperCase()} has`,
          });
        }
      }
    });
    // A code is quoted and charged as written: one it could not take stops the start instead.
    const codes: string[] = [];
    catalog.coupons.forEach((coupon, index) => {
      const at = (field: string, message: string) =>
        context.addIssue({ code: "custom", path: ["coupons", index, field], message });
      if (codes.some((code) => sameCouponCode(code, coupon.code))) at("code", "is used twice");
      codes.push(coupon.code);
      if (coupon.kind === "percent") {
        const percent = Number(String(coupon.percent));
        if (!(percent > 0 && percent <= 100)) at("percent", "must be more than 0 and at most 100");
      } else if (!isPriced(coupon.amount, catalog.store.currency)) {
        at("amount", "must be 0 or more, as the store's currency writes amounts");
      }
      if (coupon.minOrder !== undefined && !isPriced(coupon.minOrder, catalog.store.currency)) {
        at("minOrder", "must be 0 or more, as the store's currency writes amounts");
      }
      const unknown = coupon.productIds?.find((id) => !seen.has(id));
      if (unknown !== undefined) at("productIds", `names ${JSON.stringify(unknown)}, no product`);
    });
  });

/** Whether `amount` can be charged in `currency` as written. */
function isPriced(amount: string | number, currency: string): boolean {
  try {
    priceFromDecimal(amount, currency);
    return true;
  } catch {
    return false;
  }
}

/** A sandbox catalog as `parseCatalog` gives it: the store, its products and coupons. */
export type SandboxCatalog = z.infer<typeof sandboxCatalogSchema>;
export type SandboxCatalogProduct = SandboxCatalog["products"][number];

/** Validates a parsed catalog; `source` names it in errors. */
export function parseCatalog(data: unknown, source: string): SandboxCatalog {
  const parsed = sandboxCatalogSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  throw new CatalogError(`${source}: ${field}: ${issue?.message ?? "is invalid"}`);
}
