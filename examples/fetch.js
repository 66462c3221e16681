import { createApp, createSandboxPlatform, parseCatalog } from "kiosk-checkout/server";

const catalog = parseCatalog(
  {
    store: { name: "Tiny shop", currency: "EUR" },
    products: [{ id: "ebook", name: "The e-book", type: "download", price: "9.00" }],
  },
  "inline catalog",
);
const kiosk = createApp({ platform: createSandboxPlatform(catalog) });

// kiosk.fetch takes a Request and gives a Response (or a promise of one; await it): hand it to a
// runtime's server, or call it.
const response = await kiosk.fetch(new Request("http://shop.example/api/products/ebook"));
const product = await response.json();
console.log(response.status, product.name, product.price.amount, product.price.currency);
