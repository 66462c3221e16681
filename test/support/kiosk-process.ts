import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The built CLI (`node bin/kiosk.js serve`) running as its own process. */
export interface KioskProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything it wrote to standard error so far: its log lines. */
  readonly log: () => string;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<number | null>;
}

/** How to start it when not as `node bin/kiosk.js serve` from the repository. */
export interface KioskCommand {
  /** The program and its arguments, such as `["npx", "--no-install", "kiosk", "serve"]`. */
  readonly command: readonly [string, ...string[]];
  readonly cwd: string;
}

/** Starts `kiosk serve` with only these variables (and PATH); needs `npm run build` first. */
export function startKiosk(
  env: Record<string, string>,
  how: KioskCommand = { command: [process.execPath, "bin/kiosk.js", "serve"], cwd: root },
): Promise<KioskProcess> {
  const [program, ...args] = how.command;
  // Its own process group, so a stop reaches the server behind a wrapper such as npx.
  const child = spawn(program, args, {
    cwd: how.cwd,
    env: { PATH: process.env.PATH ?? "", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}${stderr}`)), 15_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[1],
        log: () => stderr,
        exited,
        stop() {
          if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${stdout}${stderr}`));
    });
  });
}
