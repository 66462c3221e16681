import { randomUUID } from "node:crypto";
import { standardWebhookHeaders } from "../signing";

/*
 * The fake SellSN's data, from the API document's own examples: its full product objects (with
 * `files`, `webhookUrl`, `additionalFees`, `metadata`), varied into a small store, and the values
 * that must never leave the proxy.
 */

/** A product as SellSN stores it, plus its delivery items (never sent in a product body). */
export interface FakeSellsnProduct {
  id: string;
  dateCreated: string;
  name: string;
  description: string;
  cost: number;
  amountSold: number;
  files: { id: string; dateCreated: string; friendlyName: string }[];
  tags: string[];
  webhookUrl: string | null;
  visibility: number;
  isPinned: boolean;
  isDynamic: boolean;
  imageNames: string[];
  ignoreOutOfStock: boolean;
  customValueKeys: string[];
  shouldBlockVirtualPrivateNetworks: boolean;
  deliveryMessage: string | null;
  minimumQuantity: number;
  maximumQuantity: number;
  order: number;
  likes: number;
  isBestSeller: boolean;
  blacklistedPaymentGateways: string[];
  additionalFees: Record<string, string>;
  metadata: string | null;
  /** Only in the public view (`GET /products/{id}/view`), not in the store-scoped shapes. */
  imageLinks: string[];
  category: string | null;
  /** The serials handed out on delivery (`/items`); their count is the product's stock. */
  items: string[];
}

export interface FakeSellsnOrder {
  id: string;
  dateCreated: string;
  status: string;
  cost: number;
  currency: string;
  lines: { productId: string; quantity: number }[];
  emailAddress: string;
  customValues: Record<string, string>;
  gateway: string | null;
  deliveredItem: string | null;
}

/** Texts in the fake's data that must never leave the proxy. */
export const sellsnSecretValues = [
  "https://merchant.example/hooks/sellsn-delivery?token=wh_9f3kQ2",
  "https://gen.merchant.example/sellsn/dynamic?key=dyn_77Hq",
  "icon-pack-pro-master-2025.zip",
  "stripe_surcharge_internal",
  "supplier=KeyDirect;margin=41%",
  "restock from batch 2291 before Friday",
  "crypto_gateway_blocked_internal",
  "BETA-0001-UNLISTED-SERIAL",
  "STAFF-ONLY-SERIAL-7781",
  "203.0.113.77",
  "txn_internal_5521",
  "sellsn-internal-trace-91f2",
] as const;

export const created = "2025-05-21T13:52:12.674Z";

function product(
  fields: Partial<FakeSellsnProduct> & Pick<FakeSellsnProduct, "id" | "name" | "cost">,
): FakeSellsnProduct {
  return {
    dateCreated: created,
    description: "text",
    amountSold: 1,
    files: [],
    tags: ["text"],
    webhookUrl: null,
    visibility: 0,
    isPinned: false,
    isDynamic: false,
    imageNames: ["text"],
    ignoreOutOfStock: false,
    customValueKeys: [],
    shouldBlockVirtualPrivateNetworks: true,
    deliveryMessage: null,
    minimumQuantity: 1,
    maximumQuantity: -1,
    order: 1,
    likes: 1,
    isBestSeller: false,
    blacklistedPaymentGateways: [],
    additionalFees: {},
    metadata: null,
    imageLinks: [],
    category: null,
    items: [],
    ...fields,
  };
}

/** Product ids, in the UUID form the document uses. */
export const sellsnIds = {
  windowsKey: "123e4567-e89b-12d3-a456-426614174001",
  spotify: "123e4567-e89b-12d3-a456-426614174002",
  iconPack: "123e4567-e89b-12d3-a456-426614174003",
  nitro: "123e4567-e89b-12d3-a456-426614174004",
  unlisted: "123e4567-e89b-12d3-a456-426614174005",
  staff: "123e4567-e89b-12d3-a456-426614174006",
  soldOut: "123e4567-e89b-12d3-a456-426614174007",
} as const;

