import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { createdOrderSchema, orderSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { UpstreamError } from "../../src/server/platforms/upstream/upstream-error";
import { loadConfig } from "../../src/server/runtime/config";
import { createLineWriter, createLogger, flushAfterMs } from "../../src/server/runtime/logger";
import { startServer } from "../../src/server/runtime/serve";
import { createMemoryStore } from "../../src/server/store/memory-store";
import {
  createCapturingLogger,
  createTestApp,
  demoCatalog,
  newKey,
  payOnSandboxPage,
  postJson,
} from "../factories/sandbox-app";
import { startFakeSellstein } from "../platforms/sellstein/fake-server";
import { sellsteinBusinessId, sellsteinTestKey } from "../platforms/sellstein/harness";
import { startTestRedis } from "../support/redis-server";

const order = { items: [{ productId: "pro-license", quantity: 2 }], email: "buyer@example.com" };

describe("the access log", () => {
  it("writes one line per request with method, route pattern, status, duration and request id", async () => {
    const { app, logger } = createTestApp();
    const echoed = await app.request("/api/products/pro-license", {
      headers: { "x-request-id": "lb-4f2a9c" },
    });
    expect(echoed.headers.get("x-request-id")).toBe("lb-4f2a9c");
    const generated = await app.request("/api/products/nope", {
      headers: { "x-request-id": "bad id with spaces" },
    });
    const generatedId = generated.headers.get("x-request-id") ?? "";
    expect(generatedId).toMatch(/^[0-9a-f-]{36}$/);

    const lines = logger.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => line.event === "request");
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      level: "info",
      method: "GET",
      route: "/api/products/:id",
      status: 200,
      requestId: "lb-4f2a9c",
    });
    expect(requests[0]?.durationMs).toEqual(expect.any(Number));
    // A product nobody has is its route's answer.
    expect(requests[1]).toMatchObject({
      route: "/api/products/:id",
      status: 404,
      requestId: generatedId,
    });
  });

  it("writes only the failed requests' lines, or none, when told to; every answer keeps its id", async () => {
    const written = async (accessLog: "errors" | "off") => {
      const logger = createCapturingLogger();
      const sandbox = createSandboxPlatform(demoCatalog());
      const app = createApp({
        // A read of `boom` fails unexpectedly: an error line, whatever the access log writes.
        platform: {
          ...sandbox,
          getProducts: async (ids) => {
            if (ids.includes("boom")) throw new Error("the platform's client broke");
            return sandbox.getProducts(ids);
          },
        },
        logger,
        accessLog,
        resilience: false,
      });
      const broken = await app.request("/api/products/boom", {
        headers: { "x-request-id": "lb-boom" },
      });
      expect(broken.status).toBe(500);
      const failures = logger.lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.level === "error");
      expect(failures.map((line) => line.requestId)).toEqual(["lb-boom"]);
      const found = await app.request("/api/products/pro-license", {
        headers: { "x-request-id": "lb-found" },
      });
      const missing = await app.request("/api/products/nope", {
        headers: { "x-request-id": "lb-missing" },
      });
      expect(found.status).toBe(200);
      expect(missing.status).toBe(404);
      expect(found.headers.get("x-request-id")).toBe("lb-found");
      expect(missing.headers.get("x-request-id")).toBe("lb-missing");
      return logger.lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.event === "request")
        .map((line) => [line.status, line.requestId]);
    };
    expect(await written("errors")).toEqual([
      [500, "lb-boom"],
      [404, "lb-missing"],
    ]);
    expect(await written("off")).toEqual([]);
  });

  it("stops createApp at once for an access log it has no word for", () => {
    const platform = createSandboxPlatform(demoCatalog());
    // `false` as `resilience: false` is written, or a word misspelt: every line would be written.
    for (const accessLog of [false, "none", "error", "ALL"]) {
      expect(() =>
        createApp({ platform, logger: createCapturingLogger(), accessLog: accessLog as never }),
      ).toThrow(/^accessLog must be all, errors or off, not /);
    }
    for (const accessLog of ["all", "errors", "off", undefined] as const) {
      expect(() =>
        createApp({ platform, logger: createCapturingLogger(), accessLog }),
      ).not.toThrow();
    }
  });

  it("names no route for a path nothing answers, and the route for a method it does not answer", async () => {
    const { app, logger } = createTestApp();
    expect((await app.request("/api/nothing")).status).toBe(404);
    expect((await app.request("/api/products", { method: "DELETE" })).status).toBe(405);
    const requests = logger.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.event === "request");
    // Not the middleware that ran last ("/api/*").
    expect(requests.map((line) => [line.route, line.status])).toEqual([
      [null, 404],
      ["/api/products", 405],
    ]);
  });

  it("puts the request id on the lines an error writes, too", async () => {
    const sandbox = createSandboxPlatform(demoCatalog());
    const logger = createCapturingLogger();
    const app = createApp({
      platform: {
        ...sandbox,
        getStore: async () => {
          throw new TypeError("a bug");
        },
      },
      logger,
      resilience: false,
    });
    const response = await app.request("/api/store", { headers: { "x-request-id": "lb-b0rk" } });
    expect(response.status).toBe(500);
    const lines = logger.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.event === "unexpected_error")?.requestId).toBe("lb-b0rk");
    expect(lines.find((line) => line.event === "request")).toMatchObject({
      status: 500,
      requestId: "lb-b0rk",
    });
  });

  it("never writes an order id, order token, pay token or delivered item", async () => {
    const { app, logger } = createTestApp();
    const response = await app.request("/api/orders", postJson(order, newKey()));
    const created = createdOrderSchema.parse(await response.json());
    const payToken = new URL(created.checkoutUrl ?? "missing:").searchParams.get("token") ?? "";
    expect((await payOnSandboxPage(app, created.checkoutUrl)).status).toBe(303);
    const read = await app.request(`/api/orders/${created.id}`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    const delivered = orderSchema.parse(await read.json()).deliveredItems ?? [];
    expect(delivered).toHaveLength(2);
    const stream = await app.request(`/api/orders/${created.id}/events?token=${created.token}`);
    await stream.text();

    const requestLines = logger.lines.filter((line) => line.includes('"event":"request"'));
    expect(requestLines.map((line) => (JSON.parse(line) as { route: string }).route)).toEqual([
      "/api/orders",
      "/sandbox/pay/:orderId",
      "/api/orders/:id",
      "/api/orders/:id/events",
    ]);
    const everything = logger.lines.join("\n");
    expect(everything).not.toContain(created.token);
    expect(everything).not.toContain(payToken);
    for (const item of delivered) expect(everything).not.toContain(item.value);
    for (const line of requestLines) expect(line).not.toContain(created.id);
  });
});

