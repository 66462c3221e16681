// The Preact app the package tests type-check.
/**
 * An app of the Preact entry, type-checked against the package (`consumer-types.test.ts`) and
 * against the Preact an app installs today (`packed-install.test.ts`): the host elements' own
 * props (an `onClick`'s event) are typed by the app's Preact, 10 or 11.
 */
export const preactConsumer = `/** @jsxImportSource preact */
import { render } from "preact";
import { BuyButton, KioskProvider, ProductCard, Storefront, useCheckout } from "kiosk-checkout/preact";

function Status() {
  const { state, open } = useCheckout();
  return <button type="button" onClick={() => open("pro-license", { email: "buyer@example.com", locked: ["email"] })}>{state.orderId}</button>;
}

render(
  <KioskProvider apiBase="https://shop.example/api">
    <ProductCard productId="pro-license" />
    <BuyButton productId="starter-account" onClick={(event) => event.currentTarget.blur()}>Buy</BuyButton>
    <Storefront />
    <Status />
  </KioskProvider>,
  document.body,
);

// @ts-expect-error a quantity is a number
export const wrong = <BuyButton productId="starter-account" quantity="2">Buy</BuyButton>;
`;
