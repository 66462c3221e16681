import type { CreatedOrder } from "../../core/types";
import type { Kiosk } from "../kiosk-types";
import { savedOrderKey } from "../saved-order";
import { createdOrderAnswer } from "./answers";
import type { CheckoutModel } from "./checkout-types";
import { readTab, writeTab } from "./tab-storage";

/**
 * A checkout closed while its order was still being paid: it keeps following the order, and the
 * next checkout of the same product shows it instead of a new form.
 */
export interface KeptCheckout {
  readonly model: CheckoutModel;
  /** Stops its events and following, once it was shown to its end. */
  readonly dispose: () => void;
}

const kept = new WeakMap<Kiosk, Map<string, KeptCheckout>>();

export function keepCheckout(kiosk: Kiosk, productId: string, checkout: KeptCheckout): void {
  const byProduct = kept.get(kiosk) ?? new Map<string, KeptCheckout>();
  kept.set(kiosk, byProduct);
  byProduct.get(productId)?.dispose();
  byProduct.set(productId, checkout);
}

/** The kept checkout of a product, taken out of the keeping (the caller shows it). */
export function takeCheckout(kiosk: Kiosk, productId: string): KeptCheckout | undefined {
  const byProduct = kept.get(kiosk);
  const checkout = byProduct?.get(productId);
  byProduct?.delete(productId);
  return checkout;
}

/**
 * The last order of this browser tab, so a reload after paying shows the goods again: kept in
 * `sessionStorage` (never a cookie, never the URL), with the events already sent for it.
 */
export interface SavedOrder {
  readonly productId: string;
  readonly order: CreatedOrder;
  readonly said: readonly string[];
  /** Closed by the buyer while it waited for payment: shown again by itself only once paid. */
  readonly closed?: boolean | undefined;
  /** The buyer's email, which an invoice by email is sent to: said again after a reload. */
  readonly email?: string | undefined;
}

export function saveOrder(saved: SavedOrder): void {
  writeTab(savedOrderKey, saved);
}

export function savedOrder(): SavedOrder | undefined {
  const value = readTab(savedOrderKey) as Partial<SavedOrder> | null;
  const order = createdOrderAnswer.safeParse(value?.order);
  if (typeof value?.productId !== "string" || !order.success) return undefined;
  const said = Array.isArray(value.said) ? value.said.filter((x) => typeof x === "string") : [];
  return {
    productId: value.productId,
    order: order.data,
    said,
    closed: value.closed === true,
    // Text whatever the storage holds: it is shown and typed into, never sent unseen.
    email: `${value.email ?? ""}`,
  };
}

/** Notes whether the buyer closed the saved order (`orderId` guards a newer one). */
export function markSavedOrder(orderId: string | undefined, closed: boolean): void {
  const saved = savedOrder();
  if (saved && saved.order.id === orderId) saveOrder({ ...saved, closed });
}

/** Forgets the saved order once the buyer closed it at its end (`orderId` guards a newer one). */
export function dropSavedOrder(orderId: string | undefined): void {
  if (orderId !== undefined && savedOrder()?.order.id === orderId) writeTab(savedOrderKey);
}
