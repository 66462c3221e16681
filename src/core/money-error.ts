/** Thrown when an amount cannot be represented exactly as a safe integer of minor units. */
export class MoneyError extends Error {
  override name = "MoneyError";
}
