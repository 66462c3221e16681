import type { MiddlewareHandler } from "hono";
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from "hono/compress";
import { LRUCache } from "lru-cache";
import { addVary } from "./vary";

/** The content codings the proxy sends, best first. */
export const encodings = ["br", "gzip"] as const;
export type Encoding = (typeof encodings)[number];

/** Compresses one whole body; a runtime may bring its own (Node's zlib brings brotli). */
export type Encoder = (body: Uint8Array) => Uint8Array | Promise<Uint8Array>;
/** The encoders a runtime offers, by the `Content-Encoding` each writes. */
export type Encoders = Partial<Record<Encoding, Encoder>>;

export interface CompressOptions {
  /**
   * The encoders to use. By default only gzip, through the Web-standard `CompressionStream`
   * (which has no brotli); the Node runtime passes zlib's brotli and gzip instead.
   */
  readonly encoders?: Encoders;
  /** Bodies smaller than this go out as they are: the coding would cost more than it saves. */
  readonly threshold?: number;
  /**
   * How many bytes of recently sent bodies (plain and encoded) are kept, so the same body asked
   * for again is not encoded again; 8 MiB by default, 0 turns it off.
   */
  readonly cacheBytes?: number;
}

/** Bodies smaller than this go out as they are by default: a coding would save too little. */
export const compressThreshold = 1024;

/** gzip through `CompressionStream`, available on every Web-standard runtime. */
export const streamGzip: Encoder = async (body) => {
  const stream = new Blob([body as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

/**
 * The coding to answer with, from an `Accept-Encoding` header and the codings on offer (in
 * preference order): the highest q-value wins, ties go to the earlier offer; undefined means
 * identity.
 */
export function preferredEncoding(
  header: string | undefined,
  offered: readonly Encoding[],
): Encoding | undefined {
  if (!header) return undefined;
  const weights = acceptedCodings(header);
  let best: { encoding: Encoding; weight: number } | undefined;
  for (const encoding of offered) {
    const weight = weights.get(encoding) ?? weights.get("*") ?? 0;
    if (weight > 0 && (!best || weight > best.weight)) best = { encoding, weight };
  }
  return best?.encoding;
}

/** Browsers send a handful of distinct `Accept-Encoding` values: each is read once. */
const parsedAccepts = new LRUCache<string, ReadonlyMap<string, number>>({ max: 64 });

/** The q-value of each coding an `Accept-Encoding` header names. */
function acceptedCodings(header: string): ReadonlyMap<string, number> {
  let weights = parsedAccepts.get(header);
  if (weights) return weights;
  const parsed = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...parameters] = part.split(";").map((piece) => piece.trim());
    if (!name) continue;
    const q = parameters.find((parameter) => /^q=/i.test(parameter));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    parsed.set(name.toLowerCase(), Number.isFinite(weight) ? weight : 0);
  }
  weights = parsed;
  // A long value is someone else's experiment, not a browser's: read it, keep nothing.
  if (header.length <= 256) parsedAccepts.set(header, weights);
  return weights;
}

const settled = new WeakSet<Response>();

/**
 * Marks `response` as coded by its route already, from every encoder on offer, with
 * `Vary: Accept-Encoding`: the middleware passes it without reading its headers.
 */
export function settleEncoding(response: Response): Response {
  settled.add(response);
  return response;
}

/** Whether a response's type is one the middleware compresses. */
export function isCompressible(type: string): boolean {
  return COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type);
}

/** Adds `Accept-Encoding` to a response's `Vary`, once. */
export function varyOnEncoding(headers: Headers): void {
  addVary(headers, "Accept-Encoding");
}

/**
 * Compresses text responses (JavaScript, CSS, JSON, HTML, problem+json) by the request's
 * `Accept-Encoding`, with `Vary: Accept-Encoding`. Responses that already carry a coding
 * (precompressed files), event streams, `no-transform` and bodies under the threshold pass as
 * they are. A body sent again (a hot product, a popular batch) reuses its earlier encoding.
 */
