import { effect, untracked } from "@preact/signals-core";
import type { CreatedOrder, OrderStatus } from "../../core/types";
import type { Money } from "../events";
import type { Kiosk } from "../kiosk-types";
import type { CheckoutModel } from "./checkout-model";
import { checkoutStrings as t } from "./checkout-strings";
import { dropSavedOrder, savedOrder, saveOrder } from "./kept-orders";

/** Whether an order's status means it was paid for: its goods are on their way or there. */
export const paid = (status: OrderStatus) =>
  status === "paid" || status === "delivering" || status === "completed";

/**
 * Turns the checkout's progress into `kiosk:*` events, each once: quotes, the created order, the
 * payment, the delivery, and an order that ended unpaid. Only ids and totals leave: never the
 * order's token nor its delivered goods.
 */
export function emitModelEvents(
  kiosk: Kiosk,
  model: CheckoutModel,
  productId: string,
  from: () => Node | undefined,
  resume: CreatedOrder | undefined,
  delivered: () => void,
): () => void {
  const { emit } = kiosk.events;
  let quoted: unknown;
  let ordered: string | undefined;
  let created: CreatedOrder | undefined;
  // An order shown again after a reload does not announce again what it already did.
  const resumed = resume ? savedOrder() : undefined;
  const said = new Set<string>(resumed?.order.id === resume?.id ? resumed?.said : []);
  if (resume) {
    ordered = resume.id;
    created = resume;
  }
  const save = () => {
    if (created)
      saveOrder({
        productId,
        order: created,
        said: [...said],
        email: model.email.peek(),
        closed: model.aside,
      });
  };
  const once = (orderId: string, name: "kiosk:paid" | "kiosk:complete", total: Money) => {
    // Said by this checkout, or by another copy's showing the same saved order after a reload
    // (a script tag's and an app's on one page each show it).
    if (said.has(`${name} ${orderId}`) || savedOrder()?.said.includes(`${name} ${orderId}`)) return;
    said.add(`${name} ${orderId}`);
    save();
    emit(name, { productId, orderId, total }, from());
  };
  return effect(() => {
    const quote = model.quote.value;
    const order = model.order.value;
    const status = model.status.value;
    const phase = model.phase.value;
    untracked(() => {
      if (quote && quote !== quoted && phase === "form") {
        quoted = quote;
        emit("kiosk:quote", { productId, total: quote.total }, from());
      }
      if (!order) {
        // Back to the form after an order that ended unpaid: a reload no longer shows that one.
        dropSavedOrder(ordered);
        ordered = undefined;
        return;
      }
      const { id: orderId, total } = order;
      if (ordered !== orderId) {
        ordered = orderId;
        if ("token" in order) {
          created = order;
          save();
        }
        emit("kiosk:order", { productId, orderId, total }, from());
      }
      if (status && paid(status)) {
        once(orderId, "kiosk:paid", total);
      }
      if (phase === "done" && !said.has(`kiosk:complete ${orderId}`)) {
        // Delivered: the stock it took is gone from the page's cards and Buy buttons too.
        delivered();
        once(orderId, "kiosk:complete", total);
      }
      if (phase === "failed" && !said.has(`failed ${orderId}`)) {
        said.add(`failed ${orderId}`);
        emit(
          "kiosk:error",
          {
            productId,
            type: `order_${status ?? "failed"}`,
            message: t.orderFailed({ status: status ?? "failed" }),
          },
          from(),
        );
      }
    });
  });
}
