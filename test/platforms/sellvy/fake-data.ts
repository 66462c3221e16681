/*
 * The fake Sellvy's data, from the document's own examples: products, coupons, and the values
 * that must never leave the proxy.
 */

export type Row = Record<string, unknown>;

export interface FakeProduct extends Row {
  id: string;
  title: string;
  type: string;
  price: number | string;
  currency: string;
  is_visible: boolean;
  category_id?: string;
  variants?: { id: string; title: string; price: number; stock: number | null }[];
  stock?: number | null;
}

export interface FakeCoupon extends Row {
  id: string;
  code: string;
  type: "percentage" | "fixed";
  value: number;
}

/** Strings in the fake's data that must never reach a proxy response or log line. */
export const sellvySecrets = {
  fileUrl: "https://files.sellvy.io/private/icon-pack-5f2c9e.zip",
  hiddenFileUrl: "https://files.sellvy.io/private/beta-build-77ab.zip",
  hiddenTitle: "Internal Beta Build",
  paymentIntent: "pi_3QsellvySecretIntent0042",
  customerIp: "203.0.113.77",
  staffCoupon: "STAFF100",
} as const;

const day = 86_400_000;
export const category = { id: "cat_abc123", name: "Templates" };

export function seedProducts(): FakeProduct[] {
  const base = { currency: "USD", is_visible: true, total_sold: 0, created_at: "2026-01-05" };
  return [
    // The document's own example product, as `GET /products/:id` would return it.
    {
      ...base,
      id: "prod_abc123",
      title: "Premium Icon Pack",
      type: "digital_download",
      price: 29.99,
      description: "500+ hand-crafted icons in **SVG** and PNG formats.",
      category_id: category.id,
      category,
      images: ["https://cdn.sellvy.io/img/icon-pack.png"],
      file_url: sellvySecrets.fileUrl,
      stock: -1,
      variants: [],
    },
    {
      ...base,
      id: "prod_def456",
      title: "Website Template Bundle",
      type: "digital_download",
      price: 49,
      category_id: category.id,
      category,
      images: [],
      stock: null,
      variants: [
        { id: "var_personal", title: "Personal License", price: 49, stock: null },
        { id: "var_team", title: "Team License", price: 129.5, stock: 3 },
      ],
    },
    {
      ...base,
      id: "prod_ghi789",
      title: "Windows 11 Pro Key",
      type: "license_key",
      price: "14.99",
      stock: 5,
    },
    {
      ...base,
      id: "prod_jkl012",
      title: "1-on-1 Design Review",
      type: "service",
      price: 75,
      stock: 0,
    },
    { ...base, id: "prod_mno345", title: "Pro Membership", type: "subscription", price: 9.99 },
    {
      ...base,
      id: "prod_pqr678",
      title: "Lightroom Presets",
      type: "digital_download",
      price: 12.5,
    },
    {
      ...base,
      id: "prod_stu901",
      title: "Grotesk Font Family",
      type: "digital_download",
      price: 19,
    },
    {
      ...base,
      id: "prod_hid001",
      title: sellvySecrets.hiddenTitle,
      type: "digital_download",
      price: 5,
      is_visible: false,
      file_url: sellvySecrets.hiddenFileUrl,
    },
  ];
}

export function seedCoupons(now: number): FakeCoupon[] {
  const later = new Date(now + 30 * day).toISOString();
  return [
    // The document's example, verbatim: its `expires_at` has passed, so it is the expired one.
    {
      id: "cpn_1",
      code: "SUMMER20",
      type: "percentage",
      value: 20,
      max_uses: 100,
      uses: 3,
      expires_at: "2026-09-01T00:00:00Z",
      min_order_amount: 10,
      applies_to_products: ["prod_abc123"],
    },
    {
      id: "cpn_2",
      code: "ICONS10",
      type: "percentage",
      value: 10,
      max_uses: 100,
      uses: 12,
      expires_at: later,
      min_order_amount: 10,
      applies_to_products: ["prod_abc123"],
    },
    {
      id: "cpn_3",
      code: "LAUNCH5",
      type: "fixed",
      value: 5,
      max_uses: 50,
      uses: 50,
      expires_at: null,
    },
    { id: "cpn_4", code: "BIGSPENDER", type: "percentage", value: 15, min_order_amount: 500 },
    {
      id: "cpn_5",
      code: sellvySecrets.staffCoupon,
      type: "percentage",
      value: 100,
      max_uses: null,
    },
  ];
}
