import type { PlatformId } from "../../core";
import { astrosellAdapter } from "./astrosell";
import type { PlatformAdapter } from "./platform";
import { sellsnAdapter } from "./sellsn";
import { sellsteinAdapter } from "./sellstein";
import { sellvyAdapter } from "./sellvy";
import { sxAdapter } from "./sx";

/** Every platform adapter, by id. The sandbox is not here: it is built from a catalog file. */
export const platformAdapters: Readonly<Record<Exclude<PlatformId, "sandbox">, PlatformAdapter>> = {
  sellstein: sellsteinAdapter,
  sellsn: sellsnAdapter,
  sellvy: sellvyAdapter,
  sx: sxAdapter,
  astrosell: astrosellAdapter,
};
