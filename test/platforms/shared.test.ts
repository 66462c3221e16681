import { describe, expect, it } from "vitest";
import { z } from "zod";
import { sameCouponCode } from "../../src/core";
import type { CatalogProduct } from "../../src/server/platforms/platform";
import {
  couponList,
  eachCoupon,
  findListedCoupon,
} from "../../src/server/platforms/shared/coupon-list";
import { everyPage } from "../../src/server/platforms/shared/every-page";
import { keyFormatProblem, modeOfKey } from "../../src/server/platforms/shared/key-mode";
import { bothSettled, mapLimit } from "../../src/server/platforms/shared/map-limit";
import { createRememberedLines } from "../../src/server/platforms/shared/remembered-lines";
import { searchLocally } from "../../src/server/platforms/shared/search-locally";
import { createSharedListing } from "../../src/server/platforms/shared/shared-listing";
import { UpstreamError } from "../../src/server/platforms/upstream/upstream-error";
import { silentLogger } from "../../src/server/runtime/logger";
import { createMemoryStore } from "../../src/server/store/memory-store";
import { createCapturingLogger } from "../factories/sandbox-app";

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Lets every queued callback run, so "has it settled yet" has a definite answer. */
const flush = () => new Promise((done) => setImmediate(done));

function settledFlag(promise: Promise<unknown>) {
  const state = { settled: false };
  promise.then(
    () => {
      state.settled = true;
    },
    () => {
      state.settled = true;
    },
  );
  return state;
}

describe("reads in parallel never leave one running behind a failure", () => {
  it("bothSettled throws the failure only once the other read has settled", async () => {
    const other = deferred<string>();
    const result = bothSettled(Promise.reject(new Error("first failed")), other.promise);
    const state = settledFlag(result);
    await flush();
    expect(state.settled).toBe(false);
    other.resolve("late");
    await expect(result).rejects.toThrow("first failed");
  });

  it("mapLimit starts nothing after a failure and waits for the calls in flight", async () => {
    const slow = deferred<number>();
    const started: number[] = [];
    const result = mapLimit([1, 2, 3, 4], 2, async (item) => {
      started.push(item);
      if (item === 1) throw new Error("one failed");
      return item === 2 ? slow.promise : item;
    });
    const state = settledFlag(result);
    await flush();
    expect(state.settled).toBe(false);
    slow.resolve(2);
    await expect(result).rejects.toThrow("one failed");
    expect(started).toEqual([1, 2]);
  });

  it("mapLimit keeps the input's order with at most `limit` calls in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const result = await mapLimit([3, 1, 2, 5, 4], 2, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await flush();
      inFlight -= 1;
      return item * 10;
    });
    expect(result).toEqual([30, 10, 20, 50, 40]);
    expect(most).toBe(2);
  });
});

describe("local search", () => {
  const product = (fields: Partial<CatalogProduct> & { id: string }): CatalogProduct => ({
    name: fields.id,
    type: "license_key",
    description: "",
    images: [],
    price: { amount: 100, currency: "USD" },
    variants: [],
    stock: null,
    available: true,
    quantity: { min: 1, max: null },
    customFields: [],
    visible: true,
    ...fields,
  });
  const catalog = [
    product({ id: "a", name: "Steam Key", category: "Games" }),
    product({ id: "b", slug: "steam-wallet" }),
    product({ id: "c", description: "Works on **Steam** too" }),
    product({ id: "d", name: "Steam Hidden", visible: false }),
    product({ id: "e", name: "Office" }),
  ];
  const ids = (query: { search?: string; category?: string }) =>
    searchLocally(catalog, { page: 1, limit: 10, ...query }).data.map((item) => item.id);

  it("matches name, slug and description in any case, and never a hidden product", () => {
    expect(ids({ search: " sTeAm " })).toEqual(["a", "b", "c"]);
    expect(ids({})).toEqual(["a", "b", "c", "e"]);
  });

  it("matches a category in any case; a product without one matches none", () => {
    expect(ids({ category: "games" })).toEqual(["a"]);
    expect(ids({ category: "music" })).toEqual([]);
  });

  it("pages what matched", () => {
    expect(searchLocally(catalog, { page: 2, limit: 3 })).toMatchObject({ page: 2, pageCount: 2 });
  });
});

describe("keys", () => {
  const strict = { live: "sk_live_", test: "sk_test_", strict: true };

  it("reads test or live from the key's prefix", () => {
    expect(modeOfKey("sk_test_1", strict)).toBe("test");
    expect(modeOfKey("sk_live_1", strict)).toBe("live");
    expect(modeOfKey("anything", undefined)).toBe("live");
  });

  it("names what a strict format expects, and nothing for a loose one", () => {
    expect(keyFormatProblem("pk_1", strict)).toBe("must start with sk_live_ or sk_test_");
    expect(keyFormatProblem("sk_test_1", strict)).toBeUndefined();
    expect(keyFormatProblem("pk_1", { ...strict, strict: false })).toBeUndefined();
  });
});

