import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { problemResponse } from "../../src/server/http/problem-response";
import {
  createUpstreamClient,
  type UpstreamTuning,
} from "../../src/server/platforms/upstream/http-client";
import { UpstreamError } from "../../src/server/platforms/upstream/upstream-error";
import { silentLogger } from "../../src/server/runtime/logger";

/**
 * One scripted answer of the loopback upstream; `hang` never answers, `stall` sends its status,
 * headers and the start of a body, and never the rest.
 */
type Answer =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | "hang"
  | "stall";

/**
 * A real HTTP upstream on loopback that answers from a script, then `{ ok: true }`, and writes
 * every request it receives into the shared event log next to the client's waits.
 */
const script: Answer[] = [];
let events: string[] = [];
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  events.push(`${request.method} ${request.url}`);
  request.resume();
  const answer = script.shift() ?? { status: 200, body: { ok: true } };
  if (answer === "hang") return;
  if (answer === "stall") {
    response.writeHead(201, { "content-type": "application/json" });
    response.write('{"id":"ord_');
    return;
  }
  response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
  response.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
});
let baseUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  script.length = 0;
  events = [];
});

/** 2026-01-01T00:00:00Z: the simulated clock's start, so HTTP dates and epochs are exact. */
const epoch = Date.UTC(2026, 0, 1);
const okSchema = z.object({ ok: z.literal(true) });

/** A client whose waits are logged and advance a simulated clock instead of sleeping. */
function client(tuning: UpstreamTuning = {}) {
  let clock = epoch;
  return createUpstreamClient({
    platform: "testshop",
    baseUrl,
    headers: { authorization: "Bearer sk_test_loopback" },
    logger: silentLogger,
    now: () => clock,
    sleep: async (ms) => {
      events.push(`wait ${ms}`);
      clock += ms;
    },
    ...tuning,
  });
}

