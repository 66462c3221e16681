import { describe, expect, it } from "vitest";
import { ProblemError } from "../../src/server/http/problem-error";
import {
  canonicalJson,
  runIdempotent,
  type StoredResponse,
} from "../../src/server/orders/idempotency";
import { createMemoryStore } from "../../src/server/store/key-value-store";

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

  it("keeps no failed answer: the same key runs the work again", async () => {
    const store = createMemoryStore();
    const refused: StoredResponse = { status: 422, body: { type: "unprocessable" } };
    const { work, runs } = countedWork(refused, new Error("upstream down"), created);
    expect(await runIdempotent(store, "key-1", {}, work)).toEqual(refused);
    await expect(runIdempotent(store, "key-1", {}, work)).rejects.toThrow("upstream down");
    expect(await runIdempotent(store, "key-1", {}, work)).toEqual(created);
    expect(await runIdempotent(store, "key-1", {}, work)).toEqual(created);
    expect(runs()).toBe(3);
  });

  it("gives a request that arrives during the first one the first one's answer", async () => {
    const memory = createMemoryStore();
    // The second request reads the key only once it found the first one's mark on it.
    let secondWaits: () => void = () => {};
    const waiting = new Promise<void>((resolve) => {
      secondWaits = resolve;
    });
    const store = {
      ...memory,
      get: async (key: string) => {
        const value = await memory.get(key);
        secondWaits();
        return value;
      },
    };
    let finish: (response: StoredResponse) => void = () => {};
    let runs = 0;
    const work = () => {
      runs += 1;
      return new Promise<StoredResponse>((resolve) => {
        finish = resolve;
      });
    };
    const first = runIdempotent(store, "key-1", { a: 1 }, work);
    const second = runIdempotent(store, "key-1", { a: 1 }, work);
    await waiting;
    finish(created);
    expect(await first).toEqual(created);
    expect(await second).toEqual(created);
    expect(runs).toBe(1);
  });

  it("answers 409 when the first request is still running after the wait", async () => {
    const store = createMemoryStore();
    const first = runIdempotent(store, "key-1", {}, () => new Promise<StoredResponse>(() => {}));
    const problem = await problemOf(
      runIdempotent(store, "key-1", {}, async () => created, { waitMs: 0 }),
    );
    expect(problem.status).toBe(409);
    expect(problem.message).toMatch(/in progress/);
    void first;
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
    const written: string[] = [];
    const memory = createMemoryStore();
    const store = {
      ...memory,
      set: async (key: string, value: string, ttlMs: number) => {
        written.push(key, value);
        return memory.set(key, value, ttlMs);
      },
      setIfAbsent: async (key: string, value: string, ttlMs: number) => {
        written.push(key, value);
        return memory.setIfAbsent(key, value, ttlMs);
      },
    };
    await runIdempotent(
      store,
      "buyer-key-123",
      { email: "buyer@example.com" },
      async () => created,
    );
    expect(written.join(" ")).not.toMatch(/buyer-key-123|buyer@example\.com/);
  });
});