describe("every page of a list", () => {
  it("reads to the last page, and a list past the bound is an unknown, never a shorter list", async () => {
    const read: number[] = [];
    const three = await everyPage("testshop", 5, async (page) => {
      read.push(page);
      return { items: [page], last: page === 3 };
    });
    expect(three).toEqual([1, 2, 3]);
    expect(read).toEqual([1, 2, 3]);

    const endless = everyPage("testshop", 5, async (page) => ({ items: [page], last: false }));
    const error = await endless.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ failure: "unavailable", notSent: false });
  });
});

describe("a listing shared by the lookups of a short period", () => {
  function listing(reuseMs: number) {
    let clock = 1_000;
    const reads: number[] = [];
    let failNext = false;
    const shared = createSharedListing(
      async (page) => {
        reads.push(page);
        if (failNext) {
          failNext = false;
          throw new UpstreamError("unavailable", "down", { retryAfter: 1 });
        }
        return { items: [`item-${page}`], last: page === 3 };
      },
      reuseMs,
      () => clock,
    );
    return {
      shared,
      reads,
      advance: (ms: number) => {
        clock += ms;
      },
      failOnce: () => {
        failNext = true;
      },
    };
  }

  it("reads each page once for concurrent and recent lookups, and only the pages asked for", async () => {
    const { shared, reads, advance } = listing(2_000);
    const first = shared.scan();
    await Promise.all([first.page(1), shared.scan().page(1), shared.scan().page(2)]);
    advance(1_999);
    expect(shared.scan()).toBe(first);
    expect((await shared.scan().page(2)).items).toEqual(["item-2"]);
    expect(reads).toEqual([1, 2]);
  });

  it("lists again once the period is over, after a clear, and after a failed page", async () => {
    const { shared, reads, advance, failOnce } = listing(2_000);
    await shared.scan().page(1);
    advance(2_000);
    await shared.scan().page(1);
    shared.clear();
    await shared.scan().page(1);
    failOnce();
    await expect(shared.scan().page(2)).rejects.toThrow("down");
    await shared.scan().page(2);
    expect(reads).toEqual([1, 1, 1, 2, 2]);
  });
});

describe("remembered order lines", () => {
  const day = 24 * 60 * 60 * 1000;

  it("are kept for each platform apart, for as long as the buyer's order token", async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    const options = { store, logger: silentLogger };
    const lines = z.array(z.object({ productId: z.string() }));
    const sellvy = createRememberedLines("sellvy", lines, options);
    const sx = createRememberedLines("sx", lines, options);
    await sellvy.set("ord_1", [{ productId: "a" }]);
    await sx.set("ord_1", [{ productId: "b" }]);
    expect(await store.get("order-lines:sellvy:ord_1")).toBe('[{"productId":"a"}]');
    now += 90 * day - 1;
    expect([await sellvy.get("ord_1"), await sx.get("ord_1")]).toEqual([
      [{ productId: "a" }],
      [{ productId: "b" }],
    ]);
    now += 1;
    expect(await sellvy.get("ord_1")).toBeUndefined();
  });
});

describe("a coupon list read one coupon at a time", () => {
  const schema = eachCoupon(z.object({ code: z.string().min(1), value: z.number().nonnegative() }));
  const find = (read: readonly { code: string }[], code: string) =>
    read.find((coupon) => sameCouponCode(coupon.code, code));
  const logger = createCapturingLogger();

  it("names a coupon set aside by its place in the whole list, never by an id that spells its code", () => {
    const first = schema.parse([
      { code: "A", value: 1 },
      { code: "B", value: -1 },
    ]);
    const second = schema.parse([
      { id: "b2", code: "SECRET", value: -1 },
      { id: 7, code: "C", value: -5 },
    ]);
    const list = couponList("fake", logger, [first, second]);
    expect(list.read.map((coupon) => coupon.code)).toEqual(["A"]);
    expect(list.unread.map((entry) => entry.ref)).toEqual([
      { couponIndex: 1 },
      { couponId: "b2" },
      { couponId: "7" },
    ]);
    const keyedByCode = couponList("fake", logger, [
      schema.parse([{ id: "secret", code: "SECRET", value: -1 }]),
    ]);
    expect(keyedByCode.unread[0]?.ref).toEqual({ couponIndex: 0 });
    expect(logger.lines.join("\n")).not.toMatch(/secret/i);
  });

  it("cannot say a code is not found while a coupon whose code it cannot read may be it", () => {
    const list = couponList("fake", logger, [
      schema.parse([{ code: "GOOD", value: 10 }, { code: 42, value: 5 }, { value: 5 }]),
    ]);
    expect(findListedCoupon("fake", logger, list, "good", find)?.code).toBe("GOOD");
    // A number where the code should be is still compared as the code it spells.
    expect(() => findListedCoupon("fake", logger, list, "42", find)).toThrow(UpstreamError);
    expect(() => findListedCoupon("fake", logger, list, "OTHER", find)).toThrow(UpstreamError);
    const coded = couponList("fake", logger, [schema.parse([{ code: "BAD", value: -1 }])]);
    expect(findListedCoupon("fake", logger, coded, "OTHER", find)).toBeUndefined();
    expect(() => findListedCoupon("fake", logger, coded, " bad ", find)).toThrow(
      expect.objectContaining({ failure: "unavailable", unreadable: true }),
    );
  });

  it("keeps the list's array strict", () => {
    expect(schema.safeParse({ data: [] }).success).toBe(false);
  });
});
