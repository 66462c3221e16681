import type { Money, OrderStatus } from "../../core";
import { ProblemError } from "../http/problem-error";
import type { KeyValueStore } from "../store/key-value-store";
import { openSealed, randomBytes, sealText, sha256, toHex } from "../web-crypto";

/** A response worth replaying: status, JSON body and, when the buyer may retry, its wait. */
export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
  readonly retryAfter?: number;
}

/** What the proxy knows of an upstream order it created: enough to answer the buyer again. */
export interface CreatedOrderSummary {
  readonly id: string;
  /** Absent when only the id could be read from the platform's answer. */
  readonly status?: OrderStatus;
  readonly total?: Money;
  readonly checkoutUrl?: string;
  readonly reference?: string;
}

/**
 * What was priced into a create call, so that asking the platform about it later sends the same
 * thing. The buyer's email and fields are not stored: a retry carries the same body (the
 * fingerprint says so), and the attempt is rebuilt from it.
 */
export interface SentAttempt {
  /** When the create call went out (epoch ms). */
  readonly sentAt: number;
  readonly total: Money;
  readonly coupon?: string;
}

/**
 * What one idempotency key has done so far. `sending`: the create call is out (a record found in
 * this state by a later request means its sender stopped mid-call, so the outcome is unknown);
 * `unknown`: the call was sent and no usable answer came back; `created`: the platform made this
 * order; `answered`: the buyer got this response, replayed from now on. No record: nothing sent.
 */
export type AttemptRecord =
  | {
      readonly state: "sending" | "unknown";
      readonly fingerprint: string;
      readonly sent: SentAttempt;
      /**
       * `unknown` only: the platform answered the create (an error status, an answer that could
       * not be read), so it has ended and may be asked about at once. Without it (a timeout, a
       * dropped connection) the create may still land, as a `sending` one may.
       */
      readonly ended?: boolean;
    }
  | { readonly state: "created"; readonly fingerprint: string; readonly order: CreatedOrderSummary }
  | { readonly state: "answered"; readonly fingerprint: string; readonly response: StoredResponse };

/** Reads and writes the record of the key whose lock the caller holds. */
export interface AttemptLedger {
  readonly fingerprint: string;
  /** Who the attempt is, to the store: its key's hash, never the key. */
  readonly owner: string;
  /**
   * Records a step's progress at once, so a failure after it cannot lose it. `sending` is
   * written only where the key has no record (none yet, or one cleared): a holder that lost the
   * key's lock while it priced (stalled, or cut off from the store) finds another's record
   * there, and is refused (409) instead of sending a second create.
   */
  write(record: AttemptRecord): Promise<void>;
  /**
   * Only when it is certain that nothing was created upstream; removes the record only while it
   * is the one this holder read or wrote (409 when another holder's is there).
   */
  clear(): Promise<void>;
}

export interface IdempotencyOptions {
  /** How long a record is kept; default 24 h. */
  readonly ttlMs?: number;
  /** How long a second request waits for the first to finish; default 30 s. */
  readonly waitMs?: number;
  /**
   * How long a key's lock outlives its holder's last sign of life; default 10 s. The holder
   * renews it every third of that while it works, however long the platform takes, so a holder
   * that stopped (an instance stopped mid-order, killed, or cut off) frees the key within it, and
   * the buyer's retry then asks the platform what became of the order.
   */
  readonly lockMs?: number;
  /**
   * How long after it was sent a create may still be on its way (the upstream deadline and a
   * margin). A `sending` record younger than this is another request's call in flight, whatever
   * became of its lock (a renewal lost to a Redis blip): asking the platform now would find
   * nothing yet and create a second order, so the request is told to come back. `createApp`
   * sets it from the upstream deadline, with 10 s to spare.
   */
  readonly inFlightMs?: number;
}

/** A stable text of a JSON value with sorted keys, so `{a,b}` and `{b,a}` are the same body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256Hex = async (text: string) => toHex(await sha256(text));

/** The answer to a retry while its key's request may still be on its way: again in `waitMs`. */
export const inProgress = (waitMs = 1000) =>
  new ProblemError("conflict", 409, "A request with this Idempotency-Key is in progress", {
    retryAfter: Math.ceil(waitMs / 1000),
  });

const mismatch = () =>
  new ProblemError(
    "conflict",
    409,
    "This Idempotency-Key was already used with another request body",
  );

/**
 * What an order is, for its key: its body but the total its buyer was shown, which says what they
 * saw, not what they order. A retry of the same order whose shown total moved meanwhile (a price
 * changed after an answer was lost) is that order again, answered from its record or found upstream,
 * never a second one.
 */
function orderOf(body: unknown): unknown {
  if (typeof body !== "object" || body === null || !("total" in body)) return body;
  const { total: _shown, ...order } = body;
  return order;
}

/** What the answer of a key is sealed for (see `recordOf`). */
const answerSeal = "kiosk idempotency answer";

