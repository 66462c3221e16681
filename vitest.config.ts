import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * `npm test` runs the suite as two vitest runs at once (see scripts/test.js): with
 * `TEST_PART` "apart", the browser and installed-package projects; with "main", the others.
 */
function inPart(projects: TestProjectInlineConfiguration[]): TestProjectInlineConfiguration[] {
  const part = process.env.TEST_PART;
  const apart = ["browser", "installed"];
  return projects.filter(
    ({ test }) => part === undefined || apart.includes(String(test?.name)) === (part === "apart"),
  );
}

/**
 * vitest's order (a project after another, the slowest files first), except that the installed
 * package's file starts first: its npm install waits on the disk and the registry's cache while
 * the browser files run beside it, instead of alone at the end.
 */
class InstalledFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (spec: TestSpecification) => spec.project.name === "installed";
    return [...sorted.filter(first), ...sorted.filter((spec) => !first(spec))];
  }
}

export default defineConfig({
  test: {
    // Two workers per vitest run (`npm test` makes two runs at once, see scripts/test.js): in a
    // run, Chromium, the proxies and the other processes the tests start keep both cores busy
    // beside two workers, and a third worker's own copy of the module graph and its garbage
    // collection cost more CPU than its waits give back. vitest's default would be a single one.
    maxWorkers: 2,
    // Worker threads start faster than processes and share the transform cache.
    pool: "threads",
    sequence: { sequencer: InstalledFirst },
    // Modules stay transformed on disk between runs (node_modules/.experimental-vitest-cache,
    // keyed by path, content and config): a run transforms only what changed, about 1.5 s less
    // CPU for the node and widget files.
    experimental: { fsModuleCache: true },
    projects: inPart([
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/widget/**", "test/browser/**", "test/installed/**"],
          testTimeout: 20_000,
          // Node tests build their own apps, stores and servers; none relies on a fresh module
          // graph, so files share one per worker instead of re-importing it.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "widget",
          environment: "happy-dom",
          include: ["test/widget/**/*.test.{ts,tsx}"],
          exclude: ["test/widget/bundles.test.tsx"],
          // Room for a few of testing-library's waits (3 s each, see the setup file) when the
          // machine is busy; none is a timer assertion.
          testTimeout: 15_000,
          // Files share one module graph per worker instead of re-importing Preact, the proxy and
          // zod; the setup file clears the page after each file.
          isolate: false,
          setupFiles: ["test/widget/setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          // The file that loads a second copy of every module (an app's bundle beside the script
          // tag's) in a module graph of its own: in the shared one, the files after it imported
          // fresh copies, whose custom elements another copy had defined already.
          name: "widget-copies",
          environment: "happy-dom",
          include: ["test/widget/bundles.test.tsx"],
          testTimeout: 15_000,
          isolate: true,
          setupFiles: ["test/widget/setup.ts"],
        },
      },
      {
        // Packs, installs from the registry and starts the package: slow, so apart.
        extends: true,
        test: {
          name: "installed",
          environment: "node",
          include: ["test/installed/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          environment: "node",
          include: ["test/browser/**/*.test.ts"],
          // One Chromium and one proxy per catalog for every browser file (each file makes its
          // own browser contexts), and one module graph per worker instead of one per file.
          globalSetup: ["test/browser/shared-browser.ts"],
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A page under a loaded machine can take seconds to draw: polls wait as long as
          // Playwright's own locators do rather than vitest's default second.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ]),
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});
