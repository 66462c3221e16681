import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";

/** A Node request as Express (or Connect) hands it on: maybe below a mount path, maybe parsed. */
export interface NodeRequest extends IncomingMessage {
  /** Express's full path, when `app.use("/shop", …)` has cut the mount path off `url`. */
  originalUrl?: string;
  /** What a body parser such as `express.json()` made of the body it read. */
  body?: unknown;
  /** The body's exact bytes, when the app kept them (`express.json({ verify })`). */
  rawBody?: Buffer;
}

/** The fetch handler `createApp` returns, or any other Web-standard one. */
export interface FetchHandler {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** The bytes a body parser read, written again from what it made of them. */
function bodyFrom(request: NodeRequest): Buffer | undefined {
  const { body } = request;
  if (body === undefined || body === null) return undefined;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === "string") return Buffer.from(body);
  const type = request.headers["content-type"] ?? "";
  if (/^application\/x-www-form-urlencoded/i.test(type)) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === "string") form.append(name, value);
    }
    return Buffer.from(form.toString());
  }
  return Buffer.from(JSON.stringify(body));
}

/**
 * Serves a fetch handler from Node's `(request, response)`: mounted in Express or Connect, or
 * given to `http.createServer`. Under `app.use("/shop", …)` it sees the full path, so give
 * `createApp` the same `basePath`. After a body parser (`express.json()`) has read the body, it
 * passes on the exact bytes when the app kept them as `request.rawBody`, else the parsed body
 * written again (JSON, or a form) — the same request for every route except a webhook, whose
 * signature needs the exact bytes.
 */
export function toNodeHandler(
  handler: FetchHandler,
): (request: NodeRequest, response: ServerResponse) => Promise<void> {
  const listener = getRequestListener((request, env) => handler.fetch(request, env));
  return (request, response) => {
    if (request.originalUrl) request.url = request.originalUrl;
    if (request.readableEnded && !Buffer.isBuffer(request.rawBody)) {
      const bytes = bodyFrom(request);
      if (bytes) {
        request.rawBody = bytes;
        request.headers["content-length"] = String(bytes.byteLength);
      }
    }
    return listener(request, response);
  };
}