/**
 * Where a key's record and lock live, its body's fingerprint, and a reader of the record. An
 * answer is kept sealed under a key made from the idempotency key, which the store never holds
 * (only its hash): it carries the buyer's order token, and a store read by someone else must not
 * hand out the orders of the last day. (A record kept as it was, by an earlier version, is read.)
 */
async function recordOf(store: KeyValueStore, key: string, body: unknown) {
  const hashed = await sha256Hex(key);
  const recordKey = `idempotency:${hashed}`;
  const fingerprint = await sha256Hex(canonicalJson(orderOf(body)));
  /** The record's text as this holder last read or wrote it. */
  const held: { text: string | undefined } = { text: undefined };
  const read = async (): Promise<AttemptRecord | undefined> => {
    const text = await store.get(recordKey);
    held.text = text;
    if (text === undefined) return undefined;
    const record = JSON.parse(text) as AttemptRecord | SealedAnswer;
    if (record.fingerprint !== fingerprint) throw mismatch();
    if (!("sealed" in record)) return record;
    const response = JSON.parse(await openSealed(key, answerSeal, record.sealed)) as StoredResponse;
    return { state: "answered", fingerprint, response };
  };
  const seal = async (response: StoredResponse): Promise<string> => {
    const sealed = await sealText(key, answerSeal, JSON.stringify(response));
    return JSON.stringify({ state: "answered", fingerprint, sealed } satisfies SealedAnswer);
  };
  return {
    recordKey,
    lockKey: `idempotency-lock:${hashed}`,
    owner: hashed,
    fingerprint,
    read,
    seal,
    held,
  };
}

/** An `answered` record as the store holds it. */
interface SealedAnswer {
  readonly state: "answered";
  readonly fingerprint: string;
  readonly sealed: string;
}

/**
 * The answer this key already gave for this body, if it gave one: a replay creates nothing, so
 * it needs no lock and counts against no limit. The same key with another body is a 409.
 */
export async function answeredBefore(
  store: KeyValueStore,
  key: string,
  body: unknown,
): Promise<StoredResponse | undefined> {
  const record = await (await recordOf(store, key, body)).read();
  return record?.state === "answered" ? record.response : undefined;
}

/**
 * Runs `step` for one idempotency key, one request at a time (a lock in the store, so several
 * proxy instances share it), with the key's record as it stands. What `step` returns is the key's
 * answer, kept and replayed without running `step` again; when `step` throws, the record stays as
 * `step` left it (it clears it only when nothing happened). The same key with another body is a
 * 409. The store is the only state, and every record expires.
 */
export async function runIdempotent(
  store: KeyValueStore,
  key: string,
  body: unknown,
  step: (record: AttemptRecord | undefined, ledger: AttemptLedger) => Promise<StoredResponse>,
  options: IdempotencyOptions = {},
): Promise<StoredResponse> {
  const ttl = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  const { recordKey, lockKey, owner, fingerprint, read, seal, held } = await recordOf(
    store,
    key,
    body,
  );
  const ledger: AttemptLedger = {
    fingerprint,
    owner,
    async write(record) {
      // A `sending` record is this write's alone (`by`), so the write can know it again below.
      const text =
        record.state === "answered"
          ? await seal(record.response)
          : JSON.stringify(
              record.state === "sending" ? { ...record, by: toHex(randomBytes(8)) } : record,
            );
      if (record.state === "sending") {
        // A write sent again after its reply was lost (the store's connection broke and its
        // client resent it) finds the record it wrote itself: its own, not another holder's.
        if (
          !(await store.setIfAbsent(recordKey, text, ttl)) &&
          (await store.get(recordKey)) !== text
        ) {
          throw inProgress();
        }
      } else await store.set(recordKey, text, ttl);
      held.text = text;
    },
    async clear() {
      const text = held.text;
      held.text = undefined;
      if (text === undefined || (await store.deleteIfEqual(recordKey, text))) return;
      if ((await store.get(recordKey)) !== undefined) throw inProgress();
    },
  };

  for (;;) {
    const seen = await read();
    if (seen?.state === "answered") return seen.response;
    const lockMs = options.lockMs ?? 10_000;
    // This holder's own: it renews and lets go of its lock only while it still holds it.
    const holder = toHex(randomBytes(16));
    // The lock found holding this holder's own token was taken by a write whose reply was lost.
    if (
      (await store.setIfAbsent(lockKey, holder, lockMs)) ||
      (await store.get(lockKey)) === holder
    ) {
      const alive = setInterval(() => {
        store.renewIfEqual(lockKey, holder, lockMs).catch(() => {});
      }, lockMs / 3);
      // A holder's renewals never keep a process alive that has nothing else to do.
      (alive as { unref?: () => void }).unref?.();
      try {
        const current = await read();
        if (current?.state === "answered") return current.response;
        const response = await step(current, ledger);
        await ledger.write({ state: "answered", fingerprint, response });
        return response;
      } finally {
        clearInterval(alive);
        await store.deleteIfEqual(lockKey, holder);
      }
    }
    if (Date.now() > deadline) throw inProgress();
    await sleep(25);
  }
}
