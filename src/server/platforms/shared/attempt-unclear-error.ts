/**
 * A platform lists an order that may be the one an unanswered create made, but says too little
 * of it to tell (its document shows one product and no quantity): the proxy neither takes it as
 * the buyer's nor creates another, and the outcome stays unknown.
 */
export class AttemptUnclearError extends Error {
  override name = "AttemptUnclearError";
}
