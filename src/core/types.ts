import type * as z from "zod/mini";
import type { paymentHints } from "./order-words";
import type {
  createdOrderSchema,
  deliveredItemSchema,
  orderRequestSchema,
  orderSchema,
} from "./schemas/order";
import type { problemSchema } from "./schemas/problem";
import type { customFieldSchema, productSchema, variantSchema } from "./schemas/product";
import type { orderItemSchema, quoteRequestSchema, quoteSchema } from "./schemas/quote";
import type { platformIds, storeSchema } from "./schemas/store";

/** A product as the contract shows it. */
export type Product = z.infer<typeof productSchema>;
export type Variant = z.infer<typeof variantSchema>;
export type CustomField = z.infer<typeof customFieldSchema>;
export type OrderItem = z.infer<typeof orderItemSchema>;
export type QuoteRequest = z.infer<typeof quoteRequestSchema>;
/** The server's price for a would-be order. */
export type Quote = z.infer<typeof quoteSchema>;
export type OrderRequest = z.infer<typeof orderRequestSchema>;
export type CreatedOrder = z.infer<typeof createdOrderSchema>;
/** An order as its token holder reads it. */
export type Order = z.infer<typeof orderSchema>;
export type PaymentHint = (typeof paymentHints)[number];
export type DeliveredItem = z.infer<typeof deliveredItemSchema>;
export type StoreInfo = z.infer<typeof storeSchema>;
export type { OrderStatus } from "./order-status";
export type PlatformId = (typeof platformIds)[number];
/** RFC 7807 problem details. */
export type Problem = z.infer<typeof problemSchema>;
