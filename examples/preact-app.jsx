import {
  BuyButton,
  KioskProvider,
  ProductCard,
  Storefront,
  useCheckout,
} from "kiosk-checkout/preact";
import { render } from "preact";

function OrderStatus() {
  const { state, open } = useCheckout();
  return (
    <p>
      <button type="button" onClick={() => open("starter-account", { quantity: 3 })}>
        Three starter accounts
      </button>
      <span role="status">{state.orderId ? `Order ${state.orderId}: ${state.stage}` : ""}</span>
    </p>
  );
}

render(
  <KioskProvider apiBase="https://shop.example/api" theme={{ accent: "#0f766e" }}>
    <ProductCard productId="pro-license" />
    <BuyButton productId="starter-account" quantity={2}>
      Two starter accounts
    </BuyButton>
    <OrderStatus />
    <Storefront category="assets" limit={4} />
  </KioskProvider>,
  document.getElementById("shop"),
);
