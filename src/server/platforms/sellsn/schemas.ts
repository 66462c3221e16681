import { z } from "zod";
import { eachProduct } from "../shared/priced-products";

/*
 * SellSN's upstream shapes, written from its API document (api.sellsn.io, "Products").
 *
 * Every object schema here is a plain `z.object`, which drops keys it does not declare. The secret
 * fields SellSN sends with a product (`webhookUrl`, `additionalFees`, `metadata`, the names of
 * `files`, `blacklistedPaymentGateways`) are deliberately not declared, so they are gone the moment
 * a response is parsed and cannot travel further into the proxy by accident.
 */

const uuidLike = z.string().min(1);
const textList = z.array(z.string()).nullish();

/**
 * A product as the store-scoped endpoints return it: `GET /stores/{storeId}/products/{page}` and
 * `GET /stores/{storeId}/products/{productId}`. Carries no `stock` and no currency.
 */
export const sellsnProductSchema = z.object({
  id: uuidLike,
  name: z.string(),
  description: z.string().nullish(),
  /** Decimal price in the store's currency (`number · double` in the document). */
  cost: z.number().nonnegative(),
  /** Product visibility level (integer enum); the document's examples only show `0`. */
  visibility: z.number().int(),
  isDynamic: z.boolean().nullish(),
  ignoreOutOfStock: z.boolean().nullish(),
  isBestSeller: z.boolean().nullish(),
  customValueKeys: textList,
  /** `min: 1`, defaults to 1. */
  minimumQuantity: z.number().int().nullish(),
  /** `-1 = no limit`. */
  maximumQuantity: z.number().int().nullish(),
  tags: textList,
  imageNames: textList,
  /** Only some product shapes carry links; the store-scoped list carries `imageNames` alone. */
  imageLinks: textList,
  category: z.string().nullish(),
  slug: z.string().nullish(),
  /** Read only to tell a file product from a serial one: the entries themselves are never kept. */
  files: z
    .array(z.unknown())
    .nullish()
    .transform((files) => files?.length ?? 0),
});
export type SellsnProduct = z.output<typeof sellsnProductSchema>;

/**
 * `GET /products/{productId}/view`: the key-less public view of a product, redacted by SellSN
 * itself, and the only shape with image links and a category.
 */
export const sellsnPublicViewSchema = z.object({
  data: z.object({
    imageLinks: textList,
    category: z.string().nullish(),
  }),
});
export type SellsnPublicView = z.output<typeof sellsnPublicViewSchema>["data"];

/** The store a product reference names; its `preferredCurrency` prices the whole catalog. */
export const sellsnStoreSchema = z.object({
  id: uuidLike,
  name: z.string(),
  preferredCurrency: z.string().nullish(),
});
export type SellsnStore = z.output<typeof sellsnStoreSchema>;

/**
 * A product reference from `GET /stores/{storeId}/products` ("Get all products", unpaginated and
 * redacted). The only store-scoped listing that says how much `stock` is left.
 */
export const sellsnProductReferenceSchema = z.object({
  id: uuidLike,
  stock: z.number().int(),
  store: sellsnStoreSchema.nullish(),
});
export type SellsnProductReference = z.output<typeof sellsnProductReferenceSchema>;

/**
 * `{ success, pages, data }`: one page of `GET /stores/{storeId}/products/{page}?count=`, each
 * product read on its own (one that cannot be read is left out, not the page).
 */
export const sellsnProductPageSchema = z.object({
  success: z.literal(true),
  pages: z.number().int().nonnegative(),
  data: eachProduct(sellsnProductSchema),
});

/** `{ success, message, data }` of "Get product by ID" (store-scoped). */
export const sellsnProductEnvelopeSchema = z.object({
  success: z.literal(true),
  data: sellsnProductSchema,
});

/**
 * `{ success, message, data }` of "Get all products", each reference read on its own: the product
 * of one that cannot be read reads as one without a reference (none in stock), and the rest of
 * the catalog as it says.
 */
export const sellsnProductReferencesSchema = z.object({
  success: z.literal(true),
  data: eachProduct(sellsnProductReferenceSchema),
});

/** An order line: the product as SellSN embeds it (only what the contract needs is kept). */
const sellsnOrderLineSchema = z.object({
  product: z.object({
    id: uuidLike,
    name: z.string(),
    deliveryMessage: z.string().nullish(),
  }),
  quantity: z.number().int().positive(),
});

/**
 * An order. The document has no order endpoints: this follows SellSN's conventions (camelCase,
 * `cost` as a decimal, products embedded with a `quantity`, the goods in `deliveredItem`).
 */
export const sellsnOrderSchema = z.object({
  id: uuidLike,
  status: z.string().min(1),
  cost: z.number().nonnegative(),
  currency: z.string().nullish(),
  products: z.array(sellsnOrderLineSchema),
  /** The delivered goods, one per line, once the order is complete. */
  deliveredItem: z.string().nullish(),
  /** Where the buyer pays. */
  checkoutUrl: z.string().nullish(),
});
export type SellsnOrder = z.output<typeof sellsnOrderSchema>;

/** `{ success, message, data }` around one order. */
export const sellsnOrderEnvelopeSchema = z.object({
  success: z.literal(true),
  data: sellsnOrderSchema,
});

/** The body of an order creation call, in SellSN's naming. */
export interface SellsnOrderRequest {
  readonly emailAddress: string;
  readonly products: readonly { readonly productId: string; readonly quantity: number }[];
  /** Answers to the products' `customValueKeys`, by key. */
  readonly customValues: Readonly<Record<string, string>>;
  readonly gateway?: string;
}

/** One entry of `invalidFields`: a field name, or an object naming one. */
const sellsnInvalidFieldSchema = z.union([
  z.string(),
  z.looseObject({
    field: z.string().optional(),
    name: z.string().optional(),
    key: z.string().optional(),
  }),
]);

/** SellSN's error body: `{ success: false, message, invalidFields }` (the latter on 400s). */
export const sellsnErrorSchema = z.object({
  success: z.literal(false),
  message: z.string().nullish(),
  invalidFields: z.array(sellsnInvalidFieldSchema).nullish(),
});

/**
 * A webhook delivery about an order. The document shows no webhook payload or signature, so the
 * adapter takes the Standard Webhooks envelope (`type`, `timestamp`, `data`).
 */
export const sellsnWebhookSchema = z.object({
  type: z.string().min(1),
  data: z
    .object({
      id: uuidLike.optional(),
      status: z.string().optional(),
    })
    .optional(),
});
