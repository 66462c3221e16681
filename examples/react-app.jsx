import {
  BuyButton,
  KioskProvider,
  ProductCard,
  Storefront,
  useCheckout,
} from "kiosk-checkout/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

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

createRoot(document.getElementById("shop")).render(
  <StrictMode>
    <KioskProvider apiBase="https://shop.example/api" theme={{ accent: "#0f766e" }}>
      <ProductCard productId="pro-license" />
      <BuyButton productId="starter-account" quantity={2}>
        Two starter accounts
      </BuyButton>
      <OrderStatus />
      <Storefront category="assets" limit={4} />
    </KioskProvider>
  </StrictMode>,
);
