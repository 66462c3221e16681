import * as z from "zod/mini";

export const platformIds = ["sandbox", "sellstein", "sellsn", "sellvy", "sx", "astrosell"] as const;

export const storeSchema = z.strictObject({
  name: z.string(),
  currency: z.string(),
  mode: z.enum(["test", "live"]),
  platform: z.enum(platformIds),
  paymentMethods: z.array(z.strictObject({ id: z.string(), label: z.string() })),
  /** Whether the platform validates coupons; the widget hides its coupon box when false. */
  coupons: z.boolean(),
});
