import type { Redis } from "ioredis";
import type { Logger } from "./logger";

/**
 * Says once when Redis may evict keys under memory pressure: every key has a time to live, so any
 * `volatile-*` or `allkeys-*` policy can drop an idempotency record, and a buyer's retry would then
 * place a second order. With `noeviction` a full Redis refuses writes instead. Managed Redis often
 * refuses `CONFIG`; then nothing can be known and nothing is said.
 */
export async function warnOnEviction(client: Redis, where: string, logger: Logger): Promise<void> {
  let policy: unknown;
  try {
    policy = ((await client.config("GET", "maxmemory-policy")) as unknown[])[1];
  } catch {
    return;
  }
  if (typeof policy !== "string" || policy === "noeviction") return;
  logger.warn("store_may_evict", {
    store: "redis",
    at: where,
    policy,
    detail:
      "set maxmemory-policy noeviction: an evicted idempotency record lets a retry order twice",
  });
}
