import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A real `redis-server` on a free loopback port, started for one test file. */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /**
   * Stops the server (as a crash would: no save); `start()` brings it back on the same port,
   * empty unless it was started to keep its data.
   */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server answering while it keeps its connections open (SIGSTOP), as a stall would. */
  pause(): void;
  /** Lets a paused server answer again (SIGCONT). */
  resume(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function launch(
  port: number,
  dataDir: string | undefined,
  replicaOf: number | undefined,
  settings: readonly string[] = [],
): Promise<ChildProcess> {
  // Every write to disk before it is answered, where it keeps its data, as a Redis set up with
  // `appendonly yes` and `appendfsync always`.
  // Every file of its own (the copy of its data a primary makes for a replica) in a directory of
  // its own, never the working directory; one kept for no restart goes with the process.
  const scratch = dataDir ? undefined : mkdtempSync(join(tmpdir(), "kiosk-redis-"));
  const persistence = dataDir
    ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", dataDir]
    : ["--appendonly", "no", "--dir", scratch as string];
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      ...persistence,
      ...(replicaOf === undefined ? [] : ["--replicaof", "127.0.0.1", String(replicaOf)]),
      ...settings,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  if (scratch) child.once("exit", () => rmSync(scratch, { recursive: true, force: true }));
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", (error) =>
      reject(new Error(`redis-server could not run (is it installed?): ${error.message}`)),
    );
    child.once("exit", (code) => reject(new Error(`redis-server exited ${code}: ${output}`)));
  });
}

/**
 * Starts `redis-server --port N --save ''` on a free loopback port: without persistence, or
 * with `keepsData`, an append-only file in a directory of its own that a restart reads back;
 * with `replicaOf`, a replica of the server on that port; `settings`, more of redis-server's own
 * arguments (`["--rename-command", "WAIT", ""]`: a server that refuses a command).
 */
export async function startTestRedis(
  options: { keepsData?: boolean; replicaOf?: number; settings?: readonly string[] } = {},
): Promise<TestRedis> {
  const port = await freePort();
  const dataDir = options.keepsData ? mkdtempSync(join(tmpdir(), "kiosk-redis-")) : undefined;
  let child: ChildProcess | undefined = await launch(
    port,
    dataDir,
    options.replicaOf,
    options.settings,
  );
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once("exit", () => resolve());
        running.kill("SIGKILL");
      });
    },
    async start() {
      if (!child) child = await launch(port, dataDir, options.replicaOf, options.settings);
    },
    pause() {
      child?.kill("SIGSTOP");
    },
    resume() {
      child?.kill("SIGCONT");
    },
  };
}
