/** Structured log lines. Fields must be plain data; secrets are redacted before writing. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** Where a finished line goes; standard error by default. */
  readonly write?: (line: string) => void;
  /** Strings that must never be written (the secret key, the webhook secret). */
  readonly redact?: readonly (string | undefined)[];
}

/** A logger writing one JSON object a line, with every redacted string replaced. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = (options.redact ?? []).filter(
    (secret): secret is string => typeof secret === "string" && secret.length >= 4,
  );
  const emit = (level: string, event: string, fields: Record<string, unknown> = {}) => {
    let line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
    for (const secret of secrets) line = line.split(secret).join("[redacted]");
    write(line);
  };
  return {
    info: (event, fields) => emit("info", event, fields),
    warn: (event, fields) => emit("warn", event, fields),
    error: (event, fields) => emit("error", event, fields),
  };
}

/** A logger that writes nothing, for tests that do not look at logs. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
