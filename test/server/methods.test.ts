import { describe, expect, it } from "vitest";
import { problemSchema } from "../../src/core";
import { createApp } from "../../src/server/app";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { createCapturingLogger, createTestApp, demoCatalog } from "../factories/sandbox-app";

/** A 405's status, `Allow` header and problem type, or a 404's. */
async function answer(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = problemSchema.parse(await response.json());
  expect(problem.status).toBe(response.status);
  return { status: response.status, allow: response.headers.get("allow"), type: problem.type };
}

describe("a route asked with a method it does not answer", () => {
  it("is 405 with the methods it answers in Allow, not 404 as if nothing were there", async () => {
    const { app } = createTestApp();
    const asked = async (method: string, path: string) =>
      answer(await app.request(path, { method }));
    // The API's routes answer a CORS preflight too.
    expect(await asked("GET", "/api/quote")).toEqual({
      status: 405,
      allow: "OPTIONS, POST",
      type: "method_not_allowed",
    });
    expect(await asked("DELETE", "/api/products/pro-license")).toEqual({
      status: 405,
      allow: "GET, HEAD, OPTIONS",
      type: "method_not_allowed",
    });
    expect(await asked("PUT", "/api/orders")).toMatchObject({
      status: 405,
      allow: "OPTIONS, POST",
    });
    expect(await asked("POST", "/api/orders/ord_1/events")).toMatchObject({
      status: 405,
      allow: "GET, HEAD, OPTIONS",
    });
    expect(await asked("PUT", "/buy/pro-license")).toMatchObject({
      status: 405,
      allow: "GET, HEAD",
    });
    // A trailing slash is another path, which no route has: never a 405 naming the method used.
    for (const [method, path] of [
      ["GET", "/api/store/"],
      ["POST", "/api/quote/"],
      ["GET", "/api/products/pro-license/"],
      ["GET", "/buy/pro-license/"],
    ] as const) {
      expect(await asked(method, path)).toEqual({ status: 404, allow: null, type: "not_found" });
    }
    // A path no route has is still not found, whatever the method.
    expect(await asked("GET", "/api/nothing")).toEqual({
      status: 404,
      allow: null,
      type: "not_found",
    });
    expect(await asked("POST", "/api/products/pro-license/extra")).toMatchObject({ status: 404 });
    // What a route does answer is unchanged.
    expect((await app.request("/api/products/pro-license", { method: "HEAD" })).status).toBe(200);
  });

  it("is told under the path the proxy is mounted at", async () => {
    const app = createApp({
      platform: createSandboxPlatform(demoCatalog()),
      logger: createCapturingLogger(),
      basePath: "/shop",
    });
    expect(await answer(await app.request("/shop/api/store", { method: "POST" }))).toEqual({
      status: 405,
      allow: "GET, HEAD, OPTIONS",
      type: "method_not_allowed",
    });
    expect(await answer(await app.request("/api/store", { method: "POST" }))).toMatchObject({
      status: 404,
    });
  });

  it("lets a page on an allowed origin read Allow", async () => {
    const { app } = createTestApp({ allowedOrigins: ["https://shop.example"] });
    const response = await app.request("/api/store", {
      method: "PUT",
      headers: { origin: "https://shop.example" },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const exposed = (response.headers.get("access-control-expose-headers") ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase());
    expect(exposed).toContain("allow");
  });
});
