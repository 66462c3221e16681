import { describe, expect, it } from "vitest";
import type { SellerPlatform } from "../../src/server/platforms/platform";
import { platformAdapters } from "../../src/server/platforms/registry";
import { createResilientPlatform } from "../../src/server/platforms/resilience";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { silentLogger } from "../../src/server/runtime/logger";
import { demoCatalog } from "../factories/sandbox-app";

/** Sandbox-only methods its pay page calls on the sandbox itself, never through the proxy's platform. */
const sandboxOwn = new Set(["findPayableOrder", "settle"]);

function methodsOf(platform: object): string[] {
  return Object.entries(platform)
    .filter(([, value]) => typeof value === "function")
    .map(([name]) => name)
    .sort();
}

const platforms: [string, () => SellerPlatform][] = [
  ["sandbox", () => createSandboxPlatform(demoCatalog())],
  ...Object.values(platformAdapters).map(
    (adapter) =>
      [
        adapter.id,
        () =>
          adapter.create({
            secretKey: `sk_test_${"k".repeat(24)}`,
            storeId: "store_1",
            apiBase: "http://127.0.0.1:9/v1",
            webhookSecret: `whsec_${Buffer.from("secret").toString("base64")}`,
            logger: silentLogger,
          }),
      ] as [string, () => SellerPlatform],
  ),
];

describe("the resilient platform", () => {
  it.each(platforms)(
    "offers every method the %s platform has, so none is lost behind it",
    (_id, create) => {
      const inner = create();
      const wrapped = createResilientPlatform(inner, { logger: silentLogger });
      const innerMethods = methodsOf(inner).filter((name) => !sandboxOwn.has(name));
      expect(innerMethods).toEqual(expect.arrayContaining(["createOrder", "getOrder"]));
      for (const name of innerMethods) {
        expect(typeof (wrapped as unknown as Record<string, unknown>)[name], name).toBe("function");
      }
      expect(wrapped.id).toBe(inner.id);
      expect(wrapped.capabilities).toEqual(inner.capabilities);
    },
  );
});
