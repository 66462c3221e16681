import { expect, it } from "vitest";
import { createApp } from "../../src/server/app";
import { createPlatform as createSxPlatform } from "../../src/server/platforms/sx";
import { createCapturingLogger } from "../factories/sandbox-app";
import { seedProducts } from "../platforms/sx/fake-data";
import { startSxFake } from "../platforms/sx/fake-server";
import { closedAfterEach } from "../support/closed-after-each";
import { startFaultProxy } from "../support/fault-proxy";

/*
 * The read cache's room goes to answers only: reads still under way wait beside it, so a burst of
 * cold products larger than the cache cannot push out the warm ones while the platform is slow.
 */

const running = closedAfterEach();

const turn = () => new Promise((resolve) => setImmediate(resolve));

it("answers warm products from the cache while a burst of cold ones larger than it is under way", async () => {
  const secretKey = "sx_test_read_cache_room_0123";
  const [model] = seedProducts();
  if (!model) throw new Error("no seed product");
  const cold = Array.from({ length: 20 }, (_, i) => ({ ...model, id: `prod_cold_${i}` }));
  const fake = await startSxFake({ secretKey, products: [...seedProducts(), ...cold] });
  running.push(fake);
  const proxy = await startFaultProxy(fake.url);
  running.push(proxy);
  const logger = createCapturingLogger();
  const platform = createSxPlatform({ secretKey, apiBase: proxy.url, logger });
  const app = createApp({ platform, logger, resilience: { maxEntries: 8 } });

  const warm = ["prod_01J2PVQR41", "prod_01J2PVQS6X"];
  const warmRoute = { method: "GET", path: new RegExp(`/products/(${warm.join("|")})$`) };
  for (const id of warm) expect((await app.request(`/api/products/${id}`)).status).toBe(200);
  expect(proxy.seen(warmRoute)).toBe(warm.length);

  // The platform holds every cold answer until the warm ones have been read again.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const coldRoute = { method: "GET", path: /\/products\/prod_cold_/ };
  proxy.inject({ ...coldRoute, action: { kind: "hold", until: held } });
  const burst = app.request(`/api/products?ids=${cold.map((product) => product.id).join(",")}`);
  while (proxy.seen(coldRoute) === 0) await turn();

  for (const id of warm) expect((await app.request(`/api/products/${id}`)).status).toBe(200);
  expect(proxy.seen(warmRoute)).toBe(warm.length);

  release();
  expect((await burst).status).toBe(200);
  expect(proxy.forwarded(coldRoute)).toBe(cold.length);
});
