import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app";
import { adapter as sellvyAdapter } from "../../src/server/platforms/sellvy";
import { createCapturingLogger, postJson } from "../factories/sandbox-app";
import { startSellvyFake } from "../platforms/sellvy/fake-server";
import { sellvyTestSecrets } from "../platforms/sellvy/harness";
import { closedAfterEach } from "../support/closed-after-each";

/*
 * Product ids that are dot segments ("." and ".."): built into an upstream path they would ask
 * another path (the list, the API's root), whose answer fits no product and would count as the
 * platform failing, so a few anonymous requests could open the circuit for every buyer. They
 * name no product, and never reach the platform.
 */

const running = closedAfterEach();

describe("product ids that are dot segments (Sellvy, a platform read one id at a time)", () => {
  it("are products nobody has, never sent upstream, and cannot open the circuit for other buyers", async () => {
    const fake = await startSellvyFake({ secretKey: sellvyTestSecrets.secretKey });
    running.push(fake);
    const logger = createCapturingLogger();
    const platform = sellvyAdapter.create({
      secretKey: sellvyTestSecrets.secretKey,
      apiBase: fake.baseUrl,
      logger,
      upstream: { backoffMs: 1, backoffLimitMs: 1 },
    });
    const app = createApp({ platform, logger });
    for (const id of [".", "..", ".", "..", ".", "..", ".", ".."]) {
      const batch = await app.request(`/api/products?ids=${encodeURIComponent(id)}`);
      expect(batch.status).toBe(200);
      expect(await batch.json()).toMatchObject({ data: [] });
      const quote = await app.request(
        "/api/quote",
        postJson({ items: [{ productId: id, quantity: 1 }] }),
      );
      expect(quote.status).toBe(422);
    }
    const ready = (await (await app.request("/readyz")).json()) as { checks?: unknown };
    expect(JSON.stringify(ready)).not.toMatch(/open/);
    // The dot ids asked nothing of the platform; a buyer's real quote still goes through.
    expect(fake.requests.filter((request) => !/^\/v1\/products\/prod_/.test(request.path))).toEqual(
      [],
    );
    const real = await app.request(
      "/api/quote",
      postJson({ items: [{ productId: "prod_abc123", quantity: 1 }] }),
    );
    expect(real.status).toBe(200);
  });
});
