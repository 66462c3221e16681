import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import {
  type CreatedOrder,
  couponProblem,
  idempotencyKeySchema,
  isFinalStatus,
  movesForward,
  orderRequestSchema,
} from "../../core";
import type { AppDeps } from "../app-deps";
import { ProblemError } from "../http/problem-error";
import { readBody } from "../http/request-body";
import { runIdempotent } from "../orders/idempotency";
import { checkPaymentMethod } from "../orders/payment-method";
import { checkOrderFields, priceOrder } from "../orders/pricing";
import { UpstreamError } from "../platforms/upstream/upstream-error";
import { toOrderView } from "../views/order-view";

const notFound = () => new ProblemError("not_found", 404, "No such order");

/** `POST /orders`, `GET /orders/:id` and its event stream. */
export function orderRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  // Open streams end when the server stops; one listener for all of them.
  const openStreams = new Set<AbortController>();
  deps.shutdown.addEventListener(
    "abort",
    () => {
      for (const stream of openStreams) stream.abort();
    },
    { once: true },
  );

  routes.post("/orders", async (context) => {
    const key = context.req.header("idempotency-key");
    if (key === undefined || !idempotencyKeySchema.safeParse(key).success) {
      throw new ProblemError("invalid_request", 400, "An Idempotency-Key header is required", {
        errors: { "Idempotency-Key": "must be 8 to 255 visible ASCII characters" },
      });
    }
    const request = await readBody(context, orderRequestSchema);
    const origin = new URL(context.req.url).origin;
    const client = deps.clientOf(context);
    await deps.limiter.take("orders", client);
    if (request.coupon !== undefined) await deps.limiter.take("couponQuotes", client);
    const giveBack =
      request.coupon === undefined ? undefined : await deps.limiter.couponAttempt(client);
    let couponFailed = false;
    const result = await runIdempotent(deps.store, key, request, async () => {
      const { quote, products } = await priceOrder(
        deps.platform,
        request.items,
        request.coupon,
        new Date(deps.now()),
      );
      couponFailed = quote.coupon?.valid === false;
      const problems = {
        ...checkOrderFields(products, request.fields ?? {}),
        ...(await checkPaymentMethod(deps.platform, request.paymentMethod)),
      };
      if (quote.coupon && !quote.coupon.valid) {
        problems.coupon = couponProblem(quote.coupon.reason ?? "not_found");
      }
      if (Object.keys(problems).length > 0) {
        throw new ProblemError("unprocessable", 422, "Some fields are invalid", { problems });
      }
      const created = await deps.platform.createOrder({
        idempotencyKey: key,
        email: request.email,
        items: request.items.map((item) => ({
          productId: item.productId,
          quantity: item.quantity,
          ...(item.variantId === undefined ? {} : { variantId: item.variantId }),
        })),
        ...(quote.coupon?.valid ? { coupon: quote.coupon.code } : {}),
        fields: request.fields ?? {},
        ...(request.paymentMethod === undefined ? {} : { paymentMethod: request.paymentMethod }),
        total: quote.total,
      });
      if (!created.checkoutUrl) {
        throw new UpstreamError("unavailable", `${deps.platform.id} gave no payment link`);
      }
      if (
        created.total.amount !== quote.total.amount ||
        created.total.currency !== quote.total.currency
      ) {
        deps.logger.warn("order_total_differs", {
          orderId: created.id,
          platform: deps.platform.id,
        });
      }
      const body: CreatedOrder = {
        id: created.id,
        token: await deps.tokens.issue(created.id),
        status: created.status,
        total: { amount: created.total.amount, currency: created.total.currency },
        checkoutUrl: new URL(created.checkoutUrl, origin).href,
      };
      deps.logger.info("order_created", { orderId: created.id, platform: deps.platform.id });
      return { status: 201, body };
    }).finally(async () => {
      if (!couponFailed) await giveBack?.();
    });
    return context.json(result.body, result.status as 201);
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
    const id = context.req.param("id");
    let order = await readOrder(id, context.req.query("token"));
    const release = await deps.limiter.openStream(deps.clientOf(context), deps.orderStreamMs);
    context.header("cache-control", "no-store");
    return streamSSE(context, async (stream) => {
      // Ends on the client leaving or the server stopping; the widget then polls (elsewhere).
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      openStreams.add(abort);
      if (deps.shutdown.aborted) abort.abort();
      const deadline = deps.now() + deps.orderStreamMs;
      let sent = "";
      try {
        for (;;) {
          const text = JSON.stringify(order);
          if (text !== sent) {
            await stream.writeSSE({ event: "order", data: text });
            sent = text;
          }
          if (isFinalStatus(order.status) || abort.signal.aborted || deps.now() >= deadline) break;
          await deps.events.wait(id, deps.orderPollMs, abort.signal);
          if (abort.signal.aborted) break;
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
        openStreams.delete(abort);
        await release();
      }
    });
  });

  return routes;
}
