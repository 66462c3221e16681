import { describe, expect, it } from "vitest";
import { closingAfterEach } from "../../support/closed-after-each";
import { failure } from "../harness";
import { orderInput, startSxHarness } from "./harness";

const start = closingAfterEach(startSxHarness, (started) => started);

describe("sx errors and rate limits", () => {
  it("maps the document's 400, 404 and 500 bodies without passing them on", async () => {
    const { platform, fake, logs } = await start();
    fake.failNext(1, 400);
    const invalid = await failure(platform.listProducts({ page: 1, limit: 10 }));
    expect(invalid).toMatchObject({ failure: "rejected", status: 400 });
    expect(invalid.message).toBe("sx refused the request as invalid");

    fake.failNext(1, 404);
    expect(await platform.getOrder("ord_01J2PVP4XJ")).toBeUndefined();

    fake.failNext(3, 500);
    const broken = await failure(platform.listProducts({ page: 1, limit: 10 }));
    expect(broken).toMatchObject({ failure: "unavailable", status: 500 });
    expect(broken.message).not.toContain("Our side broke");
    // The trace id is what the platform's support asks for, so it is the one thing logged.
    expect(logs.join("\n")).toContain("trc_01J2PW9ZQ4");
  });

  it("gives up at once on a wait the request cannot afford, passing the wait on", async () => {
    const { platform, fake } = await start();
    fake.rateLimitNext(1, { "Retry-After": "120" });
    const error = await failure(platform.createOrder(orderInput()));
    expect(error).toMatchObject({ failure: "rate_limited", retryAfter: 120 });
    expect(fake.requests).toHaveLength(1);

    fake.rateLimitNext(1, { "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + 600) });
    const reset = await failure(platform.getOrder("ord_01J2PVP4XJ"));
    expect(reset.failure).toBe("rate_limited");
    expect(reset.retryAfter).toBeGreaterThan(590);
    expect(fake.orders.size).toBe(0);
  });

  it("never writes the key, a serial key or an upstream body into a log line", async () => {
    const { platform, fake, logs, secrets } = await start();
    fake.failNext(1, 400);
    await failure(platform.listProducts({ page: 1, limit: 10 }));
    const created = await platform.createOrder(orderInput());
    fake.completeOrder(created.id);
    await platform.getOrder(created.id);
    const text = logs.join("\n");
    expect(text).not.toContain(secrets.secretKey);
    expect(text).not.toContain("ADBE-");
    expect(text).not.toContain("Bad JSON or missing parameter");
  });
});
