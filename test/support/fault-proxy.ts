import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";

/*
 * A fault-injecting HTTP proxy for tests: a real server on a free loopback port between the proxy
 * under test and a fake platform (or any http URL). Requests pass through unchanged unless a rule
 * matches them; a rule answers a status without forwarding, forwards and then drops the client's
 * connection, rewrites what came back, holds the request forever, or until the test lets it go. `refuse()` closes
 * the listener and every open connection, as a platform that went down; `restore()` brings it back
 * on the same port. Every request is counted per route: seen, and forwarded to the target.
 */

/** What the proxy does with a request a rule matched. */
export type FaultAction =
  /** Forward unchanged (a rule that only counts, or lets N requests through before another rule). */
  | { readonly kind: "pass" }
  /** Answer this status without forwarding (e.g. 500, or 429 with `Retry-After`). */
  | {
      readonly kind: "status";
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      /** A string is sent as is; anything else as JSON. Default: an empty body. */
      readonly body?: unknown;
    }
  /** Forward, let the target answer in full, then destroy the client's connection unanswered. */
  | { readonly kind: "drop-after-upstream" }
  /** Destroy the client's connection at once, without forwarding (a reset). */
  | { readonly kind: "reset" }
  /** Never answer and never forward, until the client gives up or the proxy closes. */
  | { readonly kind: "hang" }
  /** Forward once `until` settles: held for as long as the test needs, whatever the machine's load. */
  | { readonly kind: "hold"; readonly until: Promise<unknown> }
  /** Forward, then answer what `rewrite` makes of the target's answer. */
  | {
      readonly kind: "rewrite";
      readonly rewrite: (answer: ProxiedAnswer) => ProxiedAnswer;
    };

/** A complete answer from the target, as `rewrite` sees and returns it. */
export interface ProxiedAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Which requests a rule or a counter concerns; both parts optional (any method, any path). */
export interface RouteMatcher {
  /** `GET`, `POST`, …; case-insensitive. */
  readonly method?: string;
  /** Tested against the path and query, e.g. `/v1/products/prod_1?expand=x`. */
  readonly path?: RegExp;
}

export interface FaultRule extends RouteMatcher {
  readonly action: FaultAction;
  /** How many matching requests the rule applies to; unlimited when absent. */
  readonly times?: number;
}

/** One request the proxy saw. */
export interface SeenRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** The action taken (`pass` when no rule matched). */
  readonly action: FaultAction["kind"];
  /** Whether the request was sent on to the target. */
  readonly forwarded: boolean;
  /** The request body as received. */
  readonly body: string;
}

export interface FaultProxy {
  /** The proxy's URL with the target's path prefix: use it where the target's URL went. */
  readonly url: string;
  readonly port: number;
  /** Adds a rule after the existing ones; the first matching rule with uses left applies. */
  inject(rule: FaultRule): void;
  /** Removes every rule (requests pass through again). */
  clearRules(): void;
  /** Every request seen so far, in order. */
  readonly requests: readonly SeenRequest[];
  /** How many requests matching `route` the proxy received. */
  seen(route?: RouteMatcher): number;
  /** How many requests matching `route` the proxy sent on to the target. */
  forwarded(route?: RouteMatcher): number;
  /** Seen and forwarded counts keyed by `METHOD path` (query left out). */
  counts(): Record<string, { seen: number; forwarded: number }>;
  /** The platform goes down: the listener closes and every open connection is destroyed. */
  refuse(): Promise<void>;
  /** The platform comes back on the same port. */
  restore(): Promise<void>;
  /** Whether the proxy currently accepts connections. */
  readonly listening: boolean;
  /** Releases hanging requests (destroying their connections) without closing the listener. */
  releaseHanging(): void;
  close(): Promise<void>;
}

function matches(route: RouteMatcher, method: string, path: string): boolean {
  if (route.method !== undefined && route.method.toUpperCase() !== method) return false;
  if (route.path !== undefined) {
    route.path.lastIndex = 0;
    if (!route.path.test(path)) return false;
  }
  return true;
}

const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
]);

