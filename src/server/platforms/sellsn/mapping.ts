import {
  type CustomField,
  type DeliveredItem,
  fromDecimal,
  isCurrencyCode,
  isDeliveredLink,
  type OrderStatus,
  type Product,
  priceFromDecimal,
} from "../../../core";
import { inStock } from "../../../core/availability";
import type { CatalogProduct, PlatformOrder } from "../platform";
import type { DescribedError } from "../upstream/http-client";
import {
  type SellsnOrder,
  type SellsnProduct,
  type SellsnPublicView,
  type SellsnStore,
  sellsnErrorSchema,
} from "./schemas";

/**
 * SellSN's product visibility levels. The document lists the field as an integer enum without
 * naming its values; every example (including the public, key-less view) shows `0`, the level a
 * buyer may browse. Any other level is treated as not public, so an unknown level stays hidden.
 */
export const sellsnVisibility = { public: 0 } as const;

/** Whether a buyer may see a product with this visibility level. */
export function isPublicVisibility(visibility: number): boolean {
  return visibility === sellsnVisibility.public;
}

/** Used when the store names no currency; SellSN prices in US dollars by default. */
export const fallbackCurrency = "USD";

/**
 * The currency the catalog is priced in: the store's `preferredCurrency`, US dollars when it names
 * none. One it names that is not a currency code ("€", "Euro") is not guessed at, nor taken for
 * dollars, which would show a euro price as so many dollars: `undefined`, and nothing is sold.
 */
export function storeCurrency(store: SellsnStore | null | undefined): string | undefined {
  const named = store?.preferredCurrency?.trim().toUpperCase();
  if (!named) return fallbackCurrency;
  return isCurrencyCode(named) ? named : undefined;
}

/**
 * Stock as the contract counts it: `null` is unlimited. Dynamic products are generated on
 * delivery and `ignoreOutOfStock` lets buyers purchase regardless, so neither has a limit; `-1`
 * is unlimited too, as it is for the document's `maximumQuantity`, while any other count below
 * zero (sold past its stock) is none left. A product the stock listing did not mention (the two
 * listings were read a moment apart) counts as sold out rather than as unlimited.
 */
export function mapStock(product: SellsnProduct, stockLeft: number | undefined): number | null {
  if (product.isDynamic || product.ignoreOutOfStock) return null;
  if (stockLeft === undefined) return 0;
  return stockLeft === -1 ? null : Math.max(0, stockLeft);
}

/** `minimumQuantity`/`maximumQuantity` (`-1` = no limit) as the contract's quantity rule. */
export function mapQuantity(
  minimumQuantity: number | null | undefined,
  maximumQuantity: number | null | undefined,
): Product["quantity"] {
  const min = Math.max(1, minimumQuantity ?? 1);
  if (maximumQuantity === null || maximumQuantity === undefined || maximumQuantity < 0) {
    return { min, max: null };
  }
  // A maximum below the minimum cannot be met; the minimum is the only quantity that can be.
  return { min, max: Math.max(min, maximumQuantity) };
}

/**
 * `customValueKeys` as custom fields. The document lists the keys and says nothing of any being
 * required, so none is: the buyer may leave one empty, and SellSN itself refuses what it needs.
 */
export function mapCustomFields(keys: readonly string[] | null | undefined): CustomField[] {
  const seen = new Set<string>();
  const fields: CustomField[] = [];
  for (const raw of keys ?? []) {
    const key = raw.trim();
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    fields.push({
      key,
      label: key,
      required: false,
      type: /e-?mail/i.test(key) ? "email" : "text",
    });
  }
  return fields;
}

/** SellSN delivers generated goods (dynamic), a file, or lines from the product's item list. */
export function mapProductType(product: SellsnProduct): Product["type"] {
  if (product.isDynamic) return "dynamic";
  if (product.files > 0) return "download";
  return "license_key";
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value);
}

/**
 * A SellSN product as the proxy's catalog product, copied field by field from an allow-list.
 * `stockLeft` comes from the "all products" listing, the only one that reports stock; images and
 * category come from the product's public view, the only shape that carries them.
 */
export function toCatalogProduct(
  product: SellsnProduct,
  stockLeft: number | undefined,
  currency: string,
  view?: SellsnPublicView,
): CatalogProduct {
  const stock = mapStock(product, stockLeft);
  const category = (view?.category ?? product.category)?.trim();
  const slug = product.slug?.trim();
  return {
    id: product.id,
    name: product.name,
    ...(slug ? { slug } : {}),
    type: mapProductType(product),
    description: product.description ?? "",
    images: (view?.imageLinks ?? product.imageLinks ?? []).filter(isHttpUrl),
    ...(category ? { category } : {}),
    ...(product.isBestSeller ? { badges: ["best_seller"] } : {}),
    price: priceFromDecimal(product.cost, currency),
    variants: [],
    stock,
    available: inStock(stock),
    quantity: mapQuantity(product.minimumQuantity, product.maximumQuantity),
    customFields: mapCustomFields(product.customValueKeys),
    visible: isPublicVisibility(product.visibility),
  };
}

/**
 * The order statuses the adapter knows, normalized (lower case, letters only). The document
 * gives order `status` as free text; these are the words SellSN's dashboard uses.
 */
