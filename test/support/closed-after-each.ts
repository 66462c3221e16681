import { afterEach } from "vitest";

/** Something a test starts and must stop: a fake platform, a fault proxy, a proxy instance. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * The list a test file pushes what it starts onto. After each test it is emptied and each
 * resource closed, in the reverse order of starting (a proxy before the fake behind it).
 */
export function closedAfterEach(): Closable[] {
  const running: Closable[] = [];
  afterEach(async () => {
    for (const resource of running.splice(0).reverse()) await resource.close();
  });
  return running;
}

/**
 * `start`, for a test file: what each call starts (`closable` picks it out of what `start` gives)
 * is closed after the test that started it.
 */
export function closingAfterEach<Args extends unknown[], Started>(
  start: (...args: Args) => Promise<Started>,
  closable: (started: Started) => Closable,
): (...args: Args) => Promise<Started> {
  const running = closedAfterEach();
  return async (...args) => {
    const started = await start(...args);
    running.push(closable(started));
    return started;
  };
}
