import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Encoders } from "../http/compress";

/**
 * zlib's brotli and gzip for responses built per request. Quality 5 keeps brotli's encoding
 * time near gzip's while still beating it on JSON; the static bundle is precompressed at build
 * time at the highest quality instead.
 */
export const nodeEncoders: Encoders = {
  br: (body) =>
    brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      },
    }),
  gzip: (body) => gzipSync(body, { level: 6 }),
};
