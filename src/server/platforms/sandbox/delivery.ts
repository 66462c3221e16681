import { type DeliveredItem, isDeliveredLink } from "../../../core";
import { randomBytes, toHex } from "../../web-crypto";
import type { SandboxCatalogProduct } from "./catalog";
import type { Reservation } from "./stock";

/** What a paid order hands over, and the products' delivery messages joined, if any. */
export interface Delivery {
  readonly items: DeliveredItem[];
  readonly message: string | undefined;
}

/**
 * The goods for an order's reserved units: its serials (a link or a key), else the product's
 * delivery text or a made-up key. The units were reserved when the order was created, so paying
 * can never run out of them.
 */
export function deliveryOf(
  products: ReadonlyMap<string, SandboxCatalogProduct>,
  reservation: Reservation,
): Delivery {
  const items: DeliveredItem[] = [];
  const messages: string[] = [];
  for (const line of reservation.lines) {
    const product = products.get(line.productId);
    if (!product) continue;
    if (product.serials) {
      for (const value of line.serials) {
        items.push({
          productId: product.id,
          kind: isDeliveredLink(value) ? "link" : "key",
          value,
        });
      }
    } else {
      const value = product.delivery ?? `SBX-${toHex(randomBytes(6)).toUpperCase()}`;
      items.push({
        productId: product.id,
        kind: isDeliveredLink(value) ? "link" : "text",
        value,
      });
    }
    if (product.deliveryMessage) messages.push(product.deliveryMessage);
  }
  return { items, message: messages.length > 0 ? messages.join("\n") : undefined };
}
