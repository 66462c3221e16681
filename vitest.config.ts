import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // One worker per core: Chromium, the proxies and the other processes the tests start keep
    // both cores busy beside two workers, and a third worker's own copy of the module graph and
    // its garbage collection cost more CPU than its waits give back (on two cores: about 2 s of
    // CPU and 1 s of `npm test` less than with three). vitest's default would be a single one.
    maxWorkers: 2,
    // Worker threads start faster than processes and share the transform cache.
    pool: "threads",
    projects: [
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
    ],
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});
