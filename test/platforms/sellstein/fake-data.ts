import { hexSignedHeaders } from "../signing";

/*
 * The fake SellStein's data, from the API document's own examples: products, orders, error
 * bodies, signed deliveries, and the values that must never leave the proxy.
 */

export interface FakeVariant {
  name: string;
  price: number;
  stock: number;
}

/** A product as SellStein stores it; extra keys are sent as they are, like any upstream would. */
export interface FakeProduct {
  id: string;
  name: string;
  slug: string;
  price: number;
  currency: string;
  status: "active" | "draft" | "archived";
  type: "digital" | "physical" | "subscription" | "service";
  stock: number;
  category?: string;
  description?: string;
  images?: string[];
  variants?: FakeVariant[];
  [extra: string]: unknown;
}

export interface FakeOrder {
  id: string;
  order_number: number;
  status: "pending" | "completed" | "shipped" | "refunded" | "cancelled" | "disputed";
  customer_email: string;
  customer_name?: string;
  total: number;
  currency: string;
  payment_provider: string;
  items: { product_id: string; product_name: string; quantity: number; unit_price: number }[];
  internal_note?: string;
  created_at: string;
  completed_at?: string;
  [extra: string]: unknown;
}

/** Texts in the fake's data that must never leave the proxy. */
export const sellsteinSecretValues = [
  "Supplier cost 4.10 USD, renegotiate in Q3",
  "Refund approved by ops, customer is a reseller",
  "Jane Doe",
] as const;

/** The document's examples, plus hidden products and a product with variants. */
export function seedProducts(): FakeProduct[] {
  return [
    {
      id: "prod_xK9mZq2",
      name: "Premium License Key",
      slug: "premium-license-key",
      price: 29.99,
      currency: "USD",
      status: "active",
      type: "digital",
      stock: 142,
      category: "software",
      images: ["https://cdn.sellstein.com/img/prod_xK9mZq2/cover.webp"],
      created_at: "2025-11-15T08:30:00Z",
      updated_at: "2026-01-22T14:12:00Z",
      // Not in the document: an upstream field the adapter must drop, not forward.
      internal_note: sellsteinSecretValues[0],
    },
    {
      id: "prod_nW3pRt8",
      name: "Pro Toolkit License",
      slug: "pro-toolkit-license",
      price: 49.99,
      currency: "USD",
      type: "digital",
      status: "active",
      stock: -1,
      description: "Lifetime access to all pro tools",
      created_at: "2026-03-03T10:15:00Z",
      updated_at: "2026-03-03T10:15:00Z",
    },
    {
      id: "prod_Vr8tLm2",
      name: "Icon Pack",
      slug: "icon-pack",
      price: 19,
      currency: "USD",
      type: "digital",
      status: "active",
      stock: -1,
      category: "design",
      description: "**2,400** icons in SVG and PNG",
      variants: [
        { name: "Personal", price: 19, stock: -1 },
        { name: "Commercial", price: 59.5, stock: 12 },
      ],
    },
    {
      id: "prod_Dr4ftQ1",
      name: "Unreleased Course",
      slug: "unreleased-course",
      price: 99,
      currency: "USD",
      type: "service",
      status: "draft",
      stock: -1,
    },
    {
      id: "prod_Arc7vZ5",
      name: "Old Plugin",
      slug: "old-plugin",
      price: 9.99,
      currency: "USD",
      type: "digital",
      status: "archived",
      stock: 0,
    },
  ];
}

export function seedOrders(): FakeOrder[] {
  return [
    {
      id: "ord_Qw7mNp3",
      order_number: 1042,
      status: "completed",
      customer_email: "jane@example.com",
      customer_name: sellsteinSecretValues[2],
      total: 49.99,
      currency: "USD",
      payment_provider: "stripe",
      items: [
        {
          product_id: "prod_xK9mZq2",
          product_name: "Premium License Key",
          quantity: 1,
          unit_price: 49.99,
        },
      ],
      internal_note: sellsteinSecretValues[1],
      created_at: "2026-02-28T16:30:00Z",
      completed_at: "2026-02-28T16:30:05Z",
    },
  ];
}

/** The document's error body for a status, with its own code and message. */
export function sellsteinErrorBody(status: number, details?: { field: string; issue: string }[]) {
  const known: Record<number, [string, string]> = {
    400: ["VALIDATION_ERROR", "The 'price' field must be a positive number."],
    401: ["UNAUTHORIZED", "No valid API key provided."],
    403: ["FORBIDDEN", "The API key does not have permission for this action."],
    404: ["NOT_FOUND", "The requested resource does not exist."],
    429: ["RATE_LIMITED", "Too many requests. Back off and retry after the reset timestamp."],
    500: ["INTERNAL_ERROR", "An unexpected server error occurred."],
  };
  const [code, message] = known[status] ?? ["INTERNAL_ERROR", "Unexpected error."];
  const defaults = status === 400 ? [{ field: "price", issue: "Must be greater than 0" }] : [];
  return { error: { code, message, status, details: details ?? defaults } };
}

/** A delivery signed the way SellStein signs: `X-SellStein-Signature: sha256=<hex>`. */
export function signSellsteinDelivery(
  secret: string,
  event: string,
  data: unknown,
): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({
    event,
    data,
    timestamp: new Date().toISOString(),
    webhook_id: `whk_${Math.random().toString(36).slice(2, 9)}`,
  });
  return { headers: hexSignedHeaders("x-sellstein-signature", secret, body, "sha256="), body };
}
