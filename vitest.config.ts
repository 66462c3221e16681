import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/widget/**", "test/browser/**"],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: "widget",
          environment: "happy-dom",
          include: ["test/widget/**/*.test.{ts,tsx}"],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          environment: "node",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});
