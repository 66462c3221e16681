import type { Redis } from "ioredis";
import {
  type CounterState,
  type KeyValueStore,
  StoreUnavailableError,
} from "../store/key-value-store";
import { createLogger, type Logger } from "./logger";
import { warnOnEviction } from "./redis-eviction";
import { checkReplicas, replicaWait } from "./redis-replicas";
import {
  addToCounterScript,
  addToSetScript,
  deleteIfEqualScript,
  renewIfEqualScript,
} from "./redis-scripts";
import { aSecondAtMost, listenOn } from "./redis-subscriptions";
import { describeRedisUrl, redisPassword } from "./redis-url";

/** Which Redis the store uses, under what prefix, how long a command may take, where it logs. */
export interface RedisStoreOptions {
  /** `redis://[:password@]host[:port][/db]` or `rediss://…` for TLS. */
  readonly url: string;
  /** Put before every key and channel, so one Redis can serve other software too. */
  readonly prefix?: string;
  /** How long one command may take before the request it serves gives up; default 2 s. */
  readonly commandTimeoutMs?: number;
  /**
   * Replicas that must hold an order's record before its create is sent (`WAIT`, for at most
   * half the command timeout); 0, the default, waits for none.
   */
  readonly replicas?: number;
  /**
   * Where it says that Redis is ready or gone, or may evict keys (`store_may_evict`); by default
   * JSON lines on standard error, as `createApp`'s own.
   */
  readonly logger?: Logger;
}

