import { describe, expect, it } from "vitest";
import { ProblemError } from "../../src/server/http/problem-error";
import {
  type AttemptLedger,
  type AttemptRecord,
  canonicalJson,
  runIdempotent,
  type StoredResponse,
} from "../../src/server/orders/idempotency";
import { createMemoryStore } from "../../src/server/store/memory-store";
import { writesRecorded } from "../factories/sandbox-app";

/** Work that counts its runs and answers from a list, the last answer repeating. */
function countedWork(...answers: (StoredResponse | Error)[]) {
  let runs = 0;
  const work = async (): Promise<StoredResponse> => {
    const answer = answers[Math.min(runs, answers.length - 1)];
    runs += 1;
    if (answer instanceof Error) throw answer;
    if (answer === undefined) throw new Error("no answer scripted");
    return answer;
  };
  return { work, runs: () => runs };
}

const created: StoredResponse = { status: 201, body: { orderId: "ord_1" } };

async function problemOf(call: Promise<unknown>): Promise<ProblemError> {
  const error = await call.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProblemError);
  return error as ProblemError;
}

describe("canonicalJson", () => {
  it("sorts keys at every depth, keeps array order and leaves out undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: undefined, b: "x" } })).toBe(
      '{"a":{"b":"x","d":[3,1]},"b":1}',
    );
    expect(canonicalJson([{ b: 1, a: 2 }, null, "s"])).toBe('[{"a":2,"b":1},null,"s"]');
  });
});

