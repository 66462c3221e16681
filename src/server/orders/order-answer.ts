import type { CreatedOrder } from "../../core";
import type { AppDeps } from "../app-deps";
import { ProblemError } from "../http/problem-error";
import { UpstreamError } from "../platforms/upstream/upstream-error";
import { summarize } from "./create-outcome";
import type { CreatedOrderSummary, StoredResponse } from "./idempotency";
import { paymentAnswer } from "./payment-link";

/** Where an order's answer is made: its attempt's key, the request's origin, its log. */
export interface OrderAnswerContext {
  /** The attempt's Idempotency-Key, which its token is made from. */
  readonly key: string;
  /** The origin the request came to, for a payment link the proxy makes itself. */
  readonly origin: string;
  readonly log: (event: string, fields: Record<string, unknown>, level?: "info" | "error") => void;
}

/**
 * The buyer's answer for an order made upstream: a `201` with its token and how to pay, read
 * from the platform first where the record holds its id alone. A payment link that cannot be
 * opened safely is no answer: the order is abandoned (cancelled where the platform allows) and
 * the buyer told `502`, that no payment was taken.
 */
export async function answerWithOrder(
  deps: AppDeps,
  { key, origin, log }: OrderAnswerContext,
  recorded: CreatedOrderSummary,
): Promise<StoredResponse> {
  const { platform } = deps;
  let order = recorded;
  if (order.status === undefined || order.total === undefined) {
    const read = await platform.getOrder(order.id);
    if (!read) throw new UpstreamError("unavailable", `${platform.id} does not show the order`);
    order = summarize(read);
  }
  const { status, total } = order;
  if (status === undefined || total === undefined) throw new Error("unreachable");
  const payment = paymentAnswer({ ...order, status }, origin, deps.checkoutUrlTemplate);
  if ("refused" in payment) {
    log("payment_link_refused", { orderId: order.id }, "error");
    await abandon(deps, order.id, log);
    const problem = new ProblemError(
      "upstream_unavailable",
      502,
      "The store's platform gave a payment link that cannot be opened safely; no payment was taken",
    );
    return { status: 502, body: problem.toProblem() };
  }
  const body: CreatedOrder = {
    id: order.id,
    token: await deps.tokens.issue(order.id, key),
    status,
    total: { amount: total.amount, currency: total.currency },
    ...("paid" in payment ? {} : payment),
  };
  log("order_created", {
    orderId: order.id,
    payment: "checkoutUrl" in payment ? "link" : "paid" in payment ? "none" : payment.payment,
  });
  return { status: 201, body };
}

/** An order the buyer cannot pay: cancelled where the platform allows, always logged. */
async function abandon(
  deps: AppDeps,
  orderId: string,
  log: OrderAnswerContext["log"],
): Promise<void> {
  let cancelled = false;
  if (deps.platform.cancelOrder) {
    try {
      await deps.platform.cancelOrder(orderId);
      cancelled = true;
    } catch {
      cancelled = false;
    }
  }
  log("order_abandoned", { orderId, cancelled }, "error");
}
