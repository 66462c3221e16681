import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Context, Hono } from "hono";

/** The statuses the contract suite can make a fake answer with next. */
export type InjectedStatus = 400 | 404 | 500;

/** What makes one platform's fake its own; the scaffolding around it is shared. */
export interface FakeUpstreamSpec {
  /** Where the platform's paths start, such as `/v1`; `""` for the root. */
  readonly basePath: string;
  /**
   * The platform's own error answer: an injected failure, a queued 429 (with the queued headers,
   * which the answer must carry) or a refused key (401).
   */
  errorResponse(
    c: Context,
    status: InjectedStatus | 401 | 429,
    headers: Record<string, string>,
  ): Response;
  /** Whether the request carries the fake's key. */
  authorized(c: Context): boolean;
  /** Called first for every request, before any fault is served: to record it, for example. */
  onRequest?(c: Context): void | Promise<void>;
}

/** A fake platform under construction: add its routes to `app`, then `listen`. */
export interface FakeUpstream {
  readonly app: Hono;
  /** The next `times` requests answer 429 with these headers; replaces the queue, `0` clears it. */
  rateLimitNext(times: number, headers: Record<string, string>): void;
  /** The next `times` requests answer the platform's error body; replaces the queue, `0` clears it. */
  failNext(times: number, status: InjectedStatus): void;
  /** Serves on 127.0.0.1 at a free port; `url` includes the base path. */
  listen(): Promise<ListeningUpstream>;
}

export interface ListeningUpstream {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The origin and base path: what the adapter is given as `apiBase`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The scaffolding every platform fake shares: a Hono app under the platform's base path whose
 * first middleware records the request, serves queued rate limits and failures in the
 * platform's own words, and refuses a wrong key; then a loopback server that closes at once.
 */
export function createFakeUpstream(spec: FakeUpstreamSpec): FakeUpstream {
  const rateLimits: Record<string, string>[] = [];
  const failures: InjectedStatus[] = [];
  const app = spec.basePath ? new Hono().basePath(spec.basePath) : new Hono();
  app.use("*", async (c, next) => {
    await spec.onRequest?.(c);
    const limited = rateLimits.shift();
    if (limited) return spec.errorResponse(c, 429, limited);
    const failure = failures.shift();
    if (failure) return spec.errorResponse(c, failure, {});
    if (!spec.authorized(c)) return spec.errorResponse(c, 401, {});
    await next();
  });
  return {
    app,
    rateLimitNext(times, headers) {
      rateLimits.splice(0, rateLimits.length, ...Array.from({ length: times }, () => headers));
    },
    failNext(times, status) {
      failures.splice(0, failures.length, ...Array.from({ length: times }, () => status));
    },
    async listen() {
      const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
      if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return {
        origin,
        url: `${origin}${spec.basePath}`,
        close: () =>
          new Promise<void>((resolve, reject) => {
            server.close((error) => (error ? reject(error) : resolve()));
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      };
    },
  };
}

/** Sets headers on a response a fake built, for error answers that carry queued ones. */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
