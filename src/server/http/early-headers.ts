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
}

const early = new WeakMap<Request, EarlyHeaders>();
const carrying = new WeakSet<Response>();

function earlyOf(context: Context): EarlyHeaders {
  let headers = early.get(context.req.raw);
  if (!headers) {
    headers = { set: {}, vary: [] };
    early.set(context.req.raw, headers);
  }
  return headers;
}

/** Gives the request's answer `name: value`, set over what the route gives it. */
export function setEarly(context: Context, name: string, value: string): void {
  earlyOf(context).set[name] = value;
}

/** Adds `name` to the `Vary` of the request's answer. */
export function varyEarly(context: Context, name: string): void {
  earlyOf(context).vary.push(name);
}

/**
 * The route's answer with its headers as a plain record, the early ones of the request added:
 * the runtime writes such a record as it is. Only these headers and the given ones are sent
 * (none set through `context.header()`).
 */
export function respondWithEarly(
  context: Context,
  body: Uint8Array<ArrayBuffer> | null,
  status: number,
  headers: Record<string, string>,
): Response {
  const known = early.get(context.req.raw);
  if (known) {
    for (const name in known.set) headers[name] = known.set[name] ?? "";
    for (const name of known.vary) headers.vary = withVary(headers.vary, name);
  }
  const response = new Response(body, { status, headers });
  carrying.add(response);
  return response;
}

/** Whether `response` already carries the early headers (`respondWithEarly` made it). */
export function carriesEarly(response: Response): boolean {
  return carrying.has(response);
}