export const sellsnOrderStatuses = [
  "pending",
  "awaitingpayment",
  "partiallypaid",
  "paid",
  "processing",
  "completed",
  "delivered",
  "failed",
  "refunded",
  "expired",
  "cancelled",
  "canceled",
  "voided",
] as const;
export type SellsnOrderStatus = (typeof sellsnOrderStatuses)[number];

function isKnownStatus(value: string): value is SellsnOrderStatus {
  return (sellsnOrderStatuses as readonly string[]).includes(value);
}

/** `"Awaiting Payment"`, `"AWAITING_PAYMENT"` and `"awaitingPayment"` all read the same. */
export function normalizeOrderStatus(status: string): string {
  return status.toLowerCase().replace(/[^a-z]/g, "");
}

/** A SellSN order status in the contract's words; `undefined` for a status it does not know. */
export function toOrderStatus(status: string): OrderStatus | undefined {
  const normalized = normalizeOrderStatus(status);
  if (!isKnownStatus(normalized)) return undefined;
  switch (normalized) {
    case "pending":
      return "pending";
    case "awaitingpayment":
    case "partiallypaid":
      return "awaiting_payment";
    case "paid":
      return "paid";
    case "processing":
      return "delivering";
    case "completed":
    case "delivered":
      return "completed";
    case "failed":
      return "failed";
    case "refunded":
      return "refunded";
    case "expired":
      return "expired";
    case "cancelled":
    case "canceled":
    case "voided":
      return "cancelled";
    default: {
      const unreachable: never = normalized;
      return unreachable;
    }
  }
}

/** `deliveredItem` holds one delivered good a line: a link when it is a URL, a key otherwise. */
export function mapDeliveredItems(order: SellsnOrder): DeliveredItem[] {
  const single = order.products.length === 1 ? order.products[0]?.product.id : undefined;
  return (order.deliveredItem ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((value) => ({
      ...(single ? { productId: single } : {}),
      kind: isDeliveredLink(value) ? "link" : "key",
      value,
    }));
}

/**
 * A SellSN order in the contract's words. Delivered goods and the delivery message are only
 * copied once the order is completed: before that the buyer has not been given them.
 */
export function toPlatformOrder(
  order: SellsnOrder,
  status: OrderStatus,
  fallback: string,
): PlatformOrder {
  const code = order.currency?.trim().toUpperCase();
  const currency = code && isCurrencyCode(code) ? code : fallback;
  const completed = status === "completed";
  const deliveredItems = completed ? mapDeliveredItems(order) : [];
  const messages = completed
    ? [...new Set(order.products.map((line) => line.product.deliveryMessage?.trim() ?? ""))].filter(
        (message) => message !== "",
      )
    : [];
  const checkoutUrl = order.checkoutUrl?.trim();
  return {
    id: order.id,
    status,
    total: fromDecimal(order.cost, currency),
    items: order.products.map((line) => ({
      productId: line.product.id,
      name: line.product.name,
      quantity: line.quantity,
    })),
    ...(checkoutUrl && isHttpUrl(checkoutUrl) ? { checkoutUrl } : {}),
    ...(deliveredItems.length > 0 ? { deliveredItems } : {}),
    ...(messages.length > 0 ? { deliveryMessage: messages.join("\n\n") } : {}),
  };
}

/**
 * One of SellSN's `invalidFields` as a contract field path, or `undefined` when it names nothing
 * the buyer sent. Field names are matched without regard to case (`Products[0].Quantity`).
 */
export function mapInvalidField(name: string): string | undefined {
  const field = name.trim().replace(/^\$\./, "");
  if (/^(customer\.)?(email|emailaddress)$/i.test(field)) return "email";
  const line = /^products\[(\d+)\]\.(quantity|productid|id)$/i.exec(field);
  if (line) {
    const [, index = "0", key = ""] = line;
    return `items.${index}.${key.toLowerCase() === "quantity" ? "quantity" : "productId"}`;
  }
  if (/^(products|quantity|productid)$/i.test(field)) return "items";
  // Only a plain key is echoed back as a path: it names a field, never carries upstream text.
  const custom = /^customvalues\.([\w .-]{1,64})$/i.exec(field);
  if (custom?.[1]) return `fields.${custom[1]}`;
  if (/^(gateway|paymentmethod)$/i.test(field)) return "paymentMethod";
  return undefined;
}

function safeMessage(status: number): string {
  if (status === 400) return "SellSN refused the request as invalid";
  if (status === 404) return "SellSN has no such item";
  if (status === 429) return "SellSN is limiting the proxy's requests";
  if (status >= 500) return "SellSN is unavailable";
  return `SellSN answered ${status}`;
}

/**
 * Reads SellSN's error body (`{ success: false, message, invalidFields }`) into safe words: the
 * upstream `message` is never repeated, only the field names it refused, as contract paths.
 */
export function describeError(status: number, body: unknown): DescribedError {
  const parsed = sellsnErrorSchema.safeParse(body);
  const fields: Record<string, string> = {};
  for (const entry of parsed.success ? (parsed.data.invalidFields ?? []) : []) {
    const name = typeof entry === "string" ? entry : (entry.field ?? entry.name ?? entry.key);
    const path = name === undefined ? undefined : mapInvalidField(name);
    if (path && !(path in fields)) fields[path] = "was refused by SellSN";
  }
  return {
    message: safeMessage(status),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}
