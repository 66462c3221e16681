import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../src/server/platforms/resilience";
import { loadConfig } from "../../src/server/runtime/config";

function breaker(failureThreshold = 3, openMs = 10_000) {
  let clock = 1_000_000;
  const changes: string[] = [];
  const subject = new CircuitBreaker({
    failureThreshold,
    openMs,
    now: () => clock,
    onChange: (state) => changes.push(state),
  });
  return {
    subject,
    changes,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe("the circuit breaker", () => {
  it("opens after the threshold of failures in a row, and a success in between starts the count again", () => {
    const { subject, changes } = breaker(3);
    subject.failed();
    subject.failed();
    subject.succeeded();
    subject.failed();
    subject.failed();
    expect(subject.permit()).toEqual({ allowed: true, probe: false });
    subject.failed();
    expect(subject.permit()).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(subject.snapshot()).toMatchObject({ state: "open", consecutiveFailures: 3 });
    expect(changes).toEqual(["open"]);
  });

  it("lets exactly one probe through once the open time has passed; its success closes it", () => {
    const { subject, changes, advance } = breaker(1, 10_000);
    subject.failed();
    advance(9_999);
    expect(subject.permit()).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(1);
    expect(subject.snapshot().state).toBe("half_open");
    expect(subject.permit()).toEqual({ allowed: true, probe: true });
    expect(subject.permit().allowed).toBe(false);
    subject.succeeded();
    expect(subject.permit()).toEqual({ allowed: true, probe: false });
    expect(changes).toEqual(["open", "half_open", "closed"]);
  });

  it("opens again for the whole time when the probe fails", () => {
    const { subject, advance } = breaker(1, 10_000);
    subject.failed();
    advance(10_000);
    expect(subject.permit()).toMatchObject({ allowed: true, probe: true });
    subject.failed();
    expect(subject.permit()).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it("lets another probe through when one ended saying nothing about the platform", () => {
    const { subject, advance } = breaker(1, 10_000);
    subject.failed();
    advance(10_000);
    expect(subject.permit()).toMatchObject({ allowed: true, probe: true });
    subject.released();
    expect(subject.permit()).toMatchObject({ allowed: true, probe: true });
  });

  it("opens at once for the wait a platform names, even below the threshold", () => {
    const { subject, advance } = breaker(5, 10_000);
    subject.failed(120_000);
    expect(subject.permit()).toEqual({ allowed: false, retryAfterSeconds: 120 });
    advance(119_000);
    expect(subject.permit()).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(1_000);
    expect(subject.permit()).toMatchObject({ allowed: true, probe: true });
  });
});

describe("resilience settings", () => {
  it("default to 10 s fresh, 24 h stale-if-error, a 5 s deadline and 5 failures opening for 30 s", () => {
    expect(loadConfig({}).resilience).toMatchObject({
      freshMs: 10_000,
      staleIfErrorMs: 86_400_000,
      deadlineMs: 5_000,
      breakerFailures: 5,
      breakerOpenMs: 30_000,
    });
  });

  it("are read from the environment", () => {
    expect(
      loadConfig({
        KIOSK_CACHE_FRESH_SECONDS: "3",
        KIOSK_CACHE_STALE_IF_ERROR_SECONDS: "600",
        KIOSK_UPSTREAM_DEADLINE_SECONDS: "2",
        KIOSK_BREAKER_FAILURES: "8",
        KIOSK_BREAKER_OPEN_SECONDS: "45",
      }).resilience,
    ).toMatchObject({
      freshMs: 3_000,
      staleIfErrorMs: 600_000,
      deadlineMs: 2_000,
      breakerFailures: 8,
      breakerOpenMs: 45_000,
    });
  });

  it.each([
    ["KIOSK_CACHE_FRESH_SECONDS", "ten"],
    ["KIOSK_CACHE_STALE_IF_ERROR_SECONDS", "9999999"],
    ["KIOSK_UPSTREAM_DEADLINE_SECONDS", "0"],
    ["KIOSK_BREAKER_FAILURES", "-1"],
    ["KIOSK_BREAKER_OPEN_SECONDS", "1.5"],
  ])("stop the start with one line naming %s", (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(
      new RegExp(`^${variable}: must be a whole number.*\\(got "${value.replace(".", "\\.")}"\\)$`),
    );
  });
});
