// routes/: one file per URL family, each built from the app's dependencies.
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { idempotencyKeySchema, isFinalStatus, movesForward, orderRequestSchema } from "../../core";
import type { AppDeps } from "../app-deps";
import { ProblemError } from "../http/problem-error";
import { readBody } from "../http/request-body";
import { answeredBefore } from "../orders/idempotency";
import { placeOrder } from "../orders/place-order";
import { UpstreamError } from "../platforms/upstream/upstream-error";
import { toOrderView } from "../views/order-view";

const notFound = () => new ProblemError("not_found", 404, "No such order");

/**
 * How long an order stream stays silent at most: an order that has not changed is said again,
 * so a client can tell a stream the network lost without a word (a NAT or Wi-Fi that dropped
 * the connection) from one that has nothing new, and a NAT keeps the connection.
 */
const orderStreamBeatMs = 15_000;

/** `POST /orders`, `GET /orders/:id` and its event stream. */
export function orderRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  // Open streams end when the server stops; one listener for all of them.
  const openStreams = new Set<AbortController>();
  // Streams counted against the app's limit, from before their order is read: an instance out of
  // file descriptors would accept no connection at all, product reads included.
  let streams = 0;
  let full = false;
  deps.shutdown.addEventListener(
    "abort",
    () => {
      for (const stream of openStreams) stream.abort();
    },
    { once: true },
  );

  /**
   * An order that may reach the platform: a coupon counts against the client's limits first, and
   * the order itself once it is about to be sent (see `OrderHooks.beforeSend`).
   */
  const placeLimited = async (
    request: Parameters<typeof placeOrder>[2],
    key: string,
    origin: string,
    client: string | undefined,
  ) => {
    if (request.coupon !== undefined) await deps.limiter.take("couponQuotes", client);
    const giveBack =
      request.coupon === undefined ? undefined : await deps.limiter.couponAttempt(client);
    let couponFailed = false;
    return placeOrder(deps, key, request, origin, client, {
      onPriced: (quote) => {
        couponFailed = quote.coupon?.valid === false;
      },
      beforeSend: () => deps.limiter.take("orders", client),
    }).finally(async () => {
      if (!couponFailed) await giveBack?.();
    });
  };

  routes.post("/orders", async (context) => {
    const key = context.req.header("idempotency-key");
    if (key === undefined || !idempotencyKeySchema.safeParse(key).success) {
      throw new ProblemError(
        "invalid_request",
        400,
        key === undefined
          ? "An Idempotency-Key header is required"
          : "The Idempotency-Key header must be 8 to 255 visible ASCII characters",
        { errors: { "Idempotency-Key": "must be 8 to 255 visible ASCII characters" } },
      );
    }
    const request = await readBody(context, orderRequestSchema);
    // The sandbox's pay link is relative to where the proxy is reached, mount path included.
    const origin = `${new URL(deps.publicUrl(context)).origin}${deps.basePath}/`;
    const client = deps.clientOf(context);
    // A retry of an order already answered gets its answer again before any limit is counted:
    // it creates nothing, and a buyer whose connection dropped must not be refused their order.
    const result =
      (await answeredBefore(deps.store, key, request)) ??
      (await placeLimited(request, key, origin, client));
    const headers: Record<string, string> = {};
    if (result.retryAfter !== undefined) headers["retry-after"] = String(result.retryAfter);
    if (result.status >= 400) headers["content-type"] = "application/problem+json";
    return new Response(JSON.stringify(result.body), {
      status: result.status,
      headers: { "content-type": "application/json", ...headers },
    });
  });

  const fetchOrder = async (id: string) => {
    const order = await deps.platform.getOrder(id);
    if (!order) throw notFound();
    return toOrderView(order);
  };
  const readOrder = async (id: string, token: string | undefined) => {
    if (!(await deps.tokens.verify(id, token))) throw notFound();
    return fetchOrder(id);
  };

  routes.get("/orders/:id", async (context) => {
    const authorization = context.req.header("authorization") ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    context.header("cache-control", "no-store");
    return context.json(await readOrder(context.req.param("id"), token));
  });

  routes.get("/orders/:id/events", async (context) => {
    const max = deps.maxOrderStreams;
    if (max !== null && streams >= max) {
      // Said once each time the limit is reached, not once a refusal.
      if (!full) deps.logger.warn("order_streams_full", { max });
      full = true;
      throw new ProblemError(
        "upstream_unavailable",
        503,
        "The shop is following as many orders as it can; read the order instead",
        { retryAfter: 30 },
      );
    }
    streams += 1;
    let counted = true;
    const uncount = () => {
      if (!counted) return;
      counted = false;
      streams -= 1;
      if (max !== null && streams < max) full = false;
    };
    const id = context.req.param("id");
    // Ends on the client leaving or the server stopping; the widget then polls (elsewhere).
    const abort = new AbortController();
    // Woken often enough to say the order again in time, however seldom it is polled.
    const pause = Math.min(deps.orderPollMs, orderStreamBeatMs);
    // Listened for before each read, the first one too: a notice that lands while a read is on
    // its way (which may bring the status from before it) wakes the next wait at once, rather
    // than a poll later.
    let woken = deps.events.wait(id, pause, abort.signal);
    let order: Awaited<ReturnType<typeof readOrder>>;
    let release: () => Promise<void>;
    try {
      order = await readOrder(id, context.req.query("token"));
      // A HEAD (which Hono routes here) reads no body: a stream opened for it would never see its
      // client leave, and would hold one of the client's stream slots until the limit's window ends.
      if (context.req.method === "HEAD") {
        abort.abort();
        uncount();
        return context.body(null, 200, {
          "content-type": "text/event-stream",
          "cache-control": "no-store",
        });
      }
      release = await deps.limiter.openStream(deps.clientOf(context), deps.orderStreamMs);
    } catch (error) {
      abort.abort();
      uncount();
      throw error;
    }
    const response = streamSSE(context, async (stream) => {
      stream.onAbort(() => abort.abort());
      openStreams.add(abort);
      if (deps.shutdown.aborted) abort.abort();
      const deadline = deps.now() + deps.orderStreamMs;
      let sent = "";
      let saidAt = 0;
      try {
        for (;;) {
          const text = JSON.stringify(order);
          if (text !== sent || deps.now() - saidAt >= orderStreamBeatMs) {
            await stream.writeSSE({ event: "order", data: text });
            sent = text;
            saidAt = deps.now();
          }
          if (isFinalStatus(order.status) || abort.signal.aborted || deps.now() >= deadline) break;
          await woken;
          if (abort.signal.aborted) break;
          // Counted from when it was last said, not from the last wake: a read that took longer
          // than the next (shared, or quicker upstream) would put the next say a whole pause later,
          // 30 s apart where the order is read every 15 s or less often.
          const due = Math.max(0, saidAt + orderStreamBeatMs - deps.now());
          woken = deps.events.wait(id, Math.min(pause, due), abort.signal);
          try {
            // The token was checked when the stream opened; each poll only reads the order, and
            // every stream following it on this instance shares one read.
            // A read that lags behind what the buyer already saw (a stale replica) is not shown.
            const next = await deps.events.read(id, deps.orderPollMs, () => fetchOrder(id));
            if (movesForward(order.status, next.status)) order = next;
          } catch (error) {
            // A passing upstream failure should not end the stream; the next poll tries again.
            if (!(error instanceof UpstreamError)) throw error;
          }
        }
      } finally {
        // Its last wait, if one is left, ends with it.
        abort.abort();
        openStreams.delete(abort);
        uncount();
        await release();
      }
    });
    // Set after: `streamSSE` sets its own `no-cache`, and a completed order's events carry its
    // goods (license keys) at a URL with its token in it.
    response.headers.set("cache-control", "no-store");
    // nginx, the most common proxy in front, buffers a response unless told not to; a buffered
    // stream says nothing until its buffer fills, and the widget then finds the order by polling.
    response.headers.set("x-accel-buffering", "no");
    return response;
  });

  return routes;
}
