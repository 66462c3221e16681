import { type Signal, signal } from "@preact/signals-core";
import type { Product } from "../core/types";
import type { KioskClient } from "./client";
import { KioskError } from "./kiosk-error";
import { isBatch } from "./product-guard";
import type { ProblemKind } from "./strings";

/** Where one product's data stands. */
export type ProductState =
  | { readonly status: "loading" }
  | { readonly status: "ready"; readonly product: Product }
  | { readonly status: "missing" }
  | {
      readonly status: "error";
      readonly kind: ProblemKind;
      /**
       * Whether this card says the failure aloud (an alert): the page's products fail together,
       * and a screen reader should hear it once, not once a card.
       */
      readonly aloud: boolean;
    };

/** A product request sent before the store existed: the ids it names and its answer. */
export interface Prefetched {
  readonly ids: readonly string[];
  readonly answer: Promise<Response>;
  /** The answer's JSON, once the sender has read it. */
  body?: unknown;
}

/** The products on a page, each as a signal, loaded in batches. */
export interface ProductStore {
  /** The product's state; asking for an unknown id schedules it into the next batch. */
  get(id: string): Signal<ProductState>;
  /** Records a product that arrived another way (a storefront page). */
  put(product: Product): void;
  /**
   * Asks again, in one request, for every product whose last load failed: a page's products
   * fail together (they come in one request), so one card's Try again brings them all back.
   */
  retry(): void;
  /**
   * Takes over a request already sent: a batch of the ids it names is served from its answer, or
   * at once from its body when that is read already.
   */
  seed(prefetched: Prefetched): void;
}

/** The contract's largest `ids` batch. */
const batchSize = 100;

/**
 * Every id asked for in the same task goes out in one `GET /products?ids=…`, however many
 * cards and buy buttons ask, so a page with ten cards makes one request.
 */
export function createProductStore(client: KioskClient): ProductStore {
  const entries = new Map<string, Signal<ProductState>>();
  let pending = new Set<string>();
  let seeded: Prefetched | undefined;
  /** Whether a failure was said aloud since the last Try again. */
  let told = false;

  const schedule = (id: string) => {
    if (pending.size === 0) queueMicrotask(flush);
    pending.add(id);
  };

  const flush = () => {
    const ids = [...pending];
    pending = new Set();
    for (let start = 0; start < ids.length; start += batchSize) {
      void load(ids.slice(start, start + batchSize));
    }
  };

  const load = async (ids: string[]) => {
    const early = seeded && ids.every((id) => seeded?.ids.includes(id)) ? seeded : undefined;
    if (early) seeded = undefined;
    try {
      // Read already: settled in this task, before any card draws (the ids it lacks too).
      const body = early?.body;
      const products = isBatch(body) ? body.data : await client.products(ids, early?.answer);
      for (const product of products) put(product);
      for (const id of ids) {
        const entry = entries.get(id);
        if (entry?.value.status === "loading") entry.value = { status: "missing" };
      }
    } catch (error) {
      const kind = error instanceof KioskError ? error.kind : "network";
      for (const id of ids) {
        const entry = entries.get(id);
        // A product that came meanwhile another way (a storefront's page, a read after an order)
        // stays: the failure is this request's, not the product's.
        if (entry?.value.status !== "loading") continue;
        entry.value = { status: "error", kind, aloud: !told };
        told = true;
      }
    }
  };

  const put = (product: Product) => {
    const state: ProductState = { status: "ready", product };
    const entry = entries.get(product.id);
    const was = entry?.value;
    // The same product read again changes nothing: no card draws again, and a checkout that
    // asks again for what a new product costs (after a refusal, which re-reads it) is not asked.
    if (was?.status === "ready" && JSON.stringify(was.product) === JSON.stringify(product)) return;
    if (entry) entry.value = state;
    else entries.set(product.id, signal(state));
  };

  return {
    get(id) {
      let entry = entries.get(id);
      if (!entry) {
        entry = signal<ProductState>({ status: "loading" });
        entries.set(id, entry);
        // An element whose id is not there yet (a page still rendering its data) waits for one.
        if (id) schedule(id);
      }
      return entry;
    },
    put,
    seed(prefetched) {
      seeded = prefetched;
      // Read already: its products are ready before any card renders (the ids it lacks are
      // still settled from the answer, with no request of their own).
      if (isBatch(prefetched.body)) prefetched.body.data.forEach(put);
    },
    retry() {
      told = false;
      for (const [id, entry] of entries) {
        if (entry.value.status !== "error") continue;
        entry.value = { status: "loading" };
        schedule(id);
      }
    },
  };
}
