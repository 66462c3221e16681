import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createdOrderSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { nodeFiles } from "../../src/server/runtime/node-files";
import { createMemoryStore } from "../../src/server/store/memory-store";
import {
  type FuzzRequest,
  type Known,
  requests,
  toRequest,
} from "../factories/request-arbitraries";
import { createCapturingLogger, demoCatalog, newKey, postJson } from "../factories/sandbox-app";
import { astrosellHarness } from "../platforms/astrosell/harness";
import type { StartedHarness } from "../platforms/harness";
import { sellsnHarness } from "../platforms/sellsn/harness";
import { sellsteinHarness } from "../platforms/sellstein/harness";
import { sellvyHarness } from "../platforms/sellvy/harness";
import { sxHarness } from "../platforms/sx/harness";

/**
 * Every route, fed generated methods, paths, queries, headers and bodies: none may answer 5xx.
 * `FUZZ_RUNS` raises the run count for a longer search; the default keeps this to seconds.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 800);
/** `FUZZ_SEED` replays a run; each run prints the seed it used. */
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

type App = ReturnType<typeof createApp>;

/** Sends every generated request; returns each one that got a 5xx (empty means none). */
async function fuzz(app: App, arbitrary: fc.Arbitrary<FuzzRequest>, numRuns: number) {
  const failures: { status: number; request: FuzzRequest }[] = [];
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (request) => {
      const built = toRequest(request);
      if (!built) return;
      sent += 1;
      const response = await app.fetch(built);
      // Streams (a valid order's events) are left unread; everything else is read to the end.
      if (response.headers.get("content-type")?.includes("text/event-stream")) {
        await response.body?.cancel();
      } else {
        await response.arrayBuffer();
      }
      if (response.status >= 500) failures.push({ status: response.status, request });
    }),
    { numRuns, seed },
  );
  return { sent, failures };
}

/** Creates a real order through `app`, then names it (and its token) among the known values. */
async function knownOf(
  app: App,
  products: string[],
  platform: string,
  item: { productId: string; quantity: number },
  signWebhook?: (body: string) => Record<string, string>,
): Promise<Known> {
  const response = await app.request(
    "/api/orders",
    postJson({ items: [item], email: "buyer@example.com" }, newKey()),
  );
  const parsed = createdOrderSchema.safeParse(await response.json());
  // A platform that makes no orders (or no payment link) still has its routes fuzzed.
  const created = parsed.success
    ? parsed.data
    : { id: "ord_missing", token: "none", checkoutUrl: "http://127.0.0.1/none" };
  const payToken = created.checkoutUrl
    ? (new URL(created.checkoutUrl, "http://127.0.0.1").searchParams.get("token") ?? "")
    : "";
  return {
    products,
    orders: [created.id, `${created.id}?token=${payToken}`, `${created.id}?token=${created.token}`],
    platform,
    orderPaths: [
      `/api/orders/${created.id}`,
      `/api/orders/${created.id}/events?token=${created.token}`,
      `/api/orders/${created.id}/events`,
    ],
    authorizations: [`Bearer ${created.token}`, `bearer ${created.token}`, "Bearer x", ""],
    ...(signWebhook ? { signWebhook } : {}),
  };
}

function report(name: string, result: Awaited<ReturnType<typeof fuzz>>) {
  // One line per run, so a longer search (`FUZZ_RUNS=4000`) can be read off the output.
  console.info(
    `${name} (FUZZ_SEED=${seed}): ${result.sent} requests, ${result.failures.length} answered 5xx`,
  );
  expect(result.failures.slice(0, 5)).toEqual([]);
}

describe("no generated request gets a 5xx", () => {
  it("on the sandbox app, every route", async () => {
    const widgetDir = mkdtempSync(join(tmpdir(), "kiosk-fuzz-"));
    mkdirSync(join(widgetDir, "chunks"));
    mkdirSync(join(widgetDir, "demo"));
    for (const file of [
      "embed.js",
      "kiosk.js",
      "index.html",
      "chunks/chunk-abc.js",
      "demo/style.css",
    ])
      writeFileSync(join(widgetDir, file), "/* fuzz */");
    const catalog = demoCatalog();
    const app = createApp({
      platform: createSandboxPlatform(catalog, { orderTtlMs: 60_000 }),
      store: createMemoryStore(),
      logger: createCapturingLogger(),
      widgetDir,
      demoDir: widgetDir,
      files: nodeFiles,
      orderStreamMs: 50,
      orderPollMs: 10,
    });
    const known = await knownOf(
      app,
      catalog.products.map((product) => product.id),
      "sandbox",
      { productId: "setup-call", quantity: 1 },
    );
    try {
      report("sandbox", await fuzz(app, requests(known), runs));
    } finally {
      rmSync(widgetDir, { recursive: true, force: true });
    }
  }, 60_000);

  // Each adapter behind the proxy, against its fake platform on loopback; webhooks signed as it signs them.
  describe.each([sxHarness, sellsnHarness, sellvyHarness, sellsteinHarness, astrosellHarness])(
    "on the $id adapter against its fake",
    (harness) => {
      let started: StartedHarness;
      beforeAll(async () => {
        started = await harness.start();
      });
      afterAll(() => started.close());

      it("every route, webhooks included", async () => {
        const app = createApp({
          platform: started.platform,
          store: createMemoryStore(),
          logger: createCapturingLogger(),
          orderStreamMs: 50,
          orderPollMs: 10,
        });
        const known = await knownOf(
          app,
          [...started.fixtures.visibleProductIds],
          harness.id,
          started.fixtures.purchasable,
          (raw) => started.signWebhook(raw),
        );
        report(harness.id, await fuzz(app, requests(known), Math.ceil(runs / 4)));
      }, 60_000);
    },
  );
});
