import { Hono, type MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { LRUCache } from "lru-cache";
import { carriedHeaders, setEarly, varyEarly } from "./early-headers";
import { addVary } from "./vary";

/** `hono/cors` options whose allowed origin depends on the `Origin` header alone. */
export interface CorsOptions {
  /** The `Access-Control-Allow-Origin` for a request's `Origin` (`""` when it sent none). */
  readonly origin: (origin: string) => string | null;
  readonly allowMethods?: string[];
  readonly allowHeaders?: string[];
  readonly exposeHeaders?: string[];
  readonly maxAge?: number;
  readonly credentials?: boolean;
  /**
   * Called after a request whose `Origin` was not allowed (its answer carries no
   * `Access-Control-Allow-Origin`), so the refusal can be told to the operator.
   */
  readonly refused?: (origin: string, host: string | undefined) => void;
}

/** The headers `hono/cors` gives a request from one origin: some set, some added to `Vary`. */
export interface CorsAnswer {
  readonly set: readonly (readonly [string, string])[];
  readonly vary: readonly string[];
  /** Whether the origin is allowed: the answer names it in `Access-Control-Allow-Origin`. */
  readonly allows: boolean;
}

/**
 * What `hono/cors` answers each origin, kept: the same headers for every answer to a request
 * from that origin (preflights aside). An answer is kept as its promise while it is being made,
 * then as itself, so that a request from a known origin goes on in the same microtask instead
 * of waiting on a settled promise.
 */
export interface CorsAnswers {
  /** The headers for a request from `origin` (`""` when it sent none). */
  answerFor(origin: string): CorsAnswer | Promise<CorsAnswer>;
  /** Says that a request from `origin` got an answer without its `Access-Control-Allow-Origin`. */
  refused(origin: string, host: string | undefined): void;
  /** The middleware that gives them, and answers preflights. */
  readonly middleware: MiddlewareHandler;
}

/**
 * `hono/cors`, with what it answers for each origin kept. Its headers depend only on the
 * `Origin` header (preflights aside, which it still answers itself), but running it on every
 * request makes Hono rebuild the route's response around a stream, since it writes headers
 * before the route has answered. Here it runs once per origin, on a response of its own, and
 * the headers it gave are then copied onto each response from that origin: set as it sets them,
 * `Vary` added to. Origins are the caller's to choose, so only the most recent are kept.
 */
export function corsAnswers(options: CorsOptions): CorsAnswers {
  const middleware = cors({ ...options, origin: (origin) => options.origin(origin) });
  const probe = new Hono();
  probe.use(middleware);
  probe.all("*", (context) => context.body(null, 204));
  const answers = new LRUCache<string, CorsAnswer | Promise<CorsAnswer>>({ max: 512 });

  const ask = async (origin: string): Promise<CorsAnswer> => {
    const response = await probe.request("http://cors.invalid/", {
      headers: origin ? { origin } : {},
    });
    const set: [string, string][] = [];
    const vary: string[] = [];
    response.headers.forEach((value, name) => {
      if (name === "vary") vary.push(...value.split(",").map((part) => part.trim()));
      else set.push([name, value]);
    });
    return { set, vary, allows: set.some(([name]) => name === "access-control-allow-origin") };
  };
  // Most requests (a page's own, a server's) send no origin: its answer is kept apart, once made.
  let noOrigin: CorsAnswer | undefined;
  const answerFor = (origin: string) => {
    if (origin === "" && noOrigin) return noOrigin;
    let answer = answers.get(origin);
    if (!answer) {
      const asked = ask(origin);
      asked.then(
        (made) => {
          if (answers.get(origin) === asked) answers.set(origin, made);
          if (origin === "") noOrigin = made;
        },
        () => answers.delete(origin),
      );
      answers.set(origin, asked);
      answer = asked;
    }
    return answer;
  };
  const refused = (origin: string, host: string | undefined) => options.refused?.(origin, host);

  return {
    answerFor,
    refused,
    middleware: async function corsHeaders(context, next) {
      const origin = context.req.header("origin");
      if (context.req.method === "OPTIONS") {
        const answered = await middleware(context, next);
        const allowed = (answered ?? context.res).headers.has("access-control-allow-origin");
        if (origin && !allowed) refused(origin, context.req.header("host"));
        return answered;
      }
      const known = answerFor(origin ?? "");
      const answer = known instanceof Promise ? await known : known;
      for (const [name, value] of answer.set) setEarly(context, name, value);
      for (const name of answer.vary) varyEarly(context, name);
      await next();
      const carried = carriedHeaders(context.res);
      if (carried) {
        if (answer.allows || carried["access-control-allow-origin"] !== undefined) return;
      } else {
        let headers = context.res.headers;
        try {
          for (const [name, value] of answer.set) headers.set(name, value);
        } catch {
          // A response with immutable headers (one passed through from fetch) gets a copy.
          const original = context.res;
          context.res = undefined;
          context.res = new Response(original.body, original);
          headers = context.res.headers;
          for (const [name, value] of answer.set) headers.set(name, value);
        }
        for (const name of answer.vary) addVary(headers, name);
        if (answer.allows || headers.has("access-control-allow-origin")) return;
      }
      if (origin) refused(origin, context.req.header("host"));
    },
  };
}

/** {@link corsAnswers}' middleware alone. */
export function cachedCors(options: CorsOptions): MiddlewareHandler {
  return corsAnswers(options).middleware;
}
