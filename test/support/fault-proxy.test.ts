import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPlatform as createSxPlatform } from "../../src/server/platforms/sx";
import { recordingLogger, startSxHarness } from "../platforms/sx/harness";
import { type FaultProxy, startFaultProxy } from "./fault-proxy";

/** A tiny target that echoes what it received and counts requests. */
interface EchoTarget {
  readonly url: string;
  readonly received: { method: string; path: string; body: string; header?: string }[];
  close(): Promise<void>;
}

async function startEchoTarget(): Promise<EchoTarget> {
  const received: EchoTarget["received"] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = request.headers["x-probe"];
      received.push({
        method: request.method ?? "",
        path: request.url ?? "",
        body,
        ...(typeof header === "string" ? { header } : {}),
      });
      response.writeHead(200, { "content-type": "application/json", etag: '"v1"' });
      response.end(JSON.stringify({ method: request.method, path: request.url, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("fault proxy", () => {
  let target: EchoTarget;
  let proxy: FaultProxy;

  beforeEach(async () => {
    target = await startEchoTarget();
    proxy = await startFaultProxy(target.url);
  });
  afterEach(async () => {
    await proxy.close();
    await target.close();
  });

  it("passes requests through unchanged, keeping the target's path prefix, and counts them", async () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const response = await fetch(`${proxy.url}/orders?x=1`, {
      method: "POST",
      headers: { "x-probe": "yes", "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe('"v1"');
    expect(await response.json()).toEqual({
      method: "POST",
      path: "/v1/orders?x=1",
      body: '{"a":1}',
    });
    expect(target.received).toEqual([
      { method: "POST", path: "/v1/orders?x=1", body: '{"a":1}', header: "yes" },
    ]);
    expect(proxy.seen()).toBe(1);
    expect(proxy.forwarded({ method: "post", path: /\/orders/ })).toBe(1);
    expect(proxy.forwarded({ method: "GET" })).toBe(0);
    expect(proxy.counts()).toEqual({ "POST /v1/orders": { seen: 1, forwarded: 1 } });
  });

  it("answers a status with headers without forwarding, for as many requests as asked", async () => {
    proxy.inject({
      method: "GET",
      path: /^\/v1\/products/,
      times: 2,
      action: { kind: "status", status: 429, headers: { "Retry-After": "7" }, body: { e: 1 } },
    });
    const first = await fetch(`${proxy.url}/products/1`);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(await first.json()).toEqual({ e: 1 });
    // Another route is not concerned.
    expect((await fetch(`${proxy.url}/orders/1`)).status).toBe(200);
    expect((await fetch(`${proxy.url}/products/2`)).status).toBe(429);
    // The rule is used up: the third product read goes through.
    expect((await fetch(`${proxy.url}/products/3`)).status).toBe(200);
    expect(proxy.seen({ path: /products/ })).toBe(3);
    expect(proxy.forwarded({ path: /products/ })).toBe(1);
    expect(target.received.map((r) => r.path)).toEqual(["/v1/orders/1", "/v1/products/3"]);
  });

  it("forwards, lets the target answer, then drops the client's connection", async () => {
    proxy.inject({
      method: "POST",
      path: /orders$/,
      times: 1,
      action: { kind: "drop-after-upstream" },
    });
    await expect(fetch(`${proxy.url}/orders`, { method: "POST", body: "x" })).rejects.toThrow();
    expect(target.received).toHaveLength(1);
    expect(proxy.forwarded({ method: "POST" })).toBe(1);
    expect((await fetch(`${proxy.url}/orders`, { method: "POST", body: "y" })).status).toBe(200);
    expect(target.received).toHaveLength(2);
  });

  it("resets a connection without forwarding", async () => {
    proxy.inject({ times: 1, action: { kind: "reset" } });
    await expect(fetch(`${proxy.url}/a`)).rejects.toThrow();
    expect(target.received).toHaveLength(0);
    expect(proxy.seen()).toBe(1);
    expect(proxy.forwarded()).toBe(0);
  });

  it("holds a hanging request until the client gives up, never forwarding it", async () => {
    proxy.inject({ path: /slow/, action: { kind: "hang" } });
    await expect(
      fetch(`${proxy.url}/slow`, { signal: AbortSignal.timeout(150) }),
    ).rejects.toThrow();
    expect(target.received).toHaveLength(0);
    expect(proxy.seen({ path: /slow/ })).toBe(1);
    expect(proxy.forwarded()).toBe(0);
  });

  it("drops hanging requests when released", async () => {
    proxy.inject({ times: 1, action: { kind: "hang" } });
    const pending = fetch(`${proxy.url}/held`);
    while (proxy.seen() === 0) await new Promise((resolve) => setImmediate(resolve));
    proxy.releaseHanging();
    await expect(pending).rejects.toThrow();
  });

  it("rewrites what the target answered", async () => {
    proxy.inject({
      action: {
        kind: "rewrite",
        rewrite: (answer) => ({
          status: 201,
          headers: answer.headers,
          body: answer.body.replace("/v1/x", "javascript:alert(1)"),
        }),
      },
    });
    const response = await fetch(`${proxy.url}/x`);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ path: "javascript:alert(1)" });
    expect(target.received).toHaveLength(1);
  });

  it("refuses connections while down, then serves again on the same port", async () => {
    // A kept-alive connection from an earlier request must not survive the outage either.
    expect((await fetch(`${proxy.url}/before`)).status).toBe(200);
    const url = proxy.url;
    await proxy.refuse();
    expect(proxy.listening).toBe(false);
    await expect(fetch(`${url}/during`)).rejects.toThrow();
    await proxy.restore();
    expect(proxy.url).toBe(url);
    expect((await fetch(`${url}/after`)).status).toBe(200);
    expect(target.received.map((r) => r.path)).toEqual(["/v1/before", "/v1/after"]);
  });

  it("going down drops requests in flight too", async () => {
    proxy.inject({ times: 1, action: { kind: "hang" } });
    const pending = fetch(`${proxy.url}/held`);
    while (proxy.seen() === 0) await new Promise((resolve) => setImmediate(resolve));
    await proxy.refuse();
    await expect(pending).rejects.toThrow();
  });

  it("applies the first matching rule that has uses left", async () => {
    proxy.inject({ method: "GET", times: 1, action: { kind: "pass" } });
    proxy.inject({ method: "GET", action: { kind: "status", status: 500 } });
    expect((await fetch(`${proxy.url}/a`)).status).toBe(200);
    expect((await fetch(`${proxy.url}/a`)).status).toBe(500);
    proxy.clearRules();
    expect((await fetch(`${proxy.url}/a`)).status).toBe(200);
    expect(proxy.requests.map((r) => r.action)).toEqual(["pass", "status", "pass"]);
  });
});

describe("fault proxy in front of a fake platform", () => {
  it("carries an adapter's reads to the fake sx platform and fails them on demand", async () => {
    const direct = await startSxHarness();
    const proxy = await startFaultProxy(direct.fake.url);
    const platform = createSxPlatform({
      secretKey: direct.secrets.secretKey,
      apiBase: proxy.url,
      logger: recordingLogger(),
    });
    try {
      const products = await platform.getProducts(["prod_01J2PVQR41"]);
      expect(products.map((p) => p.id)).toEqual(["prod_01J2PVQR41"]);
      expect(proxy.forwarded({ method: "GET" })).toBeGreaterThan(0);
      expect(direct.requestCount()).toBe(proxy.forwarded());

      proxy.inject({ action: { kind: "status", status: 404, body: "{}" } });
      await expect(platform.getProducts(["prod_01J2PVQR41"])).resolves.toEqual([]);
    } finally {
      await proxy.close();
      await direct.close();
    }
  });
});
