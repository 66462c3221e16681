import {
  type BuyerProblem,
  type CouponLookup,
  checkCustomFields,
  checkLine,
  checkQuantity,
  forSale,
  type Money,
  type OrderItem,
  priceQuote,
  type Quote,
  type ResolvedLine,
  sameMoney,
} from "../../core";
import type { AppDeps } from "../app-deps";
import { lookUpCounted } from "../http/counted-lookup";
import { ProblemError } from "../http/problem-error";
import type { CatalogProduct, SellerPlatform } from "../platforms/platform";

/** A quote with the products it was priced from. */
export interface PricedOrder {
  readonly quote: Quote;
  readonly products: ReadonlyMap<string, CatalogProduct>;
  /**
   * The code as the platform writes it, where it knows the coupon: a create takes it so, where a
   * code the quote matched in another case or spacing would be refused.
   */
  readonly couponAsWritten?: string;
}

/** How pricing reads the products of a would-be order. */
export type ProductLookup = (ids: readonly string[]) => Promise<CatalogProduct[]>;

/**
 * The product lookup of one client's quote or order: the platform's own reads (never stale), with
 * the ids it must be asked about counted against the client's `unknownProducts` limit, as
 * product reads are. Over it, a 429 problem before the platform is asked.
 */
export function clientLookup(
  deps: Pick<AppDeps, "platform" | "catalog" | "limiter">,
  client: string | undefined,
): ProductLookup {
  const reads = {
    getProducts: (ids: readonly string[]) => deps.platform.getProducts(ids),
    uncachedIds: deps.catalog.uncachedIds,
  };
  return (ids) => lookUpCounted(deps.limiter, client, reads, ids);
}

/**
 * Prices a would-be order from the platform's own data: products, variants, limits, stock and
 * the coupon are all looked up here; nothing the browser says about money is used.
 */
export async function priceOrder(
  platform: SellerPlatform,
  items: readonly OrderItem[],
  couponCode: string | undefined,
  now: Date,
  /** A client's requests pass `clientLookup`, so unknown ids count against it. */
  lookUp: ProductLookup = (ids) => platform.getProducts(ids),
): Promise<PricedOrder> {
  const ids = [...new Set(items.map((item) => item.productId))];
  const found = await lookUp(ids);
  const products = new Map(
    found.filter((product) => product.visible).map((product) => [product.id, product]),
  );
  const problems: Record<string, BuyerProblem> = {};
  const lines: ResolvedLine[] = [];
  const seen = new Set<string>();
  /** Each product's quantity in the lines accepted so far, whatever their variants. */
  const ordered = new Map<string, number>();
  let currency: string | undefined;
  /** The order's total so far, in minor units, before any discount. */
  let counted = 0;

  items.forEach((item, index) => {
    const path = `items.${index}`;
    const product = products.get(item.productId);
    if (!product) {
      problems[`${path}.productId`] = { code: "unknown_product" };
      return;
    }
    const lineKey = `${item.productId}\u0000${item.variantId ?? ""}`;
    if (seen.has(lineKey)) {
      problems[`${path}.productId`] = { code: "duplicate_line" };
      return;
    }
    seen.add(lineKey);
    const variant = product.variants.find((candidate) => candidate.id === item.variantId);
    if (item.variantId !== undefined && !variant) {
      problems[`${path}.variantId`] = { code: "unknown_variant" };
      return;
    }
    if (item.variantId === undefined && product.variants.length > 0) {
      problems[`${path}.variantId`] = { code: "variant_required" };
      return;
    }
    // Counted as the product view publishes it: a choice with fewer left than its minimum is
    // sold out, not a quantity the buyer could change.
    const problem = checkLine(
      { ...forSale(product), quantity: product.quantity },
      item.variantId,
      item.quantity,
    );
    if (problem) {
      problems[`${path}.${problem.code === "unavailable" ? "productId" : "quantity"}`] = problem;
      return;
    }
    // The product's maximum and its own stock hold for the order, not for each line: split
    // across its variants, a one-per-buyer product would otherwise sell one of each.
    const earlier = ordered.get(product.id) ?? 0;
    const overall =
      earlier > 0 &&
      checkQuantity(earlier + item.quantity, { min: 1, max: product.quantity.max }, product.stock);
    if (overall) {
      problems[`${path}.quantity`] = overall;
      return;
    }
    const unitPrice = variant?.price ?? product.price;
    currency ??= unitPrice.currency;
    if (unitPrice.currency !== currency) {
      problems[`${path}.productId`] = { code: "other_currency", currency: unitPrice.currency };
      return;
    }
    // Money counts exactly up to 2^53 minor units: more of a line than the order's total can
    // hold is over its maximum, said as one, rather than a total that cannot be priced.
    const most =
      unitPrice.amount > 0
        ? Math.floor((Number.MAX_SAFE_INTEGER - counted) / unitPrice.amount)
        : Number.POSITIVE_INFINITY;
    if (item.quantity > most) {
      problems[`${path}.quantity`] = { code: "above_max", limit: most };
      return;
    }
    counted += unitPrice.amount * item.quantity;
    ordered.set(product.id, earlier + item.quantity);
    lines.push({
      product,
      quantity: item.quantity,
      ...(item.variantId === undefined ? {} : { variantId: item.variantId }),
    });
  });

  if (Object.keys(problems).length > 0 || lines.length === 0) {
    throw new ProblemError("unprocessable", 422, "Some items cannot be ordered as asked", {
      problems,
    });
  }

  let coupon: CouponLookup | undefined;
  if (couponCode !== undefined) {
    const code = couponCode.trim();
    coupon = platform.capabilities.coupons
      ? { code, rule: await platform.findCoupon(code) }
      : { code, unsupported: true };
  }
  const rule = coupon && "rule" in coupon ? coupon.rule : undefined;
  return {
    quote: priceQuote(lines, coupon, now),
    products,
    ...(rule ? { couponAsWritten: rule.code } : {}),
  };
}

/** Checks the buyer's answers against the custom fields of the ordered products. */
export function checkOrderFields(
  products: ReadonlyMap<string, CatalogProduct>,
  answers: Readonly<Record<string, string>>,
): Record<string, BuyerProblem> {
  const fields = [...products.values()].flatMap((product) => product.customFields);
  return checkCustomFields(fields, answers);
}

/**
 * The custom fields' answers as `checkOrderFields` checked them (see `checkCustomField`): trimmed,
 * and an empty one, which an optional field takes as none, not sent.
 */
export function checkedAnswers(
  fields: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value.trim()) answers[key] = value.trim();
  }
  return answers;
}

/**
 * The buyer pays only the total they were shown (`shown`, an order's `total`): a priced order
 * whose total is another (a price changed since) is refused, and nothing is created; the buyer
 * sees the new total, and pays it with another click.
 */
export function refuseChangedTotal(shown: Money | undefined, quote: Quote): void {
  if (shown && !sameMoney(shown, quote.total)) {
    throw new ProblemError(
      "price_changed",
      409,
      "The total has changed since it was shown; nothing was ordered",
    );
  }
}