function forwardHeaders(headers: IncomingHttpHeaders, host: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || hopByHop.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  out.host = host;
  return out;
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/** Starts a fault proxy in front of `target` (e.g. a fake platform's base URL). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  if (targetUrl.protocol !== "http:") throw new Error("The fault proxy forwards to http only");
  const targetPrefix = targetUrl.pathname.replace(/\/+$/, "");
  const rules: { rule: FaultRule; left: number }[] = [];
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  let server: Server | undefined;
  let port = 0;

  function pick(method: string, path: string): FaultAction {
    for (const entry of rules) {
      if (entry.left > 0 && matches(entry.rule, method, path)) {
        entry.left -= 1;
        return entry.rule.action;
      }
    }
    return { kind: "pass" };
  }

  function forward(
    incoming: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          hostname: targetUrl.hostname,
          port: targetUrl.port,
          method: incoming.method,
          path: incoming.url,
          headers: forwardHeaders(incoming.headers, targetUrl.host),
          agent: false,
        },
        (answer) => {
          readBody(answer).then(
            (answerBody) =>
              resolve({
                status: answer.statusCode ?? 502,
                headers: forwardHeaders(answer.headers, targetUrl.host),
                body: answerBody,
              }),
            reject,
          );
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  function send(
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: Buffer,
  ): void {
    const { host: _host, "content-length": _length, ...rest } = headers;
    response.writeHead(status, { ...rest, "content-length": String(body.length) });
    response.end(body);
  }

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (incoming.method ?? "GET").toUpperCase();
    const path = incoming.url ?? "/";
    const body = await readBody(incoming);
    const action = pick(method, path);
    const willForward =
      action.kind === "pass" ||
      action.kind === "drop-after-upstream" ||
      action.kind === "hold" ||
      action.kind === "rewrite";
    requests.push({
      method,
      path,
      action: action.kind,
      forwarded: willForward,
      body: body.toString("utf8"),
    });
    switch (action.kind) {
      case "status": {
        const text =
          action.body === undefined
            ? ""
            : typeof action.body === "string"
              ? action.body
              : JSON.stringify(action.body);
        const type =
          typeof action.body === "string" || action.body === undefined
            ? {}
            : { "content-type": "application/json" };
        send(response, action.status, { ...type, ...action.headers }, Buffer.from(text));
        return;
      }
      case "reset":
        incoming.socket.destroy();
        return;
      case "hang":
        hanging.add(response);
        response.on("close", () => hanging.delete(response));
        return;
      case "hold":
        await action.until.catch(() => undefined);
        break;
      case "pass":
      case "drop-after-upstream":
      case "rewrite":
        break;
      default: {
        const never: never = action;
        throw new Error(`Unknown fault ${String(never)}`);
      }
    }
    let answer: Awaited<ReturnType<typeof forward>>;
    try {
      answer = await forward(incoming, body);
    } catch {
      // The target itself is unreachable: say so as a gateway would.
      if (!response.headersSent) send(response, 502, {}, Buffer.from(""));
      return;
    }
    if (action.kind === "drop-after-upstream") {
      incoming.socket.destroy();
      return;
    }
    if (action.kind === "rewrite") {
      const rewritten = action.rewrite({
        status: answer.status,
        headers: answer.headers,
        body: answer.body.toString("utf8"),
      });
      send(response, rewritten.status, { ...rewritten.headers }, Buffer.from(rewritten.body));
      return;
    }
    send(response, answer.status, answer.headers, answer.body);
  }

  function listen(onPort: number): Promise<void> {
    const created = createServer((incoming, response) => {
      handle(incoming, response).catch(() => {
        incoming.socket.destroy();
      });
    });
    created.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    return new Promise((resolve, reject) => {
      created.once("error", reject);
      created.listen(onPort, "127.0.0.1", () => {
        created.off("error", reject);
        server = created;
        port = (created.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  function destroyAll(): void {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    hanging.clear();
  }

  async function stop(): Promise<void> {
    const running = server;
    server = undefined;
    if (!running) return;
    const closed = new Promise<void>((resolve) => running.close(() => resolve()));
    destroyAll();
    await closed;
  }

  const count = (route: RouteMatcher | undefined, forwardedOnly: boolean) =>
    requests.filter(
      (seen) => (!forwardedOnly || seen.forwarded) && matches(route ?? {}, seen.method, seen.path),
    ).length;

  await listen(0);
  return {
    get url() {
      return `http://127.0.0.1:${port}${targetPrefix}`;
    },
    get port() {
      return port;
    },
    inject(rule) {
      rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY });
    },
    clearRules() {
      rules.length = 0;
    },
    requests,
    seen: (route) => count(route, false),
    forwarded: (route) => count(route, true),
    counts() {
      const out: Record<string, { seen: number; forwarded: number }> = {};
      for (const seen of requests) {
        const key = `${seen.method} ${seen.path.split("?")[0]}`;
        const entry = out[key] ?? { seen: 0, forwarded: 0 };
        entry.seen += 1;
        if (seen.forwarded) entry.forwarded += 1;
        out[key] = entry;
      }
      return out;
    },
    refuse: stop,
    async restore() {
      if (server) return;
      await listen(port);
    },
    get listening() {
      return server !== undefined;
    },
    releaseHanging() {
      for (const response of hanging) response.socket?.destroy();
      hanging.clear();
    },
    close: stop,
  };
}

/** The route of every platform's create call: a `POST` to its orders collection. */
export const createRoute: RouteMatcher = { method: "POST", path: /\/orders$/ };

/** A `rewrite` action that changes the target's JSON answer in place with `change`. */
export function rewriteJson(change: (body: Record<string, unknown>) => void): FaultAction {
  return {
    kind: "rewrite",
    rewrite: (answer) => {
      const body = JSON.parse(answer.body) as Record<string, unknown>;
      change(body);
      return { ...answer, body: JSON.stringify(body) };
    },
  };
}

/** The next create's answer, its JSON changed by `change` on its way through `proxy`. */
export function rewriteNextCreate(
  proxy: FaultProxy,
  change: (body: Record<string, unknown>) => void,
): void {
  proxy.inject({ ...createRoute, times: 1, action: rewriteJson(change) });
}
