import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const manifest = JSON.parse(readFileSync("package.json", "utf8")) as {
  peerDependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

describe("the package's peers", () => {
  // The script tag needs neither framework, the React entry carries its own Preact, and the
  // Preact entry needs no React: npm would install a required peer into every app.
  it("are all optional, so an app installs only the framework it renders with", () => {
    const required = Object.keys(manifest.peerDependencies).filter(
      (name) => manifest.peerDependenciesMeta?.[name]?.optional !== true,
    );
    expect(required).toEqual([]);
  });

  it("the React entry imports no Preact of the app's", () => {
    const files = readdirSync("dist/react").filter((file) => file.endsWith(".js"));
    const code = files.map((file) => readFileSync(`dist/react/${file}`, "utf8")).join("\n");
    expect(code).not.toMatch(/from\s*["']preact/);
    expect(code).toMatch(/from\s*["']react["']/);
  });
});
