// The contract's fixed word lists, apart from its zod schemas: the browser checks answers
// against them without loading zod.

export const customFieldTypes = ["text", "email", "number", "textarea"] as const;

export const couponReasons = [
  "not_found",
  "expired",
  "used_up",
  "min_order",
  "not_applicable",
] as const;

/**
 * Where the buyer pays when the platform gave no payment link: `email`, the platform sends the
 * buyer its invoice or payment instructions by email.
 */
export const paymentHints = ["email"] as const;

/** `key`: a license key or code; `link`: a download URL; `text`: anything else. */
export const deliveredItemKinds = ["key", "link", "text"] as const;