/**
 * A `KeyValueStore` on Redis (ioredis), shared by every instance pointed at the same server.
 * Connects before resolving and rejects when it cannot. Afterwards commands never wait in a
 * queue while Redis is away: they fail at once with `StoreUnavailableError`, and the client
 * reconnects in the background. It lives with the Node runtime because ioredis needs Node's
 * sockets; the rest of the proxy only sees the `KeyValueStore` interface.
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<KeyValueStore> {
  // Without one, ioredis would try localhost and fail naming nothing the caller gave.
  if (typeof options.url !== "string" || options.url === "") {
    throw new TypeError("createRedisStore: url is required, such as redis://127.0.0.1:6379");
  }
  const prefix = options.prefix ?? "kiosk:";
  const where = describeRedisUrl(options.url);
  const logger = options.logger ?? createLogger({ redact: [redisPassword(options.url)] });
  const settings = {
    lazyConnect: true,
    connectTimeout: 2_000,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
    // A connection that stops carrying anything back (a blackholed network, a NAT that lost it)
    // is dropped and made again, rather than kept until the kernel gives up on it, or for good.
    socketTimeout: (options.commandTimeoutMs ?? 2_000) + 1_000,
  };
  // Loaded only here: a proxy on the memory store (and every `kiosk` command that serves nothing)
  // starts without ioredis, about a quarter of the CLI's start-up.
  const { Redis } = await import("ioredis");
  const client = new Redis(options.url, { ...settings, enableOfflineQueue: false });
  // The subscriber only subscribes while connected and resubscribes by itself after a reconnect.
  const subscriber = new Redis(options.url, { ...settings, commandTimeout: undefined });
  let lastError = "";
  let healthy = false;
  /** Says once when the command connection stops answering, and once when it answers again. */
  const answering = (now: boolean, reason?: string) => {
    if (healthy === now) return;
    healthy = now;
    if (now) logger.info("store_ready", { store: "redis", at: where });
    else logger.warn("store_unavailable", { store: "redis", at: where, reason });
  };
  const watch = (connection: Redis, role: string) => {
    connection.on("error", (error: Error) => {
      lastError = (error as { code?: string }).code ?? error.message;
      if (role === "commands") answering(false, lastError);
    });
    connection.on("ready", () => {
      if (role === "commands") answering(true);
    });
  };
  watch(client, "commands");
  watch(subscriber, "subscriber");

  try {
    await Promise.all([client.connect(), subscriber.connect()]);
  } catch (error) {
    client.disconnect();
    subscriber.disconnect();
    const reason = lastError || (error instanceof Error ? error.message : String(error));
    throw new StoreUnavailableError(`cannot connect to ${where} (${reason})`);
  }
  // A database the server does not have is refused at its SELECT, which the client reports as
  // an error event and then goes on in database 0, among another shop's keys: asked again here,
  // it stops the start instead.
  const database = Number(client.options.db ?? 0);
  if (database !== 0) {
    try {
      await client.select(database);
    } catch (error) {
      client.disconnect();
      subscriber.disconnect();
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreUnavailableError(`cannot use database ${database} at ${where} (${reason})`);
    }
  }
  healthy = true;
  await warnOnEviction(client, where, logger);
  const replicas = options.replicas ?? 0;
  const waitMs = Math.max(1, Math.floor((options.commandTimeoutMs ?? 2_000) / 2));
  if (replicas > 0) {
    try {
      await checkReplicas(client, replicas, waitMs, where, logger);
    } catch (error) {
      client.disconnect();
      subscriber.disconnect();
      throw error;
    }
  }

  const subscriptions = listenOn(subscriber);

  // A Redis that holds its connections open and stops answering (a stalled or overloaded
  // server) fails each command only at its timeout: every request would wait that long. Once one
  // times out, commands fail at once until a ping, every half second, is answered again.
  let stalled: Promise<void> | undefined;
  let closed = false;
  const awaitAnswer = async () => {
    while (!closed) {
      await new Promise((resolve) => setTimeout(resolve, 500).unref());
      try {
        await client.ping();
        answering(true);
        return;
      } catch {
        // Still not answering: the next ping asks again.
      }
    }
  };
  const run = async <T>(command: () => Promise<T>): Promise<T> => {
    if (stalled) {
      throw new StoreUnavailableError(`Redis at ${where} did not answer in time a moment ago`, {
        unsent: true,
      });
    }
    try {
      return await command();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (/timed out/i.test(reason) && !stalled) {
        answering(false, reason);
        stalled = awaitAnswer().finally(() => {
          stalled = undefined;
        });
      }
      // Refused by the client while it has no connection (it queues nothing): never sent.
      const unsent = /isn't writeable/i.test(reason);
      throw new StoreUnavailableError(`Redis at ${where} did not answer (${reason})`, { unsent });
    }
  };
  const key = (name: string) => `${prefix}${name}`;

  const addToCounter = (name: string, amount: number, windowMs: number) =>
    run(async (): Promise<CounterState> => {
      const [count, ttl] = (await client.eval(
        addToCounterScript,
        1,
        key(name),
        String(Math.trunc(amount)),
        String(Math.max(1, Math.ceil(windowMs))),
      )) as [number, number];
      return { count, resetInMs: Math.max(0, ttl) };
    });

  return {
    shared: true,
    // The writes of this connection, the only one that writes: WAIT counts the replicas that
    // have taken all of them.
    ...(replicas > 0
      ? {
          replicated: replicaWait(
            () => run(() => client.wait(replicas, waitMs)),
            replicas,
            where,
            waitMs,
          ),
        }
      : {}),
    get: (name) => run(async () => (await client.get(key(name))) ?? undefined),
    set: (name, value, ttlMs) =>
      run(async () => {
        await client.set(key(name), value, "PX", Math.max(1, Math.ceil(ttlMs)));
      }),
    setIfAbsent: (name, value, ttlMs) =>
      run(
        async () =>
          (await client.set(key(name), value, "PX", Math.max(1, Math.ceil(ttlMs)), "NX")) === "OK",
      ),
    increment: async (name, ttlMs) => (await addToCounter(name, 1, ttlMs)).count,
    addToCounter,
    addToSet: (name, member, windowMs) =>
      run(async () => {
        const window = String(Math.max(1, Math.ceil(windowMs)));
        return (await client.eval(addToSetScript, 1, key(name), member, window)) as number;
      }),
    // SREM alone is atomic, and Redis drops the set it empties.
    removeFromSet: (name, member) =>
      run(async () => {
        await client.srem(key(name), member);
      }),
    delete: (name) =>
      run(async () => {
        await client.del(key(name));
      }),
    deleteIfEqual: (name, value) =>
      run(async () => (await client.eval(deleteIfEqualScript, 1, key(name), value)) === 1),
    renewIfEqual: (name, value, ttlMs) =>
      run(
        async () =>
          (await client.eval(
            renewIfEqualScript,
            1,
            key(name),
            value,
            String(Math.max(1, Math.ceil(ttlMs))),
          )) === 1,
      ),
    publish: (channel, message) =>
      run(async () => {
        await client.publish(key(channel), message);
      }),
    subscribe: (channel, listener) => run(() => subscriptions.subscribe(key(channel), listener)),
    // A write, not a PING: a Redis out of memory (or read-only) still answers PING while it
    // refuses every order's record.
    ping: () =>
      run(async () => {
        await client.set(key("health"), "1", "PX", 5_000);
      }),
    async close() {
      closed = true;
      subscriptions.stop();
      await aSecondAtMost(Promise.allSettled([client.quit(), subscriber.quit()]));
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
