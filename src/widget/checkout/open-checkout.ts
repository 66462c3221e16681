// widget/checkout/: the checkout dialog, its own chunk, loaded on the first Buy click.
import type { Signal } from "@preact/signals";
import { h } from "preact";
import type { Product, StoreInfo } from "../../core/types";
import { KioskError } from "../errors";
import type { CheckoutRequest, Kiosk } from "../kiosk-types";
import { mountInShadow } from "../mount";
import type { ProductState } from "../product-store";
import { checkedProduct, createCheckoutApi } from "./checkout-api";
import { CheckoutModal } from "./checkout-modal";
import { createCheckoutModel } from "./checkout-model";
import { checkoutCss } from "./checkout-styles";
import type { PaymentWindow } from "./checkout-types";

/** The open checkout of each page runtime; opening another closes it first. */
const open = new WeakMap<Kiosk, () => void>();
/** Each runtime's store settings, asked for once. */
const stores = new WeakMap<Kiosk, Promise<StoreInfo | undefined>>();

function storeInfo(kiosk: Kiosk): Promise<StoreInfo | undefined> {
  let store = stores.get(kiosk);
  if (!store) {
    // Without the settings the checkout still works: coupons shown, the default payment method.
    store = createCheckoutApi(kiosk.client)
      .store()
      .catch(() => {
        stores.delete(kiosk);
        return undefined;
      });
    stores.set(kiosk, store);
  }
  return store;
}

/** Opens the checkout dialog for one product. Resolves once it is shown. */
export async function openCheckout(kiosk: Kiosk, request: CheckoutRequest): Promise<void> {
  // A click on a product whose load failed is the buyer's "try again".
  kiosk.products.retry(request.productId);
  const [product, store] = await Promise.all([
    whenLoaded(kiosk.products.get(request.productId)).then(checkedProduct),
    storeInfo(kiosk),
  ]);
  open.get(kiosk)?.();
  const { options } = kiosk;
  const model = createCheckoutModel({
    client: kiosk.client,
    product,
    store,
    variantId: request.variantId,
    quantity: request.quantity,
    coupon: request.coupon,
    email: request.email,
    openWindow: options.openWindow ?? openBlankWindow,
    EventSource: options.EventSource,
    pollInterval: options.pollInterval,
    quoteDelay: options.quoteDelay,
  });
  const host = document.createElement("div");
  host.setAttribute("data-kiosk-checkout", "");
  (options.container ?? document.body).append(host);
  let unmount: () => void = () => {};
  const close = () => {
    open.delete(kiosk);
    model.dispose();
    unmount();
    host.remove();
    request.returnFocus?.focus();
  };
  open.set(kiosk, close);
  unmount = mountInShadow(host, h(CheckoutModal, { model, onClose: close }), [checkoutCss]);
}

/** The product once its batch arrived; a product that cannot be had is an error. */
function whenLoaded(state: Signal<ProductState>): Promise<Product> {
  return new Promise((resolve, reject) => {
    const stop = state.subscribe((current) => {
      if (current.status === "loading") return;
      queueMicrotask(() => stop());
      if (current.status === "ready") resolve(current.product);
      else reject(new KioskError(current.status === "missing" ? "not_found" : current.kind, 0));
    });
  });
}

/**
 * Opens a blank window inside the click, before the order exists, so popup blockers allow it;
 * the payment page is loaded into it once the proxy answers. The payment page gets no handle
 * on the merchant's page.
 */
function openBlankWindow(): PaymentWindow | null {
  const payment = window.open("", "_blank");
  if (!payment) return null;
  try {
    payment.opener = null;
  } catch {
    // Some browsers refuse; the page is still the platform's own checkout.
  }
  return payment;
}
