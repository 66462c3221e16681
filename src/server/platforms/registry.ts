import type { PlatformId } from "../../core";
import { adapter as astrosell } from "./astrosell";
import type { PlatformAdapter } from "./platform";
import { adapter as sellsn } from "./sellsn";
import { adapter as sellstein } from "./sellstein";
import { adapter as sellvy } from "./sellvy";
import { adapter as sx } from "./sx";

/**
 * Every platform adapter, by id: one line per platform. The sandbox is not here: it is built
 * from a catalog file. The CLI's usage text is built from this; a test checks that core's
 * `platformIds` and the README's platform table name the same platforms.
 */
export const platformAdapters: Readonly<Record<Exclude<PlatformId, "sandbox">, PlatformAdapter>> = {
  sellstein,
  sellsn,
  sellvy,
  sx,
  astrosell,
};
