import type { Context } from "hono";
import { toBase64Url } from "../web-crypto";
import {
  type Encoders,
  type Encoding,
  encodings,
  isCompressible,
  preferredEncoding,
  settleEncoding,
} from "./compress";
import { respondWithEarly } from "./early-headers";

/**
 * A response body made once and sent many times: its bytes, its tag and its encoded copies, so a
 * request for it does no serializing, hashing or compressing of its own.
 */
export interface PreparedBody {
  readonly raw: Uint8Array;
  readonly type: string;
  readonly etag: string;
  /** Encoded copies by coding: given (the build's files), or made on first use and kept. */
  readonly encoded: Partial<Record<Encoding, Uint8Array>>;
}

const textEncoder = new TextEncoder();

/** A weak tag from the first 27 base64url characters of the SHA-256 of `bytes`. */
export async function etagOf(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return `W/"${toBase64Url(new Uint8Array(digest)).slice(0, 27)}"`;
}

/** Prepares `body` (text as UTF-8) for sending as `type`, its tag computed once here. */
export async function prepareBody(
  body: string | Uint8Array,
  type: string,
  encoded: Partial<Record<Encoding, Uint8Array>> = {},
): Promise<PreparedBody> {
  const raw = typeof body === "string" ? textEncoder.encode(body) : body;
  return { raw, type, etag: await etagOf(raw), encoded };
}

/** Weak comparison of an `If-None-Match` list against one tag. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

export interface SendOptions {
  /** Headers of the response besides type, length, coding and tag (`Cache-Control`…). */
  readonly headers?: Record<string, string>;
  /** Makes the copies the body does not have yet; without it only the copies it has are sent. */
  readonly encoders?: Encoders;
  /** Bodies smaller than this are sent as they are. */
  readonly threshold?: number;
}

/** What a prepared body is answered with: its status, bytes (none for a 304) and headers. */
export interface PreparedAnswer {
  readonly status: 200 | 304;
  readonly bytes: Uint8Array<ArrayBuffer> | null;
  /** Names in lower case; the caller may add to them. */
  readonly headers: Record<string, string>;
  /** Whether the coding is settled here (see `sendPrepared`). */
  readonly settled: boolean;
}

/**
 * The answer to a request for a prepared body, from the request's `If-None-Match` and
 * `Accept-Encoding`: `304` when the first names its tag, else the copy the second prefers (made
 * now and kept, the first time), with `Vary`.
 */
export async function answerPrepared(
  body: PreparedBody,
  ifNoneMatch: string | undefined,
  acceptEncoding: string | undefined,
  options: SendOptions = {},
): Promise<PreparedAnswer> {
  const { encoders } = options;
  const offered: Encoding[] = [];
  if (body.raw.byteLength >= (options.threshold ?? 0)) {
    for (const encoding of encodings) {
      if (body.encoded[encoding] !== undefined || encoders?.[encoding] !== undefined) {
        offered.push(encoding);
      }
    }
  }
  const notModified = matchesEtag(ifNoneMatch, body.etag);
  const encoding = notModified ? undefined : preferredEncoding(acceptEncoding, offered);
  let bytes = body.raw;
  let coding: Encoding | undefined;
  if (encoding) {
    let copy = body.encoded[encoding];
    const encoder = encoders?.[encoding];
    if (!copy && encoder) {
      copy = await encoder(body.raw);
      body.encoded[encoding] = copy;
    }
    if (copy) {
      bytes = copy;
      coding = encoding;
    }
  }
  // Made as one literal and then added to: a copy of the caller's headers, added to one by one,
  // turns slow (microseconds a response) once the callers' different headers all pass here.
  const headers: Record<string, string> = notModified
    ? {}
    : { "content-type": body.type, "content-length": String(bytes.byteLength) };
  if (coding) headers["content-encoding"] = coding;
  headers.etag = body.etag;
  // A small body of a compressible type is sent as it is, but the same URL may not be.
  const settled = encoders !== undefined && isCompressible(body.type);
  if (offered.length > 0 || settled) headers.vary = "Accept-Encoding";
  for (const name in options.headers) {
    headers[name.toLowerCase()] ??= options.headers[name] ?? "";
  }
  return notModified
    ? { status: 304, bytes: null, headers, settled }
    : { status: 200, bytes: bytes as Uint8Array<ArrayBuffer>, headers, settled };
}

/**
 * Answers with a prepared body (see `answerPrepared`). Given `encoders`, the coding is settled
 * here and the compression middleware passes the answer by.
 */
export async function sendPrepared(
  context: Context,
  body: PreparedBody,
  options: SendOptions = {},
): Promise<Response> {
  const answer = await answerPrepared(
    body,
    context.req.header("if-none-match"),
    context.req.header("accept-encoding"),
    options,
  );
  const response =
    answer.status === 304
      ? respondWithEarly(context, null, 304, answer.headers)
      : respondWithEarly(context, answer.bytes, 200, answer.headers);
  return answer.settled ? settleEncoding(response) : response;
}

/**
 * A JSON response that names its length, so the compression middleware can leave a small one as
 * it is without reading it back.
 */
export function sendJson(context: Context, value: unknown): Response {
  const raw = textEncoder.encode(JSON.stringify(value));
  return context.body(raw as Uint8Array<ArrayBuffer>, 200, {
    "content-type": "application/json",
    "content-length": String(raw.byteLength),
  });
}
