import { Context, type Hono } from "hono";
import { type AccessLogMode, logRequest, requestIdFor } from "../http/access-log";
import type { CorsAnswer, CorsAnswers } from "../http/cors";
import { addEarly } from "../http/early-headers";
import { answerPrepared } from "../http/prepared-body";
import type { RateLimiter } from "../http/rate-limit";
import { countedAlready } from "../http/request-limit";
import type { CatalogProduct } from "../platforms/platform";
import type { Logger } from "../runtime/logger";
import type { ProductReads } from "./product-reads";

/** What answering reads before the router takes: the same parts the middlewares and routes use. */
export interface ReadsFirstOptions {
  readonly basePath: string;
  readonly reads: ProductReads;
  readonly cors: CorsAnswers;
  readonly limiter: RateLimiter;
  /** The client of a request, not kept (the app's `clientOf` keeps it for the request's routes). */
  readonly clientFor: (context: Context) => string | undefined;
  readonly publicUrl: (context: Context) => string;
  readonly logger: Logger;
  readonly accessLog: AccessLogMode;
}

type Fetch = Hono["fetch"];
type RouterArguments = Parameters<Fetch> extends [Request, ...infer Rest] ? Rest : never;

/** A read the router need not see: one product, or a batch (its `ids` as written). */
type Read = { readonly id: string } | { readonly ids: string };

/** A read being answered before the router, once its request is counted. */
interface CountedRead {
  readonly request: Request;
  readonly read: Read;
  /** Its products as the cache had them when the request came in. */
  readonly found: readonly CatalogProduct[];
  readonly context: Context;
  readonly client: string | undefined;
  readonly origin: string | null;
  readonly corsAnswer: CorsAnswer;
  /** When it came in (`performance.now()`), for the access log. */
  readonly started: number;
}

const routed = new WeakMap<Hono, Fetch>();

/** The app's own router, past the reads answered before it: for comparing the two answers. */
export function routedFetch(app: Hono): Fetch | undefined {
  return routed.get(app);
}

/**
 * Answers a card page's product reads (`GET /api/products/:id`, `GET /api/products?ids=`) before
 * Hono's router when the read cache has every product fresh: the same CORS headers, request
 * limit, bodies, tags and codings, request id and access-log line as the middlewares and routes
 * give, from the same functions, without the router, the middlewares' chain of promises and the
 * per-request maps the headers are carried in there: about a third of a cached read's CPU.
 * Anything else goes to the router as it came, and so does a read that turns out not to be a
 * plain answer after its request was counted (a 429, a hidden product, a body the compression
 * middleware still has work on): told that it was counted.
 */
export function answerReadsFirst(app: Hono, options: ReadsFirstOptions): void {
  const router = app.fetch;
  routed.set(app, router);
  const { reads, cors, logger } = options;
  const onePrefix = `${options.basePath}/api/products/`;
  const batchPrefix = `${options.basePath}/api/products?ids=`;
  const oneRoute = `${options.basePath}/api/products/:id`;
  const batchRoute = `${options.basePath}/api/products`;

  /**
   * The read a URL asks for, when the router would read it so too: no encoded or escaped text
   * (which the router decodes), no other segment, and a batch's query `ids` alone.
   */
  const readOf = (url: string): Read | undefined => {
    // Where Hono's own `getPath` starts the path: after the scheme and its `//`.
    const path = url.slice(url.indexOf("/", url.indexOf(":") + 4));
    if (path.startsWith(onePrefix)) {
      const id = path.slice(onePrefix.length);
      return id !== "" && !/[/?#%]/.test(id) ? { id } : undefined;
    }
    if (path.startsWith(batchPrefix)) {
      const ids = path.slice(batchPrefix.length);
      return /[&#%+]/.test(ids) ? undefined : { ids };
    }
    return undefined;
  };

  /** The answer the routes would give a counted read, unless it is not a plain one. */
  const respond = async ({
    request,
    read,
    found,
    context,
    client,
    origin,
    corsAnswer,
    started,
  }: CountedRead): Promise<Response | undefined> => {
    const headers = request.headers;
    const url = () => options.publicUrl(context);
    const body =
      "id" in read
        ? await reads.one(read.id, client, url, found)
        : await reads.batch(read.ids, client, url, found);
    const answered = await answerPrepared(
      body,
      headers.get("if-none-match") ?? undefined,
      headers.get("accept-encoding") ?? undefined,
      reads.sendOptions(body),
    );
    // A body made for this request alone (its view depends on the URL asked) is left to the
    // compression middleware, which only the router's way passes through.
    if (!answered.settled) return undefined;
    const requestId = requestIdFor(headers.get("x-request-id") ?? undefined);
    // In the order the middlewares set them: the request id, then CORS.
    const early: Record<string, string> = { "x-request-id": requestId };
    for (const [name, value] of corsAnswer.set) early[name] = value;
    addEarly(answered.headers, early, corsAnswer.vary);
    const response = new Response(answered.bytes, {
      status: answered.status,
      headers: answered.headers,
    });
    if (origin && !corsAnswer.allows) cors.refused(origin, headers.get("host") ?? undefined);
    logRequest(logger, options.accessLog, {
      method: "GET",
      route: "id" in read ? oneRoute : batchRoute,
      status: answered.status,
      started,
      requestId,
    });
    return response;
  };

  const answer = async (
    request: Request,
    read: Read,
    found: readonly CatalogProduct[],
    ...rest: RouterArguments
  ) => {
    const started = performance.now();
    const origin = request.headers.get("origin");
    const known = cors.answerFor(origin ?? "");
    const corsAnswer = known instanceof Promise ? await known : known;
    const context = new Context(request, { env: rest[0], executionCtx: rest[1] });
    const client = options.clientFor(context);
    try {
      await options.limiter.take("requests", client);
    } catch (refused) {
      countedAlready(request, refused);
      return router(request, ...rest);
    }
    const counted = { request, read, found, context, client, origin, corsAnswer, started };
    const response = await respond(counted).catch(() => undefined);
    if (response) return response;
    countedAlready(request);
    return router(request, ...rest);
  };

  app.fetch = (request, ...rest) => {
    const read = request.method === "GET" ? readOf(request.url) : undefined;
    // The products as they are when the request comes in: read from the cache now, so that
    // nothing needs looking up, or counting, once the request is counted.
    const found = read && ("id" in read ? reads.cachedOne(read.id) : reads.cachedBatch(read.ids));
    return read && found ? answer(request, read, found, ...rest) : router(request, ...rest);
  };
}
