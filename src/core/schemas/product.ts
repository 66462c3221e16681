// core/schemas/: the contract's request and response shapes, in zod/mini.
import * as z from "zod/mini";
import { customFieldTypes } from "../contract-words";
import { moneySchema } from "./money";

/** What kind of goods a product delivers, the same words whichever platform sells it. */
export const productTypes = [
  "license_key",
  "account",
  "download",
  "service",
  "subscription",
  "dynamic",
  "physical",
  "digital",
] as const;

export const customFieldSchema = z.strictObject({
  key: z.string().check(z.minLength(1)),
  label: z.string(),
  required: z.boolean(),
  type: z.enum(customFieldTypes),
  maxLength: z.optional(z.int().check(z.minimum(1))),
});

export const variantSchema = z.strictObject({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  price: moneySchema,
  stock: z.nullable(z.int().check(z.minimum(0))),
});

export const quantityRuleSchema = z.strictObject({
  min: z.int().check(z.minimum(1)),
  max: z.nullable(z.int().check(z.minimum(1))),
});

/** A product as the contract shows it to any browser: nothing outside this shape is sent. */
export const productSchema = z.strictObject({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  slug: z.optional(z.string()),
  type: z.enum(productTypes),
  descriptionHtml: z.string(),
  images: z.array(z.string()),
  category: z.optional(z.string()),
  badges: z.optional(z.array(z.string())),
  price: moneySchema,
  variants: z.array(variantSchema),
  stock: z.nullable(z.int().check(z.minimum(0))),
  available: z.boolean(),
  quantity: quantityRuleSchema,
  customFields: z.array(customFieldSchema),
});

export const productListSchema = z.strictObject({
  data: z.array(productSchema),
  page: z.int().check(z.minimum(1)),
  pageCount: z.int().check(z.minimum(0)),
});

export const productBatchSchema = z.strictObject({
  data: z.array(productSchema),
});
