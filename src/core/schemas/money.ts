import * as z from "zod/mini";
import { currencyPattern } from "../currency";

/** `{ amount, currency }`: integer minor units and an ISO 4217 code. */
export const moneySchema = z.strictObject({
  amount: z.int(),
  currency: z.string().check(z.regex(currencyPattern)),
});
