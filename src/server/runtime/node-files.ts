import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { AppOptions } from "../app-options";
import type { StaticFiles } from "../routes/assets";
import { nodeEncoders } from "./node-encoders";
import { packageRoot } from "./package-root";

/** The disk, for the files the proxy serves. */
export const nodeFiles: StaticFiles = {
  async stat(path) {
    const info = await stat(path).catch(() => undefined);
    return info?.isFile() ? { size: info.size, modified: info.mtimeMs } : undefined;
  },
  async read(path) {
    return readFile(path).then(
      (bytes) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      () => undefined,
    );
  },
};

/**
 * What Node gives `createApp`, to spread into its options:
 * `createApp({ platform, ...nodeOptions() })`. The widget bundle from inside the installed
 * package (`embed.js` and its chunks) and, on the sandbox, its demo catalog's pictures, the disk
 * to read them, brotli from zlib, and each connection's peer address for the per-client limits.
 */
export function nodeOptions(): Pick<
  AppOptions,
  "widgetDir" | "demoDir" | "files" | "encoders" | "getConnInfo"
> {
  return {
    widgetDir: join(packageRoot(), "dist"),
    demoDir: packageRoot(),
    files: nodeFiles,
    encoders: nodeEncoders,
    getConnInfo,
  };
}
