import type { Order } from "../../core";
import type { PlatformOrder } from "../platforms/platform";

/**
 * The only way an order leaves the proxy: contract fields copied by name. The goods themselves
 * appear only once the order is completed.
 */
export function toOrderView(order: PlatformOrder): Order {
  const completed = order.status === "completed";
  return {
    id: order.id,
    status: order.status,
    total: { amount: order.total.amount, currency: order.total.currency },
    items: order.items.map((item) => ({
      productId: item.productId,
      ...(item.variantId === undefined ? {} : { variantId: item.variantId }),
      name: item.name,
      quantity: item.quantity,
    })),
    ...(completed && order.deliveredItems
      ? {
          deliveredItems: order.deliveredItems.map((item) => ({
            ...(item.productId === undefined ? {} : { productId: item.productId }),
            kind: item.kind,
            value: item.value,
          })),
        }
      : {}),
    ...(completed && order.deliveryMessage ? { deliveryMessage: order.deliveryMessage } : {}),
  };
}