export function compress(options: CompressOptions = {}): MiddlewareHandler {
  const encoders: Encoders = options.encoders ?? { gzip: streamGzip };
  const offered = encodings.filter((encoding) => encoders[encoding] !== undefined);
  const threshold = options.threshold ?? compressThreshold;
  const cache = createEncodedCache(options.cacheBytes ?? 8 * 1024 * 1024);

  const encode = async (encoding: Encoding, body: Uint8Array) => {
    const kept = cache.get(encoding, body);
    if (kept) return kept;
    const encoder = encoders[encoding];
    if (!encoder) throw new Error(`no encoder for ${encoding}`);
    const encoded = await encoder(body);
    cache.set(encoding, body, encoded);
    return encoded;
  };

  return async function compressBodies(context, next) {
    await next();
    const response = context.res;
    if (settled.has(response)) return;
    // A 304 stands for the body a 200 would have sent, so it names the same variance.
    if (response.status === 304) {
      varyOnEncoding(response.headers);
      return;
    }
    // Headers first: reading `body` makes the runtime build a full response, which a body that
    // passes as it is (a prepared one, an already encoded file) never needs.
    const type = response.headers.get("content-type");
    if (
      context.req.method === "HEAD" ||
      response.status === 206 ||
      response.headers.has("content-encoding") ||
      !type ||
      !isCompressible(type) ||
      /(^|,)\s*no-transform\s*(,|$)/i.test(response.headers.get("cache-control") ?? "")
    ) {
      return;
    }
    // Whether or not this one is encoded, the same URL may be, so caches must key on it.
    varyOnEncoding(response.headers);
    const length = response.headers.get("content-length");
    if (length !== null && Number(length) < threshold) return;
    const encoding = preferredEncoding(context.req.header("accept-encoding"), offered);
    if (!encoding || !response.body) return;
    const body = new Uint8Array(await response.arrayBuffer());
    const headers = new Headers(response.headers);
    const init = { status: response.status, statusText: response.statusText, headers };
    // Hono merges the old response's headers into a new one unless the old is cleared first.
    context.res = undefined;
    if (body.byteLength < threshold) {
      context.res = new Response(body, init);
      return;
    }
    const encoded = await encode(encoding, body);
    const etag = headers.get("etag");
    headers.set("content-encoding", encoding);
    headers.set("content-length", String(encoded.byteLength));
    // The compressed bytes differ from the identity ones: only a weak tag may name both.
    if (etag && !etag.startsWith("W/")) headers.set("etag", `W/${etag}`);
    context.res = new Response(encoded as Uint8Array<ArrayBuffer>, init);
  };
}

/** FNV-1a over the bytes: cheap, and only a bucket key, since a hit is compared byte by byte. */
export function hashOf(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index += 1) {
    hash = Math.imul(hash ^ (bytes[index] ?? 0), 0x01000193);
  }
  return hash >>> 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

/** Encoded bodies by their plain bytes, oldest dropped first past a byte budget. */
export function createEncodedCache(budget: number) {
  const entries = new Map<string, { plain: Uint8Array; encoded: Uint8Array }>();
  let used = 0;
  const keyOf = (encoding: Encoding, plain: Uint8Array) =>
    `${encoding}:${plain.byteLength}:${hashOf(plain)}`;
  return {
    get(encoding: Encoding, plain: Uint8Array): Uint8Array | undefined {
      if (budget <= 0) return undefined;
      const entry = entries.get(keyOf(encoding, plain));
      return entry && sameBytes(entry.plain, plain) ? entry.encoded : undefined;
    },
    set(encoding: Encoding, plain: Uint8Array, encoded: Uint8Array): void {
      const size = plain.byteLength + encoded.byteLength;
      if (size > budget / 16) return;
      const key = keyOf(encoding, plain);
      const previous = entries.get(key);
      if (previous) {
        used -= previous.plain.byteLength + previous.encoded.byteLength;
        entries.delete(key);
      }
      while (used + size > budget) {
        const [oldest, entry] = entries.entries().next().value ?? [];
        if (oldest === undefined || !entry) break;
        used -= entry.plain.byteLength + entry.encoded.byteLength;
        entries.delete(oldest);
      }
      entries.set(key, { plain, encoded });
      used += size;
    },
  };
}
