import type { PlatformId } from "../../core";
import type { PlatformAdapter } from "../platform";

/** Every platform adapter, by id. The sandbox is not here: it is built from a catalog file. */
export const platformAdapters: Readonly<
  Record<Exclude<PlatformId, "sandbox">, PlatformAdapter | undefined>
> = {
  sellstein: undefined,
  sellsn: undefined,
  sellvy: undefined,
  sx: undefined,
  astrosell: undefined,
};
