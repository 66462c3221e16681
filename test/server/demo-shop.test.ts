import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Window } from "happy-dom";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { nodeFiles } from "../../src/server/runtime/node-files";
import { createCapturingLogger, demoCatalog } from "../factories/sandbox-app";

/*
 * The demo shop that `npm start` serves: its images are the proxy's own files, its catalog asks
 * each buyer for each thing once, and the "How this is built" snippets show the markup above them.
 */

const root = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
const app = createApp({
  platform: createSandboxPlatform(demoCatalog()),
  logger: createCapturingLogger(),
  demoDir: root,
  files: nodeFiles,
});
const read = (path: string) => readFileSync(`${root}/${path}`, "utf8");
const rawCatalog = JSON.parse(read("demo/catalog.json")) as {
  products: { id: string; images?: string[]; description?: string }[];
};

describe("the demo shop's images", () => {
  it("are small files on the proxy, served as images that cache and run nothing", async () => {
    const paths = rawCatalog.products.flatMap((product) => product.images ?? []);
    expect(paths.length).toBeGreaterThanOrEqual(8);
    for (const path of paths) {
      expect(path).toMatch(/^\/demo\/images\/[a-z0-9-]+\.svg$/);
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/svg+xml");
      expect(response.headers.get("cache-control")).toBe("public, max-age=86400");
      expect(response.headers.get("etag")).toMatch(/^W\/"/);
      expect(response.headers.get("content-security-policy")).toContain("sandbox");
      expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
      const body = await response.text();
      expect(body.length, path).toBeLessThan(4096);
      // Nothing inside an image reaches out: no script, no link but the SVG namespace.
      expect(body).not.toMatch(/<script|href=|https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
      const again = await app.request(path, {
        headers: { "if-none-match": response.headers.get("etag") ?? "" },
      });
      expect(again.status).toBe(304);
    }
    for (const path of ["/demo/images/nope.svg", "/demo/images/..%2Fcatalog.json"]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it("are all a product card or page loads: nothing in the catalog is fetched from elsewhere", async () => {
    const listed = (await (await app.request("http://shop.test/api/products?limit=50")).json()) as {
      data: { images: string[]; descriptionHtml: string }[];
    };
    expect(listed.data.length).toBeGreaterThanOrEqual(8);
    for (const product of listed.data) {
      // Absolute on the proxy, so a card on another site still loads it from here.
      expect(
        product.images.every((image) => image.startsWith("http://shop.test/demo/images/")),
      ).toBe(true);
      expect(product.descriptionHtml).not.toMatch(/<img|src=/);
    }
  });
});

describe("the demo page", () => {
  it("is the sandbox's, at the root only: below a path the proxy serves only its pictures", async () => {
    const mounted = createApp({
      platform: createSandboxPlatform(demoCatalog()),
      logger: createCapturingLogger(),
      basePath: "/shop",
      demoDir: root,
      files: nodeFiles,
    });
    expect((await mounted.request("/shop/demo/images/pro-license.svg")).status).toBe(200);
    for (const path of ["/shop", "/shop/", "/shop/demo/demo.css", "/", "/demo/demo.css"]) {
      expect((await mounted.request(path)).status, path).toBe(404);
    }
    const { settle: _, ...notSandbox } = createSandboxPlatform(demoCatalog());
    const real = createApp({
      platform: notSandbox,
      logger: createCapturingLogger(),
      demoDir: root,
      files: nodeFiles,
    });
    for (const path of ["/", "/demo/demo.css", "/demo/images/pro-license.svg"]) {
      expect((await real.request(path)).status, path).toBe(404);
    }
    expect((await app.request("/")).status).toBe(200);
  });
});

describe("the demo catalog", () => {
  // What the checkout itself asks of every buyer.
  const checkoutAsks = /e-?mail|quantity|how many|coupon|discount code|variant|plan|option/i;

  it("asks each buyer for each thing once", () => {
    for (const product of demoCatalog().products) {
      const labels = product.customFields.map((field) => field.label.toLowerCase());
      expect(new Set(labels).size, product.id).toBe(labels.length);
      for (const field of product.customFields) {
        expect(field.type, `${product.id}.${field.key}`).not.toBe("email");
        expect(`${field.key} ${field.label}`, product.id).not.toMatch(checkoutAsks);
      }
    }
  });
});

describe("the demo page", () => {
  it("holds itself to a strict policy: scripts, requests and images from the proxy only", async () => {
    const response = await app.request("/");
    expect(response.status).toBe(200);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("img-src 'self';");
    // embed.js's one worker, which makes the first number format off the page's thread.
    expect(policy).toContain("worker-src data:;");
    // data: for that worker alone: no image, style or script from one.
    expect(policy.replace("worker-src data:;", "")).not.toMatch(/https:|unsafe|data:/);
    const script = await app.request("/demo/demo.js");
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
  });

  it("shows under each section the markup of that section, attribute for attribute", () => {
    const window = new Window();
    const document = window.document;
    document.write(read("index.html"));
    const examples = [...document.querySelectorAll("[data-demo-example]")];
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const example of examples) {
      const name = example.getAttribute("data-demo-example");
      const snippet = document.querySelector(`[data-demo-snippet="${name}"]`);
      expect(snippet, `a snippet for ${name}`).not.toBeNull();
      const shown = document.createElement("template");
      shown.innerHTML = snippet?.textContent ?? "";
      expect(canonical(shown.content.childNodes), name ?? "").toBe(canonical(example.childNodes));
    }
    // The script tag the footer shows is the one in the page's head.
    const tag = document.createElement("template");
    tag.innerHTML = document.querySelector('[data-demo-snippet="script"]')?.textContent ?? "";
    const shownScript = tag.content.querySelector("script");
    expect(shownScript).not.toBeNull();
    const headScripts = [...document.head.querySelectorAll("script")].map((script) =>
      canonical([script]),
    );
    expect(headScripts).toContain(canonical([shownScript as unknown as MarkupNode]));
    // Each stylesheet excerpt is in the page's stylesheet as shown.
    const css = collapse(read("demo/demo.css"));
    const excerpts = [...document.querySelectorAll("[data-demo-css]")];
    expect(excerpts.length).toBeGreaterThanOrEqual(1);
    for (const excerpt of excerpts) expect(css).toContain(collapse(excerpt.textContent ?? ""));
    window.close();
  });
});

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

interface MarkupNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<MarkupNode>;
  readonly localName?: string;
  readonly attributes?: ArrayLike<{ readonly name: string; readonly value: string | null }>;
}

/** Markup as tags, attributes in order and text with its spaces collapsed: how a browser sees it. */
function canonical(nodes: ArrayLike<MarkupNode>): string {
  return Array.from(nodes)
    .map((node) => {
      if (node.nodeType === 3) return collapse(node.textContent ?? "");
      if (node.nodeType !== 1) return "";
      const attributes = Array.from(node.attributes ?? [])
        .map((attribute) => ` ${attribute.name}="${attribute.value}"`)
        .join("");
      return `<${node.localName}${attributes}>${canonical(node.childNodes)}</${node.localName}>`;
    })
    .filter((part) => part !== "")
    .join("");
}
