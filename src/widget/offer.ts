import { canBuy, stockFor } from "../core/availability";
import { isHttpLink } from "../core/link";
import type { Money } from "../core/money";
import type { Product } from "../core/types";
import { strings } from "./strings";

/** What a card shows of a product for one variant choice. */
export interface Offer {
  readonly price: Money;
  readonly soldOut: boolean;
  /** "3 left", "In stock" or "Sold out", in the page's language. */
  readonly stock: string;
  /** The first image that is an http(s) link. */
  readonly image: string | undefined;
}

/** What a card, or a merchant's template, shows of `product` with the variant `variantId`. */
export function offer(product: Product, variantId: string | undefined): Offer {
  const stock = stockFor(product, variantId);
  const soldOut = !canBuy(product, variantId);
  return {
    price: product.variants.find((variant) => variant.id === variantId)?.price ?? product.price,
    soldOut,
    stock: soldOut
      ? strings.soldOut
      : stock === null
        ? strings.unlimited
        : strings.stockLeft({ count: stock }),
    image: product.images.find(isHttpLink),
  };
}
