import { type DeliveredItem, httpLink, withoutBidiControls as label, type Order } from "../../core";
import type { PlatformOrder } from "../platforms/platform";

/**
 * The only way an order leaves the proxy: contract fields copied by name. The goods themselves
 * appear only once the order is completed. The items' names and the delivery message lose their
 * directional formatting characters (see `withoutBidiControls`), shown as they are beside
 * quantities; the goods' values stay byte for byte as the platform delivered them.
 */
export function toOrderView(order: PlatformOrder): Order {
  const completed = order.status === "completed";
  const deliveryMessage = label(order.deliveryMessage ?? "");
  return {
    id: order.id,
    status: order.status,
    total: { amount: order.total.amount, currency: order.total.currency },
    items: order.items.map((item) => ({
      productId: item.productId,
      ...(item.variantId === undefined ? {} : { variantId: item.variantId }),
      name: label(item.name),
      quantity: item.quantity,
    })),
    ...(completed && order.deliveredItems
      ? { deliveredItems: order.deliveredItems.flatMap(toDeliveredView) }
      : {}),
    ...(completed && deliveryMessage ? { deliveryMessage } : {}),
  };
}

/** A delivered item by name; a "link" that is no http(s) URL never leaves (it could run script). */
function toDeliveredView(item: DeliveredItem): DeliveredItem[] {
  const productId = item.productId === undefined ? {} : { productId: item.productId };
  if (item.kind !== "link") return [{ ...productId, kind: item.kind, value: item.value }];
  const link = httpLink(item.value);
  return link === undefined ? [] : [{ ...productId, kind: "link", value: link }];
}