async function failureOf(call: Promise<unknown>): Promise<UpstreamError> {
  const error = await call.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe("upstream client paths", () => {
  it.each([".", "..", "%2e", ".%2E"])(
    "sends no request for a path with the dot segment %s: it names nothing, and would ask another path",
    async (segment) => {
      const error = await failureOf(client().request("GET", `products/${segment}`, okSchema));
      expect(error).toMatchObject({ failure: "not_found", notSent: true });
      expect(events).toEqual([]);
    },
  );

  it("sends a path whose segments only hold dots among other characters", async () => {
    await client().request("GET", `products/${encodeURIComponent("v1.2...")}`, okSchema);
    expect(events).toEqual(["GET /v1/products/v1.2..."]);
  });
});

describe("upstream client retries", () => {
  it("retries a passing 500 with doubling backoff, then answers", async () => {
    script.push({ status: 500 }, { status: 502 });
    const body = await client().request("GET", "/items", okSchema);
    expect(body).toEqual({ ok: true });
    expect(events).toEqual([
      "GET /v1/items",
      "wait 300",
      "GET /v1/items",
      "wait 600",
      "GET /v1/items",
    ]);
  });

  it("caps the backoff and stops after the configured retries", async () => {
    script.push({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const error = await failureOf(
      client({ retries: 3, backoffMs: 100, backoffLimitMs: 250 }).request("GET", "items", okSchema),
    );
    expect(error.failure).toBe("unavailable");
    expect(events).toEqual([
      "GET /v1/items",
      "wait 100",
      "GET /v1/items",
      "wait 200",
      "GET /v1/items",
      "wait 250",
      "GET /v1/items",
    ]);
  });

  it("never repeats a write unless the platform dedupes it", async () => {
    script.push({ status: 500 });
    await failureOf(client().request("POST", "orders", okSchema, { json: { a: 1 } }));
    expect(events).toEqual(["POST /v1/orders"]);

    events = [];
    script.push({ status: 500 });
    await client().request("POST", "orders", okSchema, { json: { a: 1 }, idempotent: true });
    expect(events).toEqual(["POST /v1/orders", "wait 300", "POST /v1/orders"]);
  });

  it("does not retry a refusal", async () => {
    script.push({ status: 400, body: { message: "bad" } });
    const error = await failureOf(client().request("GET", "items", okSchema));
    expect(error.failure).toBe("rejected");
    expect(events).toEqual(["GET /v1/items"]);
  });

  it("sleeps for real when no sleep is injected", async () => {
    script.push({ status: 500 });
    const real = createUpstreamClient({
      platform: "testshop",
      baseUrl,
      headers: {},
      logger: silentLogger,
      backoffMs: 1,
    });
    await expect(real.request("GET", "items", okSchema)).resolves.toEqual({ ok: true });
    expect(events).toEqual(["GET /v1/items", "GET /v1/items"]);
  });
});

describe("upstream client rate limits", () => {
  it.each([
    ["Retry-After in seconds", 429, { "Retry-After": "2" }, 2000],
    ["Retry-After as an HTTP date", 429, { "Retry-After": "Thu, 01 Jan 2026 00:00:03 GMT" }, 3000],
    [
      "X-RateLimit-Reset in epoch seconds",
      429,
      { "X-RateLimit-Reset": String(epoch / 1000 + 4) },
      4000,
    ],
    ["X-RateLimit-Reset on a 503", 503, { "X-RateLimit-Reset": String(epoch / 1000 + 1) }, 1000],
  ])("waits out %s, then calls the upstream again", async (_name, status, headers, waitMs) => {
    script.push({ status, headers });
    const body = await client().request("GET", "items", okSchema);
    expect(body).toEqual({ ok: true });
    expect(events).toEqual(["GET /v1/items", `wait ${waitMs}`, "GET /v1/items"]);
  });

  it("reads X-RateLimit-Reset only on a 429 or 503", async () => {
    // A window header rides on every response of some platforms; on a 500 it is not a wait.
    script.push({ status: 500, headers: { "X-RateLimit-Reset": String(epoch / 1000 + 60) } });
    await client().request("GET", "items", okSchema);
    expect(events).toEqual(["GET /v1/items", "wait 300", "GET /v1/items"]);
  });

  it.each([
    ["Retry-After in seconds", 429, { "Retry-After": "120" }, 120],
    ["Retry-After as an HTTP date", 503, { "Retry-After": "Thu, 01 Jan 2026 00:01:30 GMT" }, 90],
    [
      "X-RateLimit-Reset in epoch seconds",
      429,
      { "X-RateLimit-Reset": String(epoch / 1000 + 600) },
      600,
    ],
  ])(
    "gives up at once on a wait over the limit (%s) and passes it on",
    async (_name, status, headers, seconds) => {
      script.push({ status, headers });
      const error = await failureOf(client().request("GET", "items", okSchema));
      expect(events).toEqual(["GET /v1/items"]);
      expect(error.retryAfter).toBe(seconds);

      const response = problemResponse(error, silentLogger);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe(String(seconds));
      expect(await response.json()).toMatchObject({
        type: expect.stringMatching(/upstream_unavailable$/),
      });
    },
  );

  it("takes the limit from the tuning", async () => {
    script.push({ status: 429, headers: { "Retry-After": "7" } });
    await client({ maxWaitSeconds: 10 }).request("GET", "items", okSchema);
    expect(events).toEqual(["GET /v1/items", "wait 7000", "GET /v1/items"]);
  });
});

describe("upstream client deadlines", () => {
  it("does not take a wait that would pass the call's deadline", async () => {
    script.push({ status: 429, headers: { "Retry-After": "3" } });
    const error = await failureOf(client().request("GET", "items", okSchema, { deadlineMs: 2500 }));
    expect(error.failure).toBe("rate_limited");
    expect(error.retryAfter).toBe(3);
    expect(events).toEqual(["GET /v1/items"]);
  });

  it("stops retrying when the tuning's deadline is spent", async () => {
    script.push({ status: 500 }, { status: 500 }, { status: 500 });
    await failureOf(client({ deadlineMs: 800 }).request("GET", "items", okSchema));
    // 300 ms fits in the budget; the 600 ms after the second try would end past it.
    expect(events).toEqual(["GET /v1/items", "wait 300", "GET /v1/items"]);
  });

  it("ends a try that outlives the deadline as unavailable, without retrying a timeout", async () => {
    script.push("hang");
    const real = createUpstreamClient({
      platform: "testshop",
      baseUrl,
      headers: {},
      logger: silentLogger,
    });
    const error = await failureOf(real.request("GET", "items", okSchema, { deadlineMs: 100 }));
    expect(error.failure).toBe("unavailable");
    expect(error.message).toBe("testshop timed out");
    expect(events).toEqual(["GET /v1/items"]);
  });

  it("bounds the body as well as the headers: a body that stops coming is a timeout", async () => {
    script.push("stall");
    const real = createUpstreamClient({
      platform: "testshop",
      baseUrl,
      headers: {},
      logger: silentLogger,
      timeoutMs: 100,
    });
    const error = await failureOf(real.request("POST", "orders", okSchema, { json: {} }));
    expect(error.failure).toBe("unavailable");
    expect(error.message).toBe("testshop timed out");
    // It may have been created: the outcome is unknown, never "not sent".
    expect(error.notSent).toBe(false);
    expect(events).toEqual(["POST /v1/orders"]);
  });
});

describe("upstream client logs", () => {
  it("names the host and the cause of a request that could not be made, and of one that timed out", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = {
      info: () => {},
      error: () => {},
      warn: (event: string, fields?: Record<string, unknown>) => lines.push({ event, ...fields }),
    };
    // A port nobody listens on: the address of a server just closed.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = createUpstreamClient({
      platform: "testshop",
      baseUrl: `http://127.0.0.1:${port}/v1`,
      headers: {},
      logger,
      retries: 0,
    });
    await failureOf(refused.request("GET", "items", okSchema));
    expect(lines.at(-1)).toMatchObject({
      event: "upstream_unreachable",
      host: `127.0.0.1:${port}`,
      sent: false,
      cause: "ECONNREFUSED",
    });
    script.push("hang");
    const slow = createUpstreamClient({
      platform: "testshop",
      baseUrl,
      headers: {},
      logger,
      timeoutMs: 50,
      retries: 0,
    });
    await failureOf(slow.request("GET", "items", okSchema));
    expect(lines.at(-1)).toMatchObject({
      event: "upstream_unreachable",
      sent: true,
      cause: "timed out",
    });
  });
});
