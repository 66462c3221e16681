import { waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import {
  type CheckoutModel,
  type CheckoutModelOptions,
  createCheckoutModel,
} from "../../src/widget/checkout/checkout-model";
import { createHarness, type Harness, requestsTo } from "./harness";

/*
 * The key of each order sent and not answered, kept in the tab so a reload keeps it, and shared
 * by every copy of the checkout on a page (a script tag's bundle and an app's). A copy is the
 * checkout's code loaded afresh; a reload also forgets what the page held.
 */

/** What every copy on the page shares (the files of this suite share one page: `isolate: false`). */
const shared = () => (globalThis as { [key: symbol]: { keys?: unknown } })[Symbol.for("kiosk")];
afterEach(() => {
  sessionStorage.clear();
  reload();
});

type Copy = { createCheckoutModel: (options: CheckoutModelOptions) => CheckoutModel };

/**
 * A runtime of the checkout's code. Each copy of the code on a page (a script tag's bundle and an
 * app's) holds nothing of its own: the keys are the page's (`Symbol.for("kiosk")`), which a
 * reload empties. (Loading the code afresh here would leave the other widget files, which share
 * this page, `isolate: false`, with custom elements of a copy no page runs.)
 */
async function loadCopy(): Promise<Copy> {
  return { createCheckoutModel };
}

/** The page reloaded: the keys it held are gone, what the tab keeps stays. */
function reload() {
  const page = shared();
  if (page) delete page.keys;
}

async function checkout(copy: Copy, harness: Harness, productId: string, email: string) {
  const [product] = await harness.kiosk.client.products([productId]);
  if (!product) throw new Error(`no ${productId}`);
  const model = copy.createCheckoutModel({
    client: harness.kiosk.client,
    product,
    email,
    quoteDelay: 0,
    pollInterval: 10,
    EventSource: null,
  });
  await waitFor(() => expect(model.quote.value).toBeDefined());
  return model;
}

const sentKeys = (harness: Harness) =>
  requestsTo(harness, "/orders", "POST").map((request) => request.headers.get("idempotency-key"));

describe("the keys of orders sent and not answered", () => {
  it("are the page's, whichever copy sent them: another copy's answered order keeps the first's key, and a reload finds it", async () => {
    const harness = createHarness();
    const stock = async () => (await harness.platform.getProducts(["starter-account"]))[0]?.stock;
    const before = (await stock()) ?? 0;
    const [one, two] = [await loadCopy(), await loadCopy()];
    const first = await checkout(one, harness, "starter-account", "buyer@example.com");
    // Made upstream, its answer lost.
    harness.loseNextAnswer("/orders");
    await first.submit();
    expect(first.phase.value).toBe("form");
    // Another purchase through the other copy, answered.
    const other = await checkout(two, harness, "pro-license", "buyer@example.com");
    await other.submit();
    expect(other.phase.value).toBe("paying");
    reload();
    const again = await checkout(await loadCopy(), harness, "starter-account", "buyer@example.com");
    await again.submit();
    expect(again.phase.value).toBe("paying");
    const [lost, , resent] = sentKeys(harness);
    expect(resent).toBe(lost);
    expect(await stock()).toBe(before - 1);
  });

  it("are not sent again once answered, by any copy: the same purchase again is a new order", async () => {
    const harness = createHarness();
    const page = await checkout(await loadCopy(), harness, "pro-license", "buyer@example.com");
    harness.loseNextAnswer("/orders");
    await page.submit();
    reload();
    const [one, two] = [await loadCopy(), await loadCopy()];
    const resumed = await checkout(one, harness, "pro-license", "buyer@example.com");
    await resumed.submit();
    const old = resumed.order.value as { id: string; checkoutUrl: string };
    harness.settle(old.checkoutUrl, "paid");
    await waitFor(() => expect(resumed.phase.value).toBe("done"));
    resumed.dispose();
    const again = await checkout(two, harness, "pro-license", "buyer@example.com");
    await again.submit();
    expect(again.phase.value).toBe("paying");
    expect(again.order.value?.id).not.toBe(old.id);
    // Nor by the tab: after a reload, the same purchase again is a new order too.
    reload();
    const later = await checkout(await loadCopy(), harness, "pro-license", "buyer@example.com");
    await later.submit();
    expect(later.phase.value).toBe("paying");
    expect([old.id, again.order.value?.id]).not.toContain(later.order.value?.id);
    expect(new Set(sentKeys(harness)).size).toBe(3);
  });

  it("are kept in the tab without the order: no email, no answer", async () => {
    const harness = createHarness();
    const model = await checkout(
      await loadCopy(),
      harness,
      "pro-license",
      "first.typo@example.com",
    );
    harness.dropNext("/orders");
    await model.submit();
    const kept = sessionStorage.getItem("kiosk:keys") ?? "";
    expect(Object.values(JSON.parse(kept))).toEqual(sentKeys(harness));
    expect(kept).not.toContain("example.com");
    expect(kept).not.toContain("pro-license");
  });
});
