// Pixel Forge's own script: `?product=ID` shows that product's page instead of the shop. It runs
// before embed.js (both are deferred, in order), so Kiosk only mounts the view that is shown.
const id = new URLSearchParams(location.search).get("product");
const view = (name) => document.querySelector(`[data-demo-view="${name}"]`);
const field = (name) => document.querySelector(`[data-demo-field="${name}"]`);

if (id === null) {
  view("product").remove();
} else {
  view("shop").remove();
  view("product").hidden = false;
  showProduct(id);
}

/** The product page: name, price, picture and description from the proxy, and a Buy button. */
async function showProduct(productId) {
  const button = document.querySelector('[data-demo-example="product"] button');
  const snippet = document.querySelector('[data-demo-snippet="product"]');
  // The snippet shows this page's markup, so it names this page's product.
  const shown = JSON.stringify(productId);
  snippet.textContent = snippet.textContent.replace('"pro-license"', shown);
  button.setAttribute("data-kiosk-buy", productId);
  const response = await fetch(`/api/products/${encodeURIComponent(productId)}`);
  if (!response.ok) {
    field("name").textContent = "No such product";
    field("crumb").textContent = "Not found";
    field("image").remove();
    button.remove();
    return;
  }
  const product = await response.json();
  document.title = `${product.name} — Pixel Forge`;
  field("name").textContent = product.name;
  field("crumb").textContent = product.name;
  field("price").textContent = price(product.price);
  // Rendered from markdown and sanitized by the proxy, as the cards show it.
  field("description").innerHTML = product.descriptionHtml;
  const image = product.images[0];
  if (image) field("image").src = image;
  else field("image").remove();
}

/** Minor units as the page's language writes that currency. */
function price({ amount, currency }) {
  const format = new Intl.NumberFormat(document.documentElement.lang, {
    style: "currency",
    currency,
  });
  return format.format(amount / 10 ** format.resolvedOptions().maximumFractionDigits);
}
