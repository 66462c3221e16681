import type { BuyerProblem } from "../../core";
import type { SellerPlatform } from "../platforms/platform";

/**
 * Checks the buyer's `paymentMethod` against the ones the store offers; returns the field's
 * problem (`{ paymentMethod: … }`) or nothing. No method at all leaves the choice to the platform.
 */
export async function checkPaymentMethod(
  platform: SellerPlatform,
  paymentMethod: string | undefined,
): Promise<Record<string, BuyerProblem>> {
  if (paymentMethod === undefined) return {};
  const { paymentMethods } = await platform.getStore();
  return paymentMethods.some((method) => method.id === paymentMethod)
    ? {}
    : { paymentMethod: { code: "unknown_payment_method" } };
}
