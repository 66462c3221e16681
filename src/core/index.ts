// core/: the contract's shapes and the rules both proxy and widget use. No DOM, no Node.
export {
  canBuy,
  defaultVariant,
  forSale,
  inStock,
  isAvailable,
  type StockedProduct,
  type StockedVariant,
  stockFor,
} from "./availability";
export { withoutBidiControls } from "./bidi";
export {
  type BuyerProblem,
  type BuyerProblemCode,
  couponProblem,
  describeProblem,
  englishMessages,
  fromProblemCode,
  type MessageCatalogue,
  type ProblemCode,
  toProblemCode,
} from "./buyer-messages";
export { customFieldTypes } from "./contract-words";
export {
  contrastRatio,
  hexColor,
  type LegibleTheme,
  legibleTheme,
  minimumContrast,
  parseColor,
  type Rgb,
  readableOn,
  relativeLuminance,
} from "./contrast";
export {
  applyCoupon,
  type CouponOutcome,
  type CouponReason,
  type CouponRule,
  maxCouponLength,
  type PricedLine,
  sameCouponCode,
} from "./coupon";
export { currencyExponent, isCurrencyCode } from "./currency";
export {
  checkCustomField,
  checkCustomFields,
  emailPattern,
  type FieldRule,
  isEmailAddress,
  maxEmailLength,
  type NumberMarks,
  numberPattern,
  readNumber,
} from "./custom-fields";
export { type Decimal, divideHalfUp, parseDecimal, rescale } from "./decimal";
export { describeIssue, fieldErrors, fieldPath, type SchemaIssue } from "./field-errors";
export { checkLine, type LineProblem } from "./line";
export { httpLink, isDeliveredLink, isHttpLink } from "./link";
export {
  formatMoney,
  fromDecimal,
  type Money,
  MoneyError,
  money,
  multiply,
  percentOf,
  priceFromDecimal,
  sameMoney,
  sum,
  toDecimalString,
} from "./money";
export { movesForward } from "./order-progress";
export {
  finalOrderStatuses,
  isFinalStatus,
  isOrderStatus,
  isUnpaid,
  orderStatuses,
  unpaidOrderStatuses,
} from "./order-status";
export { couponReasons, deliveredItemKinds, paymentHints } from "./order-words";
export { type ProblemType, problemTypes } from "./problem-types";
export { maxPageSize, maxSearchLength } from "./product-query";
export {
  checkQuantity,
  effectiveMax,
  maxLineQuantity,
  type QuantityProblem,
  type QuantityRule,
} from "./quantity";
export { type CouponLookup, priceQuote, type ResolvedLine } from "./quote";
export { moneySchema } from "./schemas/money";
export {
  createdOrderSchema,
  deliveredItemSchema,
  idempotencyKeySchema,
  maxFieldAnswerLength,
  orderRequestSchema,
  orderSchema,
} from "./schemas/order";
export { problemSchema } from "./schemas/problem";
export {
  customFieldSchema,
  productBatchSchema,
  productListSchema,
  productSchema,
  productTypes,
  quantityRuleSchema,
  variantSchema,
} from "./schemas/product";
export {
  orderItemSchema,
  quoteRequestSchema,
  quoteSchema,
} from "./schemas/quote";
export { platformIds, storeSchema } from "./schemas/store";
export { type ThemeColor, type ThemePalette, themeColors } from "./theme-colors";
export type * from "./types";
