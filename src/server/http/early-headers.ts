import type { Context } from "hono";
import { withVary } from "./vary";

/**
 * Headers a middleware knows before the route answers (the request id, CORS), which a prepared
 * answer takes in as plain data. Set on the response afterwards instead, they turn it into
 * `Headers`, whose building and copying were about a third of a cached product read's time.
 */
interface EarlyHeaders {
  readonly set: Record<string, string>;
  /** Names to add to `Vary`. */
  readonly vary: string[];
  /**
   * Whether the request met this app's middlewares first. Behind another app's (a host that
   * mounts this one with `route()`), one of those may have given the answer headers through
   * `context.header()`, which only Hono's own answers carry: the answer is then made by Hono.
   */
  readonly first: boolean;
}

const early = new WeakMap<Request, EarlyHeaders>();
const carried = new WeakMap<Response, Readonly<Record<string, string>>>();

function earlyOf(context: Context): EarlyHeaders {
  let headers = early.get(context.req.raw);
  if (!headers) {
    headers = { set: {}, vary: [], first: context.req.routeIndex === 0 };
    early.set(context.req.raw, headers);
  }
  return headers;
}

/** Gives the request's answer `name` (lower case): `value`, set over what the route gives it. */
export function setEarly(context: Context, name: string, value: string): void {
  earlyOf(context).set[name] = value;
}

/** Adds `name` to the `Vary` of the request's answer. */
export function varyEarly(context: Context, name: string): void {
  earlyOf(context).vary.push(name);
}

/**
 * The route's answer with `headers` (names in lower case) and the request's early headers: as a
 * plain record, which the runtime writes as it is, when this app's middlewares met the request
 * first; else through `context.body`, and the middlewares set theirs on it afterwards.
 */
export function respondWithEarly(
  context: Context,
  body: Uint8Array<ArrayBuffer> | null,
  status: 200 | 304,
  headers: Record<string, string>,
): Response {
  const known = early.get(context.req.raw);
  if (!known?.first) {
    return body === null ? context.body(null, 304, headers) : context.body(body, 200, headers);
  }
  addEarly(headers, known.set, known.vary);
  const response = new Response(body, { status, headers });
  carried.set(response, headers);
  return response;
}

/** Gives `headers` the early ones: `set` over what is there, `vary` added to its `Vary`. */
export function addEarly(
  headers: Record<string, string>,
  set: Readonly<Record<string, string>>,
  vary: readonly string[],
): void {
  for (const name in set) headers[name] = set[name] ?? "";
  for (const name of vary) headers.vary = withVary(headers.vary, name);
}

/**
 * The headers `response` was made with, when it carries the early ones already
 * (`respondWithEarly` made it so): no middleware needs to set them again.
 */
export function carriedHeaders(response: Response): Readonly<Record<string, string>> | undefined {
  return carried.get(response);
}