describe("runIdempotent", () => {
  it("runs the work once per key and replays its answer", async () => {
    const store = createMemoryStore();
    const { work, runs } = countedWork(created, { status: 201, body: { orderId: "ord_2" } });
    expect(await runIdempotent(store, "key-1", { a: 1, b: 2 }, work)).toEqual(created);
    expect(await runIdempotent(store, "key-1", { b: 2, a: 1 }, work)).toEqual(created);
    expect(runs()).toBe(1);
    expect(await runIdempotent(store, "key-2", { a: 1, b: 2 }, work)).toEqual({
      status: 201,
      body: { orderId: "ord_2" },
    });
    expect(runs()).toBe(2);
  });

  it("refuses the same key with another body", async () => {
    const store = createMemoryStore();
    const { work, runs } = countedWork(created);
    await runIdempotent(store, "key-1", { quantity: 1 }, work);
    const problem = await problemOf(runIdempotent(store, "key-1", { quantity: 2 }, work));
    expect(problem.status).toBe(409);
    expect(problem.message).toMatch(/another request body/);
    expect(runs()).toBe(1);
  });

  it("keeps any answer the work returns, and after a throw hands the next run the record left", async () => {
    const store = createMemoryStore();
    const refused: StoredResponse = { status: 502, body: { type: "upstream_unavailable" } };
    const { work, runs } = countedWork(refused);
    expect(await runIdempotent(store, "key-1", {}, work)).toEqual(refused);
    expect(await runIdempotent(store, "key-1", {}, work)).toEqual(refused);
    expect(runs()).toBe(1);

    const seen: (AttemptRecord | undefined)[] = [];
    const step = async (record: AttemptRecord | undefined, ledger: AttemptLedger) => {
      seen.push(record);
      if (record === undefined) {
        await ledger.write({
          state: "unknown",
          fingerprint: ledger.fingerprint,
          sent: { sentAt: 1, total: { amount: 100, currency: "USD" } },
        });
        throw new Error("no answer from the platform");
      }
      return created;
    };
    await expect(runIdempotent(store, "key-2", {}, step)).rejects.toThrow("no answer");
    expect(await runIdempotent(store, "key-2", {}, step)).toEqual(created);
    expect(seen.map((record) => record?.state)).toEqual([undefined, "unknown"]);
  });

  it("runs the work again after a throw that cleared the record", async () => {
    const store = createMemoryStore();
    const { work, runs } = countedWork(new Error("upstream down"), created);
    await expect(runIdempotent(store, "key-1", {}, work)).rejects.toThrow("upstream down");
    expect(await runIdempotent(store, "key-1", {}, work)).toEqual(created);
    expect(runs()).toBe(2);
  });

  it("gives a request that arrives during the first one the first one's answer", async () => {
    const memory = createMemoryStore();
    let finish: (response: StoredResponse) => void = () => {};
    let started: () => void = () => {};
    const workStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    let runs = 0;
    const work = () => {
      runs += 1;
      started();
      return new Promise<StoredResponse>((resolve) => {
        finish = resolve;
      });
    };
    const first = runIdempotent(memory, "key-1", { a: 1 }, work);
    await workStarted;
    // The second request has looked at the key (and found the first one at work) before it ends.
    let polled: () => void = () => {};
    const secondPolled = new Promise<void>((resolve) => {
      polled = resolve;
    });
    const store = {
      ...memory,
      get: async (key: string) => {
        const value = await memory.get(key);
        polled();
        return value;
      },
    };
    const second = runIdempotent(store, "key-1", { a: 1 }, work);
    await secondPolled;
    finish(created);
    expect(await first).toEqual(created);
    expect(await second).toEqual(created);
    expect(runs).toBe(1);
  });

  it("answers 409 when the first request is still running after the wait", async () => {
    const store = createMemoryStore();
    // The second request comes once the first has claimed the key and is running.
    let running: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      running = resolve;
    });
    const first = runIdempotent(store, "key-1", {}, () => {
      running();
      return new Promise<StoredResponse>(() => {});
    });
    await started;
    const problem = await problemOf(
      runIdempotent(store, "key-1", {}, async () => created, { waitMs: 0 }),
    );
    expect(problem.status).toBe(409);
    expect(problem.message).toMatch(/in progress/);
    void first;
  });

  it("keeps the key for a holder that is still working, however long the platform takes", async () => {
    const store = createMemoryStore();
    let finish: (response: StoredResponse) => void = () => {};
    const { work, runs } = countedWork(created);
    const first = runIdempotent(
      store,
      "key-1",
      {},
      () => new Promise<StoredResponse>((resolve) => (finish = resolve)),
      { lockMs: 200 },
    );
    // Five times the lock's life later, the first holder still holds the key: renewed, not lost.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const problem = await problemOf(
      runIdempotent(store, "key-1", {}, work, { lockMs: 200, waitMs: 100 }),
    );
    expect(problem.status).toBe(409);
    expect(runs()).toBe(0);
    finish(created);
    expect(await first).toEqual(created);
    // Answered and unlocked: the key replays.
    expect(await runIdempotent(store, "key-1", {}, work, { lockMs: 200 })).toEqual(created);
    expect(runs()).toBe(0);
  });

  it("frees the key of a holder that stopped (an instance stopped mid-order) within 10 s", async () => {
    let clock = 0;
    const store = createMemoryStore({ now: () => clock });
    // A holder whose process is gone: its renewals never reach the store.
    let gone = false;
    const goneStore = {
      ...store,
      renewIfEqual: (key: string, value: string, ttlMs: number) =>
        gone && key.startsWith("idempotency-lock:")
          ? Promise.resolve(false)
          : store.renewIfEqual(key, value, ttlMs),
    };
    // The holder has the key once its work runs; then its process goes.
    await new Promise<void>((holding) => {
      void runIdempotent(goneStore, "key-1", {}, () => {
        holding();
        return new Promise<StoredResponse>(() => {});
      });
    });
    gone = true;
    clock = 10_000;
    const { work, runs } = countedWork(created);
    expect(await runIdempotent(store, "key-1", {}, work, { waitMs: 1000 })).toEqual(created);
    expect(runs()).toBe(1);
  });

  it("never lets a holder that lost the key while it priced send a create once another holder has", async () => {
    const store = createMemoryStore();
    // The first holder is cut off from the store (or stalls): its renewals never land.
    const cutOff = {
      ...store,
      renewIfEqual: () => Promise.resolve(false),
    };
    const sent: string[] = [];
    const sending: AttemptRecord = {
      state: "sending",
      fingerprint: "",
      sent: { sentAt: 0, total: { amount: 100, currency: "USD" } },
    };
    const create = (who: string) => async (_record: unknown, ledger: AttemptLedger) => {
      await ledger.write({ ...sending, fingerprint: ledger.fingerprint });
      sent.push(who);
      return created;
    };
    let priced: () => void = () => {};
    const pricing = new Promise<void>((resolve) => {
      priced = resolve;
    });
    const first = runIdempotent(
      cutOff,
      "key-1",
      {},
      async (record, ledger) => {
        await pricing;
        return create("first")(record, ledger);
      },
      { lockMs: 60 },
    );
    // The lock outlives its holder's silence by 60 ms; then a retry takes the key and orders.
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await runIdempotent(store, "key-1", {}, create("second"), { lockMs: 60 })).toEqual(
      created,
    );
    priced();
    const late = await problemOf(first);
    expect(late.status).toBe(409);
    expect(sent).toEqual(["second"]);
    // The key's answer is the one order's.
    expect(
      await runIdempotent(store, "key-1", {}, () => Promise.reject(new Error("not run"))),
    ).toEqual(created);
  });

  it("never lets a holder that lost the key clear a record another holder wrote since it read it", async () => {
    const store = createMemoryStore();
    const cutOff = { ...store, renewIfEqual: () => Promise.resolve(false) };
    const sending = (ledger: AttemptLedger): AttemptRecord => ({
      state: "sending",
      fingerprint: ledger.fingerprint,
      sent: { sentAt: 0, total: { amount: 100, currency: "USD" } },
    });
    // An earlier attempt was cut off mid-call: its record says it was sent.
    await expect(
      runIdempotent(store, "key-1", {}, async (_record, ledger) => {
        await ledger.write(sending(ledger));
        throw new Error("cut off");
      }),
    ).rejects.toThrow("cut off");
    const sent: string[] = [];
    // Each holder asks the platform, finds nothing, clears the record it read and sends.
    const lookUpThenCreate =
      (who: string, first?: Promise<void>) =>
      async (record: AttemptRecord | undefined, ledger: AttemptLedger) => {
        expect(record?.state).toBe("sending");
        await first;
        await ledger.clear();
        await ledger.write(sending(ledger));
        sent.push(who);
        return created;
      };
    let looked: () => void = () => {};
    const lookup = new Promise<void>((resolve) => {
      looked = resolve;
    });
    const first = runIdempotent(cutOff, "key-1", {}, lookUpThenCreate("first", lookup), {
      lockMs: 60,
    });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(
      await runIdempotent(store, "key-1", {}, lookUpThenCreate("second"), { lockMs: 60 }),
    ).toEqual(created);
    // The first's lookup ends now: the record it read is gone, and the second's answer is there.
    looked();
    expect((await problemOf(first)).status).toBe(409);
    expect(sent).toEqual(["second"]);
  });

  it("lets go of its own lock only: a holder that lost the key never frees it for a third while a second works", async () => {
    const store = createMemoryStore();
    const cutOff = { ...store, renewIfEqual: () => Promise.resolve(false) };
    let stopFirst: (error: Error) => void = () => {};
    const first = runIdempotent(
      cutOff,
      "key-1",
      {},
      () =>
        new Promise<StoredResponse>((_, reject) => {
          stopFirst = reject;
        }),
      { lockMs: 600 },
    );
    // The first holder's lock has run out (its renewals never reached the store). Locks long
    // enough that a busy machine's late renewal cannot let the second's run out meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 700));
    // A second holder takes the key and works on.
    let finishSecond: (response: StoredResponse) => void = () => {};
    const second = runIdempotent(
      store,
      "key-1",
      {},
      () =>
        new Promise<StoredResponse>((resolve) => {
          finishSecond = resolve;
        }),
      { lockMs: 600 },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The first one's work ends (it failed): it lets go of nothing of the second's.
    stopFirst(new Error("priced too late"));
    await first.catch(() => {});
    const { work, runs } = countedWork(created);
    const third = runIdempotent(store, "key-1", {}, work, { lockMs: 600, waitMs: 100 });
    expect((await problemOf(third)).status).toBe(409);
    expect(runs()).toBe(0);
    finishSecond(created);
    expect(await second).toEqual(created);
  });

  it("forgets an answer after its time to live", async () => {
    let clock = 0;
    const store = createMemoryStore({ now: () => clock });
    const { work, runs } = countedWork(created);
    await runIdempotent(store, "key-1", {}, work, { ttlMs: 1000 });
    clock = 999;
    await runIdempotent(store, "key-1", {}, work, { ttlMs: 1000 });
    expect(runs()).toBe(1);
    clock = 1000;
    await runIdempotent(store, "key-1", {}, work, { ttlMs: 1000 });
    expect(runs()).toBe(2);
  });

  it("stores neither the key nor the body as given", async () => {
    const { store, written } = writesRecorded();
    const answer: StoredResponse = {
      status: 201,
      body: { id: "ord_1", token: "the-buyers-order-token" },
    };
    await runIdempotent(store, "buyer-key-123", { email: "buyer@example.com" }, async () => answer);
    // The answer holds the buyer's order token: a store read by someone else hands out no order.
    expect(written.join(" ")).not.toMatch(
      /buyer-key-123|buyer@example\.com|the-buyers-order-token/,
    );
    const replayed = await runIdempotent(
      store,
      "buyer-key-123",
      { email: "buyer@example.com" },
      () => Promise.reject(new Error("replayed, not run")),
    );
    expect(replayed).toEqual(answer);
  });

  it("reads an answer a record holds as it was kept before answers were sealed", async () => {
    const memory = createMemoryStore();
    const recordKeys: string[] = [];
    const store = {
      ...memory,
      set: async (key: string, value: string, ttlMs: number) => {
        if (key.startsWith("idempotency:")) recordKeys.push(key);
        return memory.set(key, value, ttlMs);
      },
    };
    const body = { email: "buyer@example.com" };
    await runIdempotent(store, "key-1", body, async () => ({ status: 500, body: {} }));
    const recordKey = recordKeys[0] ?? "";
    const record = JSON.parse((await store.get(recordKey)) ?? "{}") as { fingerprint: string };
    await store.set(
      recordKey,
      JSON.stringify({ state: "answered", fingerprint: record.fingerprint, response: created }),
      60_000,
    );
    expect(
      await runIdempotent(store, "key-1", body, () => Promise.reject(new Error("not run"))),
    ).toEqual(created);
  });
});