describe("the log writer", () => {
  /** A stream whose reader takes nothing until told to, as a stalled pipe would. */
  function stalledStream() {
    const taken: string[] = [];
    const stream = {
      writableLength: 0,
      write(chunk: string) {
        stream.writableLength += chunk.length;
        taken.push(chunk);
        return false;
      },
      drain() {
        stream.writableLength = 0;
      },
    };
    return { stream, lines: () => taken.join("").split("\n").filter(Boolean) };
  }

  it("writes a turn's lines at once, and holds no more than its bound for a slow reader", () => {
    const { stream, lines } = stalledStream();
    const turns: (() => void)[] = [];
    const writer = createLineWriter(stream, {
      maxPendingBytes: 10_000,
      schedule: (flush) => turns.push(flush),
    });
    const line = JSON.stringify({ event: "request", padding: "x".repeat(80) });
    for (let turn = 0; turn < 50; turn += 1) {
      for (let index = 0; index < 100; index += 1) writer.write(line);
      for (const flush of turns.splice(0)) flush();
      expect(stream.writableLength).toBeLessThanOrEqual(10_000);
    }
    const kept = lines().length;
    expect(kept).toBeLessThan(5000);
    expect(writer.dropped).toBe(5000 - kept);

    stream.drain();
    writer.write(line);
    writer.flush();
    const [report, after] = lines().slice(kept);
    expect(JSON.parse(report ?? "{}")).toMatchObject({
      event: "log_lines_dropped",
      count: 5000 - kept,
    });
    expect(after).toBe(line);
    expect(writer.dropped).toBe(0);
  });

  it("writes the lines of many turns of the event loop at once, a moment after the first", async () => {
    const { stream, lines } = stalledStream();
    let writes = 0;
    const counted = {
      get writableLength() {
        return stream.writableLength;
      },
      write: (chunk: string) => {
        writes += 1;
        return stream.write(chunk);
      },
    };
    const writer = createLineWriter(counted);
    const started = performance.now();
    for (let turn = 0; turn < 5; turn += 1) {
      writer.write(`{"turn":${turn}}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(writes).toBe(0);
    await vi.waitFor(() => expect(writes).toBe(1), { interval: 2 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(flushAfterMs - 1);
    expect(lines()).toHaveLength(5);
  });

  it("writes each line as one JSON object: its time, level and event first, then the fields", () => {
    const written: string[] = [];
    const logger = createLogger({ write: (text) => written.push(text) });
    const before = Date.now();
    logger.info('odd "event"\n');
    logger.warn("request", { status: 200, route: "/api/products/:id", nested: { a: [1] } });
    logger.error("late", { level: "fields win when read" });
    const after = Date.now();
    const [bare, withFields, shadowed] = written.map((line) => JSON.parse(line));
    expect(bare).toEqual({ time: expect.any(String), level: "info", event: 'odd "event"\n' });
    const time = Date.parse(bare.time);
    expect(new Date(time).toISOString()).toBe(bare.time);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
    expect(Object.keys(withFields)).toEqual([
      "time",
      "level",
      "event",
      "status",
      "route",
      "nested",
    ]);
    expect(withFields).toMatchObject({ level: "warn", status: 200, nested: { a: [1] } });
    expect(shadowed).toMatchObject({ event: "late", level: "fields win when read" });
    expect(written.every((line) => !line.includes("\n"))).toBe(true);
  });

  it("writes the very text JSON.stringify would, member by member, whatever the fields", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.constantFrom('"', "\\", "\u0000", "\u001f", "\u007f", "\ud800", "é", "/api/products/:id"),
    );
    const value = fc.oneof(
      text,
      fc.double(),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e21, 5e-7),
      fc.integer(),
      fc.boolean(),
      fc.constantFrom(null, undefined, () => 1, Symbol("s")),
      fc.date({ noInvalidDate: true }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(text, fc.dictionary(text, value), (event, fields) => {
        const written: string[] = [];
        const logger = createLogger({ write: (line) => written.push(line) });
        logger.info(event, { ...fields });
        const line = written[0] ?? "";
        const time = line.slice(9, 33);
        const rest = JSON.stringify(fields);
        const head = `{"time":"${time}","level":"info","event":${JSON.stringify(event)}`;
        expect(line).toBe(rest === "{}" ? `${head}}` : `${head},${rest.slice(1)}`);
        expect(new Date(time).toISOString()).toBe(time);
      }),
      { numRuns: 500 },
    );
  });

  it("redacts a secret however a JSON line writes it, quotes and backslashes included", () => {
    const written: string[] = [];
    const secret = 'hook"secret\\42';
    const logger = createLogger({ write: (text) => written.push(text), redact: [secret] });
    logger.error("unexpected_error", { message: `signing with ${secret} failed` });
    expect(written).toHaveLength(1);
    expect(written[0]).not.toContain("secret");
    expect(JSON.parse(written[0] ?? "{}")).toMatchObject({
      message: "signing with [redacted] failed",
    });
  });
});

describe("health", () => {
  it("answers /healthz, and /readyz with the store and the platform's circuit until a stop begins", async () => {
    const stopping = new AbortController();
    const app = createApp({
      platform: createSandboxPlatform(demoCatalog()),
      logger: createCapturingLogger(),
      shutdown: stopping.signal,
      readiness: { search: () => ({ state: "ok", healthy: true }) },
    });
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ready",
      checks: { store: "ok", platform: "closed", search: "ok" },
    });
    stopping.abort();
    const stopped = await app.request("/readyz");
    expect(stopped.status).toBe(503);
    expect(((await stopped.json()) as { status: string }).status).toBe("stopping");
  });

  it("reports an open circuit as degraded, still 200 so a shared outage keeps product reads up", async () => {
    const sandbox = createSandboxPlatform(demoCatalog());
    const app = createApp({
      platform: {
        ...sandbox,
        getStore: async () => {
          throw new UpstreamError("unavailable", "the platform is down");
        },
      },
      logger: createCapturingLogger(),
      resilience: { breakerFailures: 1 },
    });
    expect((await app.request("/api/store")).status).toBe(503);
    const response = await app.request("/readyz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "degraded",
      checks: { store: "ok", platform: "open" },
    });
  });
});

describe("starting", () => {
  it("warns when a stop's grace is shorter than an upstream call may take, and only then", async () => {
    const startedWith = async (env: Record<string, string>) => {
      const logger = createCapturingLogger();
      const server = await startServer(loadConfig({ PORT: "0", ...env }), logger);
      await server.close();
      return logger.lines.filter((line) => line.includes('"shutdown_grace_short"'));
    };
    expect(
      await startedWith({ KIOSK_SHUTDOWN_GRACE: "1s", KIOSK_UPSTREAM_DEADLINE_SECONDS: "5" }),
    ).toEqual([expect.stringMatching(/"graceMs":1000,"upstreamDeadlineMs":5000/)]);
    expect(await startedWith({})).toEqual([]);
  });

  it("warns when orders on a platform that takes no key of its own are kept in memory", async () => {
    const fake = await startFakeSellstein({
      secretKey: sellsteinTestKey,
      businessId: sellsteinBusinessId,
    });
    try {
      const warned = async (env: Record<string, string>) => {
        const logger = createCapturingLogger();
        const server = await startServer(loadConfig({ PORT: "0", ...env }), logger);
        await server.close();
        return logger.lines.filter((line) => line.includes('"orders_kept_in_memory"'));
      };
      const sellstein = {
        KIOSK_PLATFORM: "sellstein",
        KIOSK_SECRET_KEY: sellsteinTestKey,
        KIOSK_STORE_ID: sellsteinBusinessId,
        KIOSK_API_BASE: fake.baseUrl,
      };
      expect(await warned(sellstein)).toHaveLength(1);
      expect(await warned({})).toEqual([]);
      const redis = await startTestRedis();
      try {
        expect(await warned({ ...sellstein, KIOSK_REDIS_URL: redis.url })).toEqual([]);
      } finally {
        await redis.stop();
      }
    } finally {
      await fake.close();
    }
  });
});

describe("order streams", () => {
  it("share one upstream read per order, however many streams follow it", async () => {
    const sandbox = createSandboxPlatform(demoCatalog());
    let reads = 0;
    const platform = {
      ...sandbox,
      getOrder: (id: string) => {
        reads += 1;
        return sandbox.getOrder(id);
      },
    };
    const app = createApp({
      platform,
      store: createMemoryStore(),
      logger: createCapturingLogger(),
      // Only the payment's notice can wake the streams within the test's time.
      orderPollMs: 600_000,
      limits: { streams: undefined },
    });
    const created = createdOrderSchema.parse(
      await (await app.request("/api/orders", postJson(order, newKey()))).json(),
    );
    const streams = await Promise.all(
      Array.from({ length: 20 }, () =>
        app.request(`/api/orders/${created.id}/events?token=${created.token}`),
      ),
    );
    const readers = streams.map((stream) => stream.body?.getReader());
    for (const reader of readers) await reader?.read();
    const before = reads;
    expect(before).toBe(20);
    await payOnSandboxPage(app, created.checkoutUrl);
    const texts = await Promise.all(
      readers.map(async (reader) => {
        let text = "";
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) return text;
          text += new TextDecoder().decode(chunk.value);
        }
      }),
    );
    for (const text of texts) expect(text).toContain('"status":"completed"');
    expect(reads - before).toBe(1);
  });
});
