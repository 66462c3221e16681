import { z } from "zod";
import { eachProduct } from "../shared/priced-products";

/*
 * The platform's shapes, written from its API document: every upstream response is parsed here,
 * so a platform that changes a field fails loudly in one place. Keep only what the adapter reads.
 */

export const templateProductSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  /** Decimal text in major units, such as "19.99". */
  price: z.string(),
  currency: z.string().length(3),
  /** `null` for unlimited. */
  stock: z.number().int().nullable(),
  status: z.enum(["active", "hidden"]),
});
export type TemplateProduct = z.output<typeof templateProductSchema>;

/** The list: its envelope strict, each product read on its own (one that cannot be read is left out). */
export const templateProductListSchema = z.object({ data: eachProduct(templateProductSchema) });

export const templateOrderStatuses = ["pending", "paid", "completed", "refunded"] as const;

export const templateOrderSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  total: z.string(),
  currency: z.string().length(3),
  items: z.array(z.object({ product_id: z.string(), name: z.string(), quantity: z.number() })),
  checkout_url: z.string().optional(),
});
export type TemplateOrder = z.output<typeof templateOrderSchema>;

/** The body of the platform's order call, in its own words. */
export interface TemplateOrderBody {
  readonly email: string;
  readonly items: readonly { readonly product_id: string; readonly quantity: number }[];
}

export const templateErrorSchema = z.object({ error: z.object({ code: z.string() }) });

export const templateWebhookSchema = z.object({
  type: z.string().min(1),
  data: z.object({ id: z.string().optional(), status: z.string().optional() }).optional(),
});
