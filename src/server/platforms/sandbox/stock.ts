import { inStock } from "../../../core/availability";
import { describeProblem } from "../../../core/buyer-messages";
import type { SandboxCatalogProduct } from "./catalog";

/** One order line as the sandbox takes it from stock. */
export interface StockLine {
  readonly productId: string;
  readonly variantId?: string;
  readonly quantity: number;
}

/** What an order holds back from stock until it is paid, fails or expires. */
export interface Reservation {
  readonly lines: readonly (StockLine & { readonly serials: readonly string[] })[];
}

/** Units a product can still sell: its serials left, its counted stock, or `null` for unlimited. */
export function stockOf(product: SandboxCatalogProduct): number | null {
  return product.serials ? product.serials.length : (product.stock ?? null);
}

const lineKey = (productId: string, variantId: string | undefined) =>
  `${productId}\u0000${variantId ?? ""}`;

/** Why `wanted` units cannot come out of `stock`, in the buyer-message catalogue's words. */
function shortfall(stock: number | null, wanted: number): string | undefined {
  if (stock === null || stock >= wanted) return undefined;
  return describeProblem(
    inStock(stock) ? { code: "above_stock", limit: stock } : { code: "sold_out" },
  );
}

/**
 * Takes the lines out of stock in one synchronous step (serials leave the pool, counters go
 * down), so two orders can never hold the same unit. When any line cannot be covered nothing is
 * taken and the refused lines come back as contract field paths (`items.0.quantity`).
 */
export function reserve(
  products: ReadonlyMap<string, SandboxCatalogProduct>,
  lines: readonly StockLine[],
): Reservation | { readonly refused: Record<string, string> } {
  // Two variants of one product draw on the product's own stock together.
  const perProduct = new Map<string, number>();
  const perVariant = new Map<string, number>();
  for (const line of lines) {
    perProduct.set(line.productId, (perProduct.get(line.productId) ?? 0) + line.quantity);
    const key = lineKey(line.productId, line.variantId);
    perVariant.set(key, (perVariant.get(key) ?? 0) + line.quantity);
  }
  const refused: Record<string, string> = {};
  lines.forEach((line, index) => {
    const product = products.get(line.productId);
    const variant = product?.variants.find((candidate) => candidate.id === line.variantId);
    const problem = !product
      ? describeProblem({ code: "sold_out" })
      : (shortfall(stockOf(product), perProduct.get(line.productId) ?? 0) ??
        shortfall(
          variant?.stock ?? null,
          perVariant.get(lineKey(line.productId, line.variantId)) ?? 0,
        ));
    if (problem) refused[`items.${index}.quantity`] = problem;
  });
  if (Object.keys(refused).length > 0) return { refused };

  return {
    lines: lines.map((line) => {
      const product = products.get(line.productId) as SandboxCatalogProduct;
      const variant = product.variants.find((candidate) => candidate.id === line.variantId);
      if (variant && variant.stock !== null) variant.stock -= line.quantity;
      if (product.serials) return { ...line, serials: product.serials.splice(0, line.quantity) };
      if (product.stock !== undefined && product.stock !== null) product.stock -= line.quantity;
      return { ...line, serials: [] };
    }),
  };
}

/** Puts a reservation back: serials return to the front of their pool, counters go up. */
export function release(
  products: ReadonlyMap<string, SandboxCatalogProduct>,
  reservation: Reservation,
): void {
  for (const line of reservation.lines) {
    const product = products.get(line.productId);
    if (!product) continue;
    const variant = product.variants.find((candidate) => candidate.id === line.variantId);
    if (variant && variant.stock !== null) variant.stock += line.quantity;
    if (product.serials) product.serials.unshift(...line.serials);
    else if (product.stock !== undefined && product.stock !== null) {
      product.stock += line.quantity;
    }
  }
}
