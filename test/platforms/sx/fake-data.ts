/*
 * The fake `sx_` platform's data, from its API document's own examples: product and order objects
 * and the values that must never leave the proxy.
 */

export type FakeProductType =
  | "license_key"
  | "account"
  | "file_download"
  | "dynamic"
  | "physical"
  | "subscription";

export interface FakeProduct {
  id: string;
  name: string;
  slug: string;
  type: FakeProductType;
  price_cents: number;
  currency: string;
  stock: number | null;
  status: "active" | "archived" | "draft";
  description?: string;
  created_at: string;
  /** Serial keys imported into the product's pool (the document's stock import); never sent. */
  pool?: string[];
}

export type FakeOrderStatus =
  | "pending"
  | "awaiting_payment"
  | "paid"
  | "delivering"
  | "completed"
  | "failed"
  | "refunded";

export interface FakeOrder {
  id: string;
  status: FakeOrderStatus;
  total_cents: number;
  currency: string;
  customer_email: string;
  paid_at: string | null;
  payment: { provider: string; chain: string; asset: string; tx_hash: string | null };
  items: { product: string; qty: number; subtotal_cents: number }[];
  delivery: { kind: string; state: string; delivered_at: string | null };
  checkout_url: string;
  /** What was delivered; kept on the fake's side, as the document's order object shows none. */
  goods: string[];
}

/** Texts in the fake's data that must never leave the proxy. */
export const sxSecretValues = [
  // Serial keys in the license product's pool.
  "ADBE-7Q2K-99XZ-LM31",
  "ADBE-4HFD-0PQA-ZZ82",
  // A settlement transaction hash and the chain it was paid on.
  "0xae9c2f31b7d54e0a",
  // The document's webhook endpoint.
  "https://your.app/sellix/webhook",
] as const;

/** The document's two list examples and its single product, plus hidden and sold-out ones. */
export function seedProducts(): FakeProduct[] {
  const created = "2026-05-26T07:18:03Z";
  return [
    {
      id: "prod_01J2PVQR41",
      name: "Adobe Creative Cloud Key",
      slug: "adobe-creative-cloud-key",
      type: "license_key",
      price_cents: 12900,
      currency: "USD",
      stock: 47,
      status: "active",
      description: "A **12-month** Creative Cloud licence key.",
      created_at: created,
      pool: ["ADBE-7Q2K-99XZ-LM31", "ADBE-4HFD-0PQA-ZZ82"],
    },
    {
      id: "prod_01J2PVQS6X",
      name: "VIP Discord Role",
      slug: "vip-discord-role",
      type: "account",
      price_cents: 999,
      currency: "USD",
      stock: null,
      status: "active",
      created_at: created,
    },
    {
      id: "prod_01J2PVR0DL",
      name: "Brush Pack",
      slug: "brush-pack",
      type: "file_download",
      price_cents: 1500,
      currency: "USD",
      stock: null,
      status: "active",
      created_at: created,
    },
    {
      id: "prod_01J2PVR7SO",
      name: "Steam Gift Card",
      slug: "steam-gift-card",
      type: "dynamic",
      price_cents: 2500,
      currency: "USD",
      stock: 0,
      status: "active",
      created_at: created,
    },
    {
      id: "prod_01J2PVD1FT",
      name: "Unreleased Bundle",
      slug: "unreleased-bundle",
      type: "file_download",
      price_cents: 4900,
      currency: "USD",
      stock: null,
      status: "draft",
      created_at: created,
    },
    {
      id: "prod_01J2PVA9RC",
      name: "Legacy Course",
      slug: "legacy-course",
      type: "subscription",
      price_cents: 2900,
      currency: "USD",
      stock: null,
      status: "archived",
      created_at: created,
    },
  ];
}
