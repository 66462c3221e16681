// The fixed word lists of the contract's quote and order answers, apart from their zod schemas:
// the checkout checks answers against them without loading zod.

export const couponReasons = [
  "not_found",
  "expired",
  "used_up",
  "min_order",
  "not_applicable",
] as const;

export const paymentHints = ["email"] as const;

export const deliveredItemKinds = ["key", "link", "text"] as const;
