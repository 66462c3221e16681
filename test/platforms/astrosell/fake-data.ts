/*
 * The fake AstroSell's seed data, from the API document's examples: the Netflix product and its
 * shared serial pool, the Steam gift card created with `CODE-1..3`, the `LAUNCH10` coupon, and
 * the document's error bodies. Hidden (private) and unlisted products sit beside public ones.
 */

export interface FakeWarehouse {
  id: string;
  name: string;
  items: string[];
  removeDuplicates: boolean;
  removeSold: boolean;
  lowStockThreshold?: number;
}

export interface FakeProduct {
  id: string;
  title: string;
  slug: string;
  price: number;
  currency: string;
  type: "serials" | "service" | "file" | "dynamic";
  visibility: "public" | "unlisted" | "private";
  unlimitedStock?: boolean;
  /** Serials products draw from a warehouse, which several products may share. */
  warehouseId?: string;
  purchaseNote?: string;
  salesCount: number;
  createdAt: string;
}

export interface FakeOrder {
  invoiceId: string;
  productId: string;
  productTitle: string;
  quantity: number;
  total: number;
  currency: string;
  status: string;
  gateway: string;
  customerEmail: string;
  coupon?: string;
  createdAt: string;
  deliveredItems: string[];
}

export interface FakeCoupon {
  code: string;
  type: string;
  value: number;
  uses: number;
  maxUses: number | null;
  expiresAt: string | null;
}

/** Ids of the seeded products, by what they are for. */
export const astrosellIds = {
  steam: "66f0b2a9c1d4e5f6a7b8c901",
  netflix: "66f0a1e4b2c3d4e5f6a7b890",
  netflixReseller: "66f0a0d3c2b1a09f8e7d6c5b",
  spotifyInvite: "66f09fc2b1a0f9e8d7c6b5a4",
  wallpapers: "66f09eb1a0f9e8d7c6b5a493",
  aiPrompt: "66f09da0f9e8d7c6b5a49382",
  disney: "66f09c9fe8d7c6b5a4938271",
} as const;

/** Serial keys of the Netflix pool: never delivered by the tests, so never in a response. */
export const netflixPoolKeys = ["NFLX-AAAA-BBBB", "NFLX-CCCC-DDDD", "NFLX-EEEE-FFFF"] as const;
export const steamPurchaseNote = "Thanks for your order! Redeem on the Steam store.";
/** A coupon no test applies: the list itself must never reach a browser. */
export const staffCouponCode = "STAFF-ONLY-90";

export function seedWarehouses(): FakeWarehouse[] {
  const steamKeys = ["CODE-1", "CODE-2", "CODE-3"];
  for (let n = 4; n <= 20; n += 1) steamKeys.push(`STEAM-${String(n).padStart(4, "0")}`);
  return [
    {
      id: "66f0c3a1",
      name: "Netflix pool",
      items: [...netflixPoolKeys],
      removeDuplicates: true,
      removeSold: true,
      lowStockThreshold: 20,
    },
    {
      id: "66f0c3b2",
      name: "Steam $20",
      items: steamKeys,
      removeDuplicates: true,
      removeSold: true,
    },
    { id: "66f0c3c3", name: "Disney+", items: [], removeDuplicates: true, removeSold: true },
  ];
}

export function seedProducts(): FakeProduct[] {
  const p = (product: Omit<FakeProduct, "salesCount"> & { salesCount?: number }): FakeProduct => ({
    salesCount: 0,
    ...product,
  });
  return [
    p({
      id: astrosellIds.steam,
      title: "Steam Gift Card $20",
      slug: "steam-gift-card-20",
      price: 18.5,
      currency: "USD",
      type: "serials",
      visibility: "public",
      warehouseId: "66f0c3b2",
      purchaseNote: steamPurchaseNote,
      createdAt: "2026-06-05T09:00:00.000Z",
    }),
    p({
      id: astrosellIds.netflix,
      title: "Netflix Premium 1 Month",
      slug: "netflix-premium-1-month",
      price: 4.99,
      currency: "USD",
      type: "serials",
      visibility: "public",
      warehouseId: "66f0c3a1",
      salesCount: 318,
      createdAt: "2026-06-01T12:00:00.000Z",
    }),
    // Shares the Netflix pool: its stock is the same live count.
    p({
      id: astrosellIds.netflixReseller,
      title: "Netflix Premium 1 Month (Reseller)",
      slug: "netflix-reseller",
      price: 3.49,
      currency: "USD",
      type: "serials",
      visibility: "private",
      warehouseId: "66f0c3a1",
      createdAt: "2026-05-30T12:00:00.000Z",
    }),
    p({
      id: astrosellIds.spotifyInvite,
      title: "Spotify Family Invite",
      slug: "spotify-family-invite",
      price: 2.5,
      currency: "USD",
      type: "service",
      visibility: "unlisted",
      createdAt: "2026-05-20T12:00:00.000Z",
    }),
    p({
      id: astrosellIds.wallpapers,
      title: "4K Wallpaper Pack",
      slug: "4k-wallpaper-pack",
      price: 0.99,
      currency: "USD",
      type: "file",
      visibility: "public",
      unlimitedStock: true,
      createdAt: "2026-05-10T12:00:00.000Z",
    }),
    p({
      id: astrosellIds.aiPrompt,
      title: "Midjourney Prompt Pack",
      slug: "midjourney-prompts",
      price: 7,
      currency: "EUR",
      type: "dynamic",
      visibility: "public",
      createdAt: "2026-05-01T12:00:00.000Z",
    }),
    p({
      id: astrosellIds.disney,
      title: "Disney+ 1 Month",
      slug: "disney-plus-1-month",
      price: 3.99,
      currency: "USD",
      type: "serials",
      visibility: "public",
      warehouseId: "66f0c3c3",
      createdAt: "2026-04-01T12:00:00.000Z",
    }),
  ];
}

export function seedCoupons(): FakeCoupon[] {
  return [
    // The document's example, with an expiry far enough out for the tests to outlive it.
    {
      code: "LAUNCH10",
      type: "percent",
      value: 10,
      uses: 42,
      maxUses: 100,
      expiresAt: "2099-12-31T00:00:00.000Z",
    },
    {
      code: "SUMMER25",
      type: "percent",
      value: 25,
      uses: 3,
      maxUses: 500,
      expiresAt: "2025-08-31T00:00:00.000Z",
    },
    { code: "FIRST50", type: "percent", value: 50, uses: 50, maxUses: 50, expiresAt: null },
    { code: "FLAT5", type: "fixed", value: 5, uses: 0, maxUses: null, expiresAt: null },
    { code: staffCouponCode, type: "percent", value: 90, uses: 0, maxUses: null, expiresAt: null },
  ];
}

export const errorBodies = {
  400: { error: "quantity must be a positive integer" },
  401: { error: "Invalid or revoked API key" },
  404: { error: "Product not found" },
  429: { error: "Too many requests, slow down" },
  500: { error: "Internal server error (ref astro-7f3a)" },
} as const;