/** The document's example product, varied into a small store: visible, hidden, sold out. */
export function seedProducts(): FakeSellsnProduct[] {
  return [
    product({
      id: sellsnIds.windowsKey,
      imageLinks: ["https://cdn.sellsn.io/images/windows-11-pro.webp", "javascript:alert(1)"],
      category: "Software",
      name: "Windows 11 Pro Retail Key",
      description: "A **genuine** retail key, delivered instantly.",
      cost: 19.99,
      webhookUrl: "https://merchant.example/hooks/sellsn-delivery?token=wh_9f3kQ2",
      deliveryMessage: "Activate within 30 days.",
      maximumQuantity: 5,
      isBestSeller: true,
      blacklistedPaymentGateways: ["crypto_gateway_blocked_internal"],
      additionalFees: { stripe_surcharge_internal: "1.25" },
      metadata: "supplier=KeyDirect;margin=41%",
      items: ["W11-AAAA-1111", "W11-BBBB-2222", "W11-CCCC-3333", "W11-DDDD-4444", "W11-EEEE-5555"],
    }),
    product({
      id: sellsnIds.spotify,
      category: "Music",
      name: "Spotify Premium 12 Months",
      cost: 4.5,
      ignoreOutOfStock: true,
      customValueKeys: ["Discord username", "Email for activation"],
      metadata: "restock from batch 2291 before Friday",
    }),
    product({
      id: sellsnIds.iconPack,
      name: "Icon Pack Pro",
      cost: 12,
      ignoreOutOfStock: true,
      files: [
        { id: randomUUID(), dateCreated: created, friendlyName: "icon-pack-pro-master-2025.zip" },
      ],
    }),
    product({
      id: sellsnIds.nitro,
      name: "Discord Nitro Generator",
      cost: 2.99,
      isDynamic: true,
      ignoreOutOfStock: true,
      webhookUrl: "https://gen.merchant.example/sellsn/dynamic?key=dyn_77Hq",
      minimumQuantity: 2,
      maximumQuantity: 10,
    }),
    product({
      id: sellsnIds.unlisted,
      name: "Unlisted Beta Key",
      cost: 9.99,
      visibility: 1,
      items: ["BETA-0001-UNLISTED-SERIAL"],
    }),
    product({
      id: sellsnIds.staff,
      name: "Private Staff Bundle",
      cost: 0.5,
      visibility: 2,
      items: ["STAFF-ONLY-SERIAL-7781"],
    }),
    product({ id: sellsnIds.soldOut, name: "Sold Out Game Key", cost: 29.99 }),
  ];
}

const notAuthorized = "You are not authorized, check your API key and try again.";
const notFound =
  "One of the objects referenced by the ID given in the URL or form was not found, check the ID and try again.";
const invalidForm =
  "The provided form information is not valid, check that the provided data is valid.";

/** The document's error body for a status (500 is not documented; it follows the same shape). */
export function sellsnErrorBody(status: number, invalidFields?: string[]) {
  if (status === 400) {
    return { success: false, message: invalidForm, invalidFields: invalidFields ?? [] };
  }
  if (status === 401) return { success: false, message: notAuthorized };
  if (status === 404) return { success: false, message: notFound };
  if (status === 429) return { success: false, message: "You are being rate limited." };
  return { success: false, message: "Internal error, trace sellsn-internal-trace-91f2" };
}

/** A Standard Webhooks delivery about an order, signed as the adapter expects. */
export function signSellsnDelivery(
  secret: string,
  orderId: string,
  status: string,
  now: number = Date.now(),
  type = "order.updated",
): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({
    type,
    timestamp: new Date(now).toISOString(),
    data: { id: orderId, status },
  });
  return { headers: standardWebhookHeaders(secret, body, now), body };
}

/** The full product object of the document (secrets included, as SellSN sends them). */
export const storeScopedProduct = ({
  items: _items,
  imageLinks: _links,
  category: _category,
  ...rest
}: FakeSellsnProduct) => rest;

/** The key-less public view: SellSN's own redaction, which still shows fees and gateways. */
export const publicView = ({
  items: _items,
  files: _files,
  webhookUrl: _hook,
  metadata: _meta,
  ...rest
}: FakeSellsnProduct) => rest;

/** "Get all products": a redacted reference with `stock` and the store. */
export const productReference = (p: FakeSellsnProduct, store: unknown) => ({
  id: p.id,
  dateCreated: p.dateCreated,
  name: p.name,
  description: p.description,
  tags: p.tags,
  imageNames: p.imageNames,
  cost: p.cost,
  stock: p.items.length,
  amountSold: p.amountSold,
  ignoreOutOfStock: p.ignoreOutOfStock,
  isPinned: p.isPinned,
  isDynamic: p.isDynamic,
  rating: 1,
  minimumQuantity: p.minimumQuantity,
  maximumQuantity: p.maximumQuantity,
  order: p.order,
  visibility: p.visibility,
  likes: p.likes,
  customValueKeys: p.customValueKeys,
  store,
});
