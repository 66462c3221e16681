import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** `npm run bench:ab` with `args`, which must stop before it builds or measures anything. */
const ab = (...args: string[]) =>
  spawnSync(process.execPath, ["scripts/bench/ab.js", ...args], {
    encoding: "utf8",
    timeout: 20_000,
  });

describe("npm run bench:ab", () => {
  it("refuses a setting it would not give any proxy, or one it cannot read, before it starts", () => {
    // Without --proxy the browser rounds start their own proxies: the setting would be left out
    // and the rows still named after it.
    const browser = ab("--base", "no-such-revision", "--with", "KIOSK_ACCESS_LOG=off");
    expect(browser.status).toBe(2);
    expect(browser.stderr).toMatch(/^ab: --with sets this tree's proxy in --proxy rounds only/);
    for (const setting of ["KIOSK_ACCESS_LOG", "=off"]) {
      const unread = ab("--base", "no-such-revision", "--proxy", "--with", setting);
      expect(unread.status).toBe(2);
      expect(unread.stderr).toMatch(/must be NAME=VALUE/);
    }
  });
});
