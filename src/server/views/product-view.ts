// views/: the only way data leaves the proxy: allow-listed product and order views, sanitized markdown.
import {
  forSale,
  httpLink,
  isHttpLink,
  withoutBidiControls as label,
  maxFieldAnswerLength,
  type Product,
} from "../../core";
import type { CatalogProduct } from "../platforms/platform";

/**
 * The only way a product leaves the proxy: each contract field copied by name, so whatever else
 * an adapter's object carries (serial pools, files, webhook URLs) cannot reach a response. Its
 * names and labels lose their directional formatting characters (see `withoutBidiControls`): a
 * page shows them beside prices and quantities, which an override left open would reverse.
 */
export function toProductView(
  product: CatalogProduct,
  renderMarkdown: (text: string) => string,
  /**
   * The URL the request came to. An image path without an origin (the sandbox catalog's
   * `/demo/images/…`) is a file on the proxy: made absolute against it, below `basePath`, so a
   * card on any page loads it from the proxy rather than from the page's own site.
   */
  requestUrl?: string,
  basePath = "",
): Product {
  // Stock as a buyer can buy it: fewer left than the least one may order is none left. Counted
  // over the variants sent: a repeat left out cannot make the product available.
  const {
    stock,
    available,
    variants: counted,
  } = forSale({
    ...product,
    variants: firstOfEach(product.variants, (variant) => variant.id),
  });
  const variants = counted.map((variant) => ({
    id: variant.id,
    name: label(variant.name),
    price: { amount: variant.price.amount, currency: variant.price.currency },
    stock: variant.stock,
  }));
  return {
    id: product.id,
    name: label(product.name),
    ...(product.slug === undefined ? {} : { slug: product.slug }),
    type: product.type,
    descriptionHtml: renderMarkdown(product.description),
    // Only http(s) images: a `javascript:` or `data:` source never reaches a page.
    images: product.images.filter(isHttpLink).map((image) => {
      if (requestUrl === undefined) return image;
      const own = image.startsWith("/") && !image.startsWith("//") ? basePath + image : image;
      return httpLink(own, requestUrl) ?? image;
    }),
    ...(product.category === undefined ? {} : { category: label(product.category) }),
    ...(product.badges === undefined
      ? {}
      : { badges: firstOfEach(product.badges.map(label), (badge) => badge) }),
    price: { amount: product.price.amount, currency: product.price.currency },
    variants,
    stock,
    available,
    quantity: { min: product.quantity.min, max: product.quantity.max },
    customFields: firstOfEach(product.customFields, (field) => field.key).map((field) => ({
      key: field.key,
      label: label(field.label),
      required: field.required,
      type: field.type,
      // No longer than any order takes: a field may not promise a buyer more room than that.
      ...(field.maxLength === undefined
        ? {}
        : { maxLength: Math.min(field.maxLength, maxFieldAnswerLength) }),
    })),
  };
}

/**
 * The first of each name: a platform's product with two variants of one id, or two fields of one
 * key, would draw two choices that share one value. The first is the one an order is priced by
 * (`find`); an answer is still checked against every field of its key.
 */
function firstOfEach<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const name = nameOf(item);
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}
