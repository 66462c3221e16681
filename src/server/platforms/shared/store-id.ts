import type { PlatformOptions } from "../platform";

/**
 * The store id of an adapter that declares it required. The configuration refuses to start
 * without one, so its absence here is a wiring mistake, not a setting to report.
 */
export function requiredStoreId(options: PlatformOptions): string {
  if (!options.storeId)
    throw new Error("an adapter that requires a store id was created without one");
  return options.storeId;
}
