// orders/: what the proxy enforces on a purchase: pricing, one upstream order per key, order tokens and events, payment links.
import { couponProblem, type OrderRequest, type Quote, sameMoney } from "../../core";
import type { AppDeps } from "../app-deps";
import { ProblemError } from "../http/problem-error";
import type { CreateAttempt, PlatformOrder, PlatformOrderInput } from "../platforms/platform";
import { AttemptUnclearError } from "../platforms/shared/attempt-unclear-error";
import { UpstreamError } from "../platforms/upstream/upstream-error";
import { StoreUnavailableError } from "../store/key-value-store";
import {
  answerLater,
  createdNothing,
  outcomeUnknown,
  passing,
  reasonOf,
  summarize,
} from "./create-outcome";
import {
  type AttemptLedger,
  type AttemptRecord,
  type CreatedOrderSummary,
  inProgress,
  runIdempotent,
  type SentAttempt,
  type StoredResponse,
} from "./idempotency";
import { answerWithOrder } from "./order-answer";
import { checkPaymentMethod } from "./payment-method";
import {
  checkedAnswers,
  checkOrderFields,
  clientLookup,
  priceOrder,
  refuseChangedTotal,
} from "./pricing";

/** What the route is told of an order on its way, and may stop it at. */
export interface OrderHooks {
  /** Told each time the order is priced (a coupon's verdict counts against a client's limit). */
  readonly onPriced?: (quote: Quote) => void;
  /**
   * Called once the order is priced and valid, right before a create is sent, under the key's
   * lock: what throws here stops it with nothing sent and nothing recorded. A client's order
   * limit counts here, so a refused order, or a duplicate of one in progress, counts nothing.
   * What it returns gives that back, called when the create is not sent after all.
   */
  readonly beforeSend?: () => Promise<() => Promise<void>>;
}

/**
 * `POST /api/orders` behind its idempotency key: at most one upstream order per key, whatever
 * fails. Once the create call is out, its outcome is recorded before anything else can fail: the
 * order when the answer gave its id, "unknown" when it gave nothing usable. A retry never sends a
 * second create while an earlier one may have succeeded: it answers with the recorded order, or
 * asks the platform whether the unknown one exists. The record is cleared only when nothing can
 * have been created (a 4xx, a refused connection).
 */
