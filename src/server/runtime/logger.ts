/** Structured log lines. Fields must be plain data; secrets are redacted before writing. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** Where a finished line goes; standard error (through `createLineWriter`) by default. */
  readonly write?: (line: string) => void;
  /** Strings that must never be written (the secret key, the webhook secret). */
  readonly redact?: readonly (string | undefined)[];
}

/** What lines are written to: a Node writable stream such as `process.stderr`. */
export interface LineStream {
  write(chunk: string): unknown;
  /** Bytes written but not yet taken by the reader. */
  readonly writableLength: number;
}

export interface LineWriterOptions {
  /**
   * The most bytes that may wait for a slow reader (a pipe, a log shipper); lines past it are
   * dropped and counted. 1 MiB by default.
   */
  readonly maxPendingBytes?: number;
  /** Runs a flush a moment later: {@link flushAfterMs} by default. */
  readonly schedule?: (flush: () => void) => void;
}

/**
 * How long (ms) lines wait to be written with the ones after them: under load a write for each
 * turn of the event loop cost the proxy a twentieth of its cached reads a second. A warning or an
 * error is written at once, and what waits is written when the process exits.
 */
export const flushAfterMs = 20;

/** Writes lines to a stream; see `createLineWriter`. */
export interface LineWriter {
  write(line: string): void;
  /** Writes the lines waiting now. */
  flush(): void;
  /** Lines dropped and not yet reported. */
  readonly dropped: number;
}

/**
 * Writes lines to `stream` in batches, at most one write every {@link flushAfterMs} rather than
 * one per line, and bounds what waits for the reader: a stream buffers without limit in memory
 * whatever its reader has not taken, so under sustained load a slow reader would grow the process
 * by every access-log line. Past `maxPendingBytes` lines are dropped, and once there is room
 * again a `log_lines_dropped` line says how many.
 */
export function createLineWriter(stream: LineStream, options: LineWriterOptions = {}): LineWriter {
  const max = options.maxPendingBytes ?? 1024 * 1024;
  // Unref'd: lines waiting do not keep a process up that is done, which writes them as it exits.
  const schedule =
    options.schedule ?? ((flush: () => void) => setTimeout(flush, flushAfterMs).unref());
  let batch: string[] = [];
  let batchBytes = 0;
  let dropped = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (dropped > 0) {
      const time = new Date().toISOString();
      const report = JSON.stringify({
        time,
        level: "warn",
        event: "log_lines_dropped",
        count: dropped,
      });
      if (stream.writableLength + batchBytes + report.length + 1 <= max) {
        batch.unshift(report);
        dropped = 0;
      }
    }
    if (batch.length === 0) return;
    const text = `${batch.join("\n")}\n`;
    batch = [];
    batchBytes = 0;
    stream.write(text);
  };
  return {
    write(line) {
      // Characters stand in for bytes: a bound, not an exact count.
      if (stream.writableLength + batchBytes + line.length + 1 > max) {
        dropped += 1;
        return;
      }
      batch.push(line);
      batchBytes += line.length + 1;
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
    get dropped() {
      return dropped;
    },
  };
}

let standardError: LineWriter | undefined;

/** One batched writer for standard error, flushed when the process exits. */
function standardErrorWriter(): LineWriter {
  if (!standardError) {
    const writer = createLineWriter(process.stderr);
    process.once("exit", () => writer.flush());
    standardError = writer;
  }
  return standardError;
}

/**
 * Writes the lines waiting for standard error now: before a line written there directly (the
 * CLI's last, naming what stopped it), which they would otherwise follow.
 */
export function flushLogLines(): void {
  standardError?.flush();
}

/** Text JSON writes as it is between quotes: printable ASCII but the quote and the backslash. */
const plainText = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** `JSON.stringify(text)`, without its cost for the plain text most fields are. */
const jsonText = (text: string): string =>
  plainText.test(text) ? `"${text}"` : JSON.stringify(text);

/**
 * `JSON.stringify(fields)` without its braces, each member after a comma: the same text, made
 * member by member. On Node 20 the whole-object call was most of a log line's cost, and under
 * load the access log writes a line for every request.
 */
function jsonMembers(fields: Record<string, unknown>): string {
  let text = "";
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    let written: string | undefined;
    if (typeof value === "string") written = jsonText(value);
    else if (typeof value === "number") written = Number.isFinite(value) ? `${value}` : "null";
    else written = JSON.stringify(value);
    // What JSON leaves out of an object: undefined, a function, a symbol.
    if (written !== undefined) text += `,${jsonText(key)}:${written}`;
  }
  return text;
}

/** A logger writing one JSON object a line, with every redacted string replaced. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write =
    options.write ??
    ((line: string, level: string) => {
      const writer = standardErrorWriter();
      writer.write(line);
      // Only the routine lines wait for the batch: a warning or an error goes out at once.
      if (level !== "info") writer.flush();
    });
  const secrets = (options.redact ?? [])
    .filter((secret): secret is string => typeof secret === "string" && secret.length >= 4)
    // The line is JSON, where a quote or a backslash in a secret is written escaped.
    .flatMap((secret) => [...new Set([JSON.stringify(secret).slice(1, -1), secret])]);
  // Under load many lines share a millisecond: its text is made once, not once a line.
  let stampedAt = Number.NaN;
  let stamp = "";
  const emit = (level: string, event: string, fields: Record<string, unknown> = {}) => {
    const now = Date.now();
    if (now !== stampedAt) {
      stampedAt = now;
      stamp = new Date(now).toISOString();
    }
    // The fields are written after the line's own three, as they are, not copied into one
    // object first; a field of the same name comes later in the line, and wins when read.
    const head = `{"time":"${stamp}","level":${jsonText(level)},"event":${jsonText(event)}`;
    let line = `${head}${jsonMembers(fields)}}`;
    for (const secret of secrets) {
      if (line.includes(secret)) line = line.split(secret).join("[redacted]");
    }
    write(line, level);
  };
  return {
    info: (event, fields) => emit("info", event, fields),
    warn: (event, fields) => emit("warn", event, fields),
    error: (event, fields) => emit("error", event, fields),
  };
}

/** A logger that writes nothing, for tests that do not look at logs. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
