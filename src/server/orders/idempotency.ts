import { createHash } from "node:crypto";
import { ProblemError } from "../http/problem-error";
import type { KeyValueStore } from "../store/key-value-store";

/** A response worth replaying: status and JSON body. */
export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
}

interface IdempotencyRecord {
  readonly fingerprint: string;
  readonly response?: StoredResponse;
}

export interface IdempotencyOptions {
  /** How long a finished response is replayed; default 24 h. */
  readonly ttlMs?: number;
  /** How long a second request waits for the first to finish; default 30 s. */
  readonly waitMs?: number;
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

/**
 * Runs `work` once per idempotency key. The same key with the same body gets the first
 * response, also while the first is still running; the same key with another body is a 409.
 * Only successful responses are kept: after a failure the buyer may retry with the same key.
 */
export async function runIdempotent(
  store: KeyValueStore,
  key: string,
  body: unknown,
  work: () => Promise<StoredResponse>,
  options: IdempotencyOptions = {},
): Promise<StoredResponse> {
  const ttl = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  const storeKey = `idempotency:${createHash("sha256").update(key).digest("hex")}`;
  const fingerprint = createHash("sha256").update(canonicalJson(body)).digest("hex");
  const pending: IdempotencyRecord = { fingerprint };

  for (;;) {
    if (await store.setIfAbsent(storeKey, JSON.stringify(pending), ttl)) {
      try {
        const response = await work();
        if (response.status >= 200 && response.status < 300) {
          await store.set(storeKey, JSON.stringify({ fingerprint, response }), ttl);
        } else {
          await store.delete(storeKey);
        }
        return response;
      } catch (error) {
        await store.delete(storeKey);
        throw error;
      }
    }
    const text = await store.get(storeKey);
    if (text !== undefined) {
      const record = JSON.parse(text) as IdempotencyRecord;
      if (record.fingerprint !== fingerprint) {
        throw new ProblemError(
          "conflict",
          409,
          "This Idempotency-Key was already used with another request body",
        );
      }
      if (record.response) return record.response;
    }
    if (Date.now() > deadline) {
      throw new ProblemError("conflict", 409, "A request with this Idempotency-Key is in progress");
    }
    await sleep(25);
  }
}
