import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { platformIds } from "../../src/core";
import * as astrosellClient from "../../src/server/platforms/astrosell/client";
import * as astrosellIndex from "../../src/server/platforms/astrosell/index";
import * as astrosellMapping from "../../src/server/platforms/astrosell/mapping";
import * as astrosellWebhook from "../../src/server/platforms/astrosell/webhook";
import type {
  CatalogProduct,
  CreatePlatform,
  PlatformAdapter,
  PlatformOptions,
  PlatformOrder,
  WebhookVerifier,
} from "../../src/server/platforms/platform";
import { platformAdapters } from "../../src/server/platforms/registry";
import * as sellsnClient from "../../src/server/platforms/sellsn/client";
import * as sellsnIndex from "../../src/server/platforms/sellsn/index";
import * as sellsnMapping from "../../src/server/platforms/sellsn/mapping";
import * as sellsnWebhook from "../../src/server/platforms/sellsn/webhook";
import * as sellsteinClient from "../../src/server/platforms/sellstein/client";
import * as sellsteinIndex from "../../src/server/platforms/sellstein/index";
import * as sellsteinMapping from "../../src/server/platforms/sellstein/mapping";
import * as sellsteinWebhook from "../../src/server/platforms/sellstein/webhook";
import * as sellvyClient from "../../src/server/platforms/sellvy/client";
import * as sellvyIndex from "../../src/server/platforms/sellvy/index";
import * as sellvyMapping from "../../src/server/platforms/sellvy/mapping";
import * as sellvyWebhook from "../../src/server/platforms/sellvy/webhook";
import * as sxClient from "../../src/server/platforms/sx/client";
import * as sxIndex from "../../src/server/platforms/sx/index";
import * as sxMapping from "../../src/server/platforms/sx/mapping";
import * as sxWebhook from "../../src/server/platforms/sx/webhook";
import * as templateClient from "../../src/server/platforms/template/client";
import * as templateIndex from "../../src/server/platforms/template/index";
import * as templateMapping from "../../src/server/platforms/template/mapping";
import * as templateWebhook from "../../src/server/platforms/template/webhook";
import type { DescribedError } from "../../src/server/platforms/upstream/http-client";

/** What every adapter folder exports, with the same signatures (platform types aside). */
interface AdapterModules {
  readonly index: { readonly adapter: PlatformAdapter; readonly createPlatform: CreatePlatform };
  readonly client: { readonly createClient: (options: PlatformOptions) => unknown };
  readonly mapping: {
    readonly toCatalogProduct: (product: never, ...context: never[]) => CatalogProduct;
    readonly toPlatformOrder: (order: never, ...context: never[]) => PlatformOrder;
    readonly toOrderStatus: (status: never, ...context: never[]) => unknown;
    readonly describeError: (status: number, body: unknown) => DescribedError;
  };
  readonly webhook: { readonly verifyWebhook: WebhookVerifier };
}

// The compiler checks the signatures; the test below checks the names and files.
const adapters = {
  template: {
    index: templateIndex,
    client: templateClient,
    mapping: templateMapping,
    webhook: templateWebhook,
  },
  astrosell: {
    index: astrosellIndex,
    client: astrosellClient,
    mapping: astrosellMapping,
    webhook: astrosellWebhook,
  },
  sellsn: {
    index: sellsnIndex,
    client: sellsnClient,
    mapping: sellsnMapping,
    webhook: sellsnWebhook,
  },
  sellstein: {
    index: sellsteinIndex,
    client: sellsteinClient,
    mapping: sellsteinMapping,
    webhook: sellsteinWebhook,
  },
  sellvy: {
    index: sellvyIndex,
    client: sellvyClient,
    mapping: sellvyMapping,
    webhook: sellvyWebhook,
  },
  sx: { index: sxIndex, client: sxClient, mapping: sxMapping, webhook: sxWebhook },
} satisfies Record<string, AdapterModules>;

const platformsDir = fileURLToPath(new URL("../../src/server/platforms/", import.meta.url));
/** Folders under `platforms/` that are not adapters. */
const notAdapters = ["sandbox", "shared", "upstream", "resilience", "template"];

describe("every adapter folder has one shape", () => {
  const names = (module: object) => Object.keys(module).sort();

  it("the shape test covers every adapter folder, and the registry names each once", () => {
    const folders = readdirSync(platformsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !notAdapters.includes(entry.name))
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(Object.keys(platformAdapters).sort());
    expect(Object.keys(adapters).sort()).toEqual([...folders, "template"].sort());
    for (const [id, adapter] of Object.entries(platformAdapters)) {
      expect(adapter.id).toBe(id);
      expect(adapter).toBe(adapters[id as keyof typeof adapters].index.adapter);
    }
  });

  it.each(Object.keys(adapters))("%s has the template's files and exports", (id) => {
    const files = readdirSync(`${platformsDir}/${id}`).sort();
    expect(files).toEqual(readdirSync(`${platformsDir}/template`).sort());
    const modules = adapters[id as keyof typeof adapters];
    expect(names(modules.index)).toEqual(["adapter", "createPlatform"]);
    expect(names(modules.client)).toEqual(["createClient"]);
    expect(names(modules.webhook)).toEqual(["verifyWebhook"]);
    expect(names(modules.mapping)).toEqual(
      expect.arrayContaining([
        "describeError",
        "toCatalogProduct",
        "toOrderStatus",
        "toPlatformOrder",
      ]),
    );
  });
});

describe("the platform list is written once, in the registry", () => {
  const everyId = ["sandbox", ...Object.keys(platformAdapters)].sort();

  it("core's platformIds (which core cannot import from the server) name the same platforms", () => {
    expect([...platformIds].sort()).toEqual(everyId);
  });

  it("the README's platform table and KIOSK_PLATFORM row name the same platforms", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Platforms"));
    const table = section.slice(0, section.indexOf("\n\n", section.indexOf("| platform")));
    const rows = [...table.matchAll(/^\| ([^|(]+?) \(`([a-z]+)`\)/gm)].map((row) => [
      row[2],
      row[1],
    ]);
    expect(Object.fromEntries(rows)).toEqual({
      sandbox: "sandbox",
      ...Object.fromEntries(Object.values(platformAdapters).map((a) => [a.id, a.name])),
    });
    const variable = readme.split("\n").find((line) => line.startsWith("| `KIOSK_PLATFORM`"));
    const listed = [...(variable?.split("|")[2] ?? "").matchAll(/`([a-z]+)`/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(everyId);
  });
});
