import { describe, expect, it } from "vitest";
import { createOrderEvents } from "../../src/server/orders/order-events";
import { createMemoryStore } from "../../src/server/store/memory-store";

/**
 * Runs `work` counting the steps every Map's iterators take meanwhile: the work a loop over the
 * kept reads does, counted rather than timed.
 */
async function mapSteps(work: () => Promise<void>): Promise<number> {
  const iterator = Object.getPrototypeOf(new Map().entries()) as { next: () => unknown };
  const next = iterator.next;
  let steps = 0;
  iterator.next = function (this: unknown) {
    steps += 1;
    return next.call(this);
  };
  try {
    await work();
  } finally {
    iterator.next = next;
  }
  return steps;
}

describe("order reads shared between streams", () => {
  it("cost the same however many other orders are followed (a busy shop's streams)", async () => {
    const events = createOrderEvents(createMemoryStore());
    // One stream per buyer, each reading its own order once per poll: every read kept for the
    // poll. Going through every kept read on each one made a poll cost the square of the orders
    // (5,000 streams on 5,000 orders: over half a core of the thread that answers product reads).
    const orders = 2_000;
    const steps = await mapSteps(async () => {
      for (let order = 0; order < orders; order += 1) {
        await events.read(`order-${order}`, 60_000, async () => order);
      }
    });
    expect(events.held).toBe(orders);
    // A few steps a read, not one per order kept (about two million).
    expect(steps).toBeLessThan(orders * 5);
    // Still shared within the poll.
    await expect(events.read("order-7", 60_000, async () => -1)).resolves.toBe(7);
    await events.close();
  });

  it("drops reads older than the poll, and reads again an order whose read is old", async () => {
    let time = 0;
    const events = createOrderEvents(createMemoryStore(), { now: () => time });
    await events.read("old", 1_000, async () => "first");
    time = 500;
    await events.read("young", 1_000, async () => "first");
    time = 1_200;
    // "old" is past its poll: read again; "young" is not: shared.
    await expect(events.read("old", 1_000, async () => "second")).resolves.toBe("second");
    await expect(events.read("young", 1_000, async () => "second")).resolves.toBe("first");
    time = 1_600;
    await expect(events.read("young", 1_000, async () => "third")).resolves.toBe("third");
    await events.close();
  });
});