export function placeOrder(
  deps: AppDeps,
  key: string,
  request: OrderRequest,
  origin: string,
  /** Who asks: the products an order is priced from count against its limits as a quote's do. */
  client: string | undefined,
  hooks: OrderHooks = {},
): Promise<StoredResponse> {
  const { onPriced, beforeSend } = hooks;
  const platform = deps.platform;
  const log = (event: string, fields: Record<string, unknown>, level: "info" | "error" = "info") =>
    deps.logger[level](event, { platform: platform.id, ...fields });

  /** What the platform is sent: this request's body with what pricing decided. */
  const inputOf = (sent: SentAttempt): PlatformOrderInput => ({
    idempotencyKey: key,
    email: request.email,
    items: request.items.map((item) => ({
      productId: item.productId,
      quantity: item.quantity,
      ...(item.variantId === undefined ? {} : { variantId: item.variantId }),
    })),
    ...(sent.coupon === undefined ? {} : { coupon: sent.coupon }),
    fields: checkedAnswers(request.fields),
    ...(request.paymentMethod === undefined ? {} : { paymentMethod: request.paymentMethod }),
    total: sent.total,
  });

  async function create(ledger: AttemptLedger): Promise<StoredResponse> {
    const { quote, products, couponAsWritten } = await priceOrder(
      platform,
      request.items,
      request.coupon,
      new Date(deps.now()),
      clientLookup(deps, client),
    );
    onPriced?.(quote);
    const problems = {
      ...checkOrderFields(products, request.fields ?? {}),
      ...(await checkPaymentMethod(platform, request.paymentMethod)),
    };
    if (quote.coupon && !quote.coupon.valid) {
      problems.coupon = couponProblem(quote.coupon.reason ?? "not_found", quote.coupon.minimum);
    }
    if (Object.keys(problems).length > 0) {
      throw new ProblemError("unprocessable", 422, "Some fields are invalid", { problems });
    }
    refuseChangedTotal(request.total, quote);
    const giveBack = await beforeSend?.();
    const sent: SentAttempt = {
      sentAt: deps.now(),
      total: quote.total,
      ...(quote.coupon?.valid ? { coupon: couponAsWritten ?? quote.coupon.code } : {}),
    };
    const input = inputOf(sent);
    await ledger.write({ state: "sending", fingerprint: ledger.fingerprint, sent });
    // On the replicas the store waits for before the create is sent: a failover to one without
    // the record would have the buyer's retry send a second. Not there in time, nothing is sent.
    try {
      await deps.store.replicated?.();
    } catch (error) {
      await ledger.clear().catch(() => {});
      // Never sent: it counts against no order limit.
      await giveBack?.();
      throw error;
    }
    let created: PlatformOrder;
    try {
      created = await platform.createOrder(input);
    } catch (error) {
      if (error instanceof UpstreamError && error.orderId !== undefined) {
        log("upstream_order_created", { orderId: error.orderId, answer: "unreadable" });
        return remember({ id: error.orderId }, ledger);
      }
      if (createdNothing(error)) {
        await ledger.clear();
        throw error;
      }
      // Answered by the platform (a 500, an answer it could not read): the create has ended.
      // Timed out, cut off, or a gateway's 502-504 (no word from the platform, which may still be
      // working on it): it may still land, and is not asked about before it must have.
      const ended = error instanceof UpstreamError && (error.unreadable || error.status === 500);
      await ledger.write({
        state: "unknown",
        fingerprint: ledger.fingerprint,
        sent,
        ...(ended ? { ended } : {}),
      });
      log(
        "order_outcome_unknown",
        { reason: error instanceof Error ? error.message : "unknown" },
        "error",
      );
      throw outcomeUnknown();
    }
    log("upstream_order_created", { orderId: created.id });
    if (!sameMoney(created.total, quote.total)) {
      deps.logger.warn("order_total_differs", { orderId: created.id, platform: platform.id });
    }
    return remember(summarize(created), ledger);
  }

  /** Records a created order first, then answers the buyer with it. */
  async function remember(
    order: CreatedOrderSummary,
    ledger: AttemptLedger,
  ): Promise<StoredResponse> {
    await ledger.write({ state: "created", fingerprint: ledger.fingerprint, order });
    return answer(order, ledger);
  }

  /** Answers with a recorded order, once it is this attempt's (see `OrderTokens.claim`). */
  async function answer(
    recorded: CreatedOrderSummary,
    ledger: AttemptLedger,
  ): Promise<StoredResponse> {
    if (!(await deps.tokens.claim(recorded.id, ledger.owner))) throw givenToAnother(recorded.id);
    try {
      return await respond(recorded);
    } catch (error) {
      // The order stands upstream and is recorded; a retry with this key never makes another.
      log("order_without_answer", { orderId: recorded.id, reason: reasonOf(error) }, "error");
      if (error instanceof StoreUnavailableError) throw error;
      // An answer that could not be read reads the same again: nothing for the buyer to wait for.
      throw passing(error) ? answerLater() : outcomeUnknown();
    }
  }

  const respond = (recorded: CreatedOrderSummary) =>
    answerWithOrder(deps, { key, origin, log }, recorded);

  /** An order another attempt holds: this attempt's outcome stays unknown. */
  function givenToAnother(orderId: string): ProblemError {
    log(
      "order_outcome_unknown",
      { orderId, reason: "the order was given to another attempt" },
      "error",
    );
    return outcomeUnknown();
  }

  /** Asks the platform about a create whose outcome is unknown; creates only when it has none. */
  async function resolve(sent: SentAttempt, ledger: AttemptLedger): Promise<StoredResponse> {
    const attempt: CreateAttempt = { ...inputOf(sent), sentAt: sent.sentAt };
    if (!platform.findCreatedOrder) {
      log("order_outcome_unknown", { reason: "the platform offers no way to look it up" }, "error");
      throw outcomeUnknown();
    }
    let found: CreatedOrderSummary | undefined;
    try {
      const order = await platform.findCreatedOrder(attempt);
      found = order && summarize(order);
    } catch (error) {
      // It lists an order that may be this attempt's and shows too little to tell: asking again
      // will not tell either, so the buyer is told to look at their email, and nothing is made.
      if (error instanceof AttemptUnclearError) {
        log("order_outcome_unknown", { reason: error.message }, "error");
        throw outcomeUnknown();
      }
      // The platform named an order but its answer could not be mapped: its id is enough.
      if (!(error instanceof UpstreamError) || error.orderId === undefined) {
        log("order_outcome_unknown", { reason: reasonOf(error) }, "error");
        // Safe to retry: the record stays, so the next try asks again instead of creating.
        throw new ProblemError(
          "upstream_unavailable",
          503,
          "The store's platform is not answering right now; try again shortly",
          { retryAfter: 5 },
        );
      }
      found = { id: error.orderId };
    }
    // A lookup matches by buyer, lines and time, so it can find the order another attempt was
    // given, or is about to answer with: never this attempt's answer, and that buyer's token
    // stays valid. Whether this one made an order stays unknown, so nothing is created; the order
    // is claimed before this attempt records it, so its retries ask again.
    if (
      found &&
      ((await deps.tokens.issued(found.id)) || !(await deps.tokens.claim(found.id, ledger.owner)))
    ) {
      throw givenToAnother(found.id);
    }
    if (found) {
      log("upstream_order_created", { orderId: found.id, answer: "found" });
      return remember(found, ledger);
    }
    log("order_attempt_created_nothing", {});
    await ledger.clear();
    return create(ledger);
  }

  return runIdempotent(
    deps.store,
    key,
    request,
    async (record: AttemptRecord | undefined, ledger) => {
      switch (record?.state) {
        // None: nothing was sent, unless the store lost it with its data (see `StoreMemory`).
        case undefined:
          await deps.storeMemory.check();
          return create(ledger);
        // A `sending` record under a free lock: its sender stopped mid-call, or its call is still
        // on its way (its lock lost): only once that call must have ended is the platform asked,
        // where a lookup now would find nothing yet and a second create would follow.
        case "sending": {
          const left = record.sent.sentAt + deps.idempotency.inFlightMs - deps.now();
          if (left > 0) throw inProgress(left);
          return resolve(record.sent, ledger);
        }
        // This key's own create, timed out or cut off, may still land: the buyer's retry waits
        // (holding the key) until it must have, then asks. One the platform answered has ended.
        case "unknown": {
          const left = record.sent.sentAt + deps.idempotency.inFlightMs - deps.now();
          if (left > 0 && !record.ended) await new Promise((done) => setTimeout(done, left));
          return resolve(record.sent, ledger);
        }
        case "created":
          return answer(record.order, ledger);
        case "answered":
          return record.response;
        default: {
          const never: never = record;
          throw new Error(`unknown record ${String(never)}`);
        }
      }
    },
    deps.idempotency,
  );
}
